// The offline basemap (web/dist/basemap.json, made by scripts/make-basemap.mjs), fetched once per
// page load and shared by the Leaflet maps (ui/map-draw.ts) and the WebGL vessel map.
import type { FeatureCollection } from 'geojson';

let basemapPromise: Promise<FeatureCollection> | null = null;

export function loadBasemap(): Promise<FeatureCollection> {
  basemapPromise ??= (async () => {
    const res = await fetch(`${import.meta.env.BASE_URL}basemap.json`);
    if (!res.ok) throw new Error(`basemap: HTTP ${res.status}`);
    return (await res.json()) as FeatureCollection;
  })();
  basemapPromise.catch(() => { basemapPromise = null; });
  return basemapPromise;
}
