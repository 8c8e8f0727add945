// The vessel map: MapLibre GL (WebGL), so that 60,000 stations draw as one symbol layer instead
// of 60,000 DOM markers. Everything it draws comes from the Istmo server: the offline basemap
// (ui/basemap.ts) and the product's zone layers (/api/v1/geo/{name}) as GeoJSON sources, icons
// drawn on a canvas here. No tiles, no sprite, no glyphs: the style has no text layer, and names
// are DOM labels for the few hundred stations in view once zoomed in.
// Loaded with the Maritime page's chunk; MapLibre's CSP build runs its worker from a file the app
// serves (the server's CSP allows no blob: workers).
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-csp-worker.js?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { BBox } from '../../lib/geo';
import type { GeoLayer, TrackPoint, Vessel } from '../../lib/types';
import { loadBasemap } from '../../ui/basemap';
import { CATEGORIES, COLOURS, trackFeatures, vesselFeatures, type Category } from './logic';

maplibregl.setWorkerUrl(workerUrl);

// Zone layers the server may offer (data/geo), matched by name so that new files appear without
// a change here; drawn in this order, the first under the others.
const ZONE_STYLES: { match: RegExp; fill: string; line: string; opacity: number; dash?: number[] }[] = [
  { match: /eez/, fill: '#9cc3e6', line: '#1f5f99', opacity: 0.12, dash: [4, 3] },
  { match: /contiguous/, fill: '#7fb0dc', line: '#2a6fb0', opacity: 0.12, dash: [2, 2] },
  { match: /territorial/, fill: '#5d9bd1', line: '#1f5f99', opacity: 0.22 },
  { match: /canal/, fill: '#f0c36d', line: '#b7791f', opacity: 0.35 },
  { match: /anchorage/, fill: '#f5b7b1', line: '#b03a2e', opacity: 0.3, dash: [3, 2] },
  { match: /port/, fill: '#d7bde2', line: '#6c3483', opacity: 0.4 },
];

export function isMaritimeLayer(name: string): boolean {
  return ZONE_STYLES.some((s) => s.match.test(name));
}

const LABEL_ZOOM = 9;
// MapLibre keeps a symbol layer's icons of one tile in arrays of at most 32,768 entries: with
// 60,000 stations in one tile at a low zoom the bucket overflows and nothing draws. The stations
// are dealt by MMSI into this many sources, each with its own layer (room for 260,000).
const SHARDS = 8;
// Icons are drawn at 32 px for 2× screens: 16 CSS px at size 1, 8 px over the whole region. A
// software renderer (no GPU) pays for every pixel of every icon in every frame.
const ICON_PX = 32;
const SHARD_LAYERS = Array.from({ length: SHARDS }, (_, i) => `vessels-${i}`);
const MAX_LABELS = 80;

// An icon's shape: a pointed hull that turns with the ship, a round one for a ship with no course,
// a square base station, a diamond aid to navigation, an aircraft.
type Shape = 'hull' | 'still' | 'square' | 'diamond' | 'plane';

export function drawIcon(canvas: HTMLCanvasElement, shape: Shape, colour: string, px: number): void {
  canvas.width = px;
  canvas.height = px;
  const c = canvas.getContext('2d');
  if (!c) return;
  const s = px / 24;
  c.scale(s, s);
  c.fillStyle = colour;
  c.strokeStyle = '#ffffff';
  c.lineWidth = 1.6;
  c.beginPath();
  switch (shape) {
    case 'hull': c.moveTo(12, 1.5); c.lineTo(18.5, 21); c.lineTo(12, 17); c.lineTo(5.5, 21); c.closePath(); break;
    case 'still': c.arc(12, 12, 6, 0, Math.PI * 2); break;
    case 'square': c.rect(6, 6, 12, 12); break;
    case 'diamond': c.moveTo(12, 3); c.lineTo(20, 12); c.lineTo(12, 21); c.lineTo(4, 12); c.closePath(); break;
    case 'plane':
      c.moveTo(12, 1.5); c.lineTo(14, 9); c.lineTo(22, 13); c.lineTo(14, 13); c.lineTo(13.5, 19); c.lineTo(16, 22);
      c.lineTo(8, 22); c.lineTo(10.5, 19); c.lineTo(10, 13); c.lineTo(2, 13); c.lineTo(10, 9); c.closePath(); break;
  }
  c.fill();
  c.stroke();
}

export function shapeOf(icon: string): Shape {
  if (icon.endsWith('-still')) return 'still';
  if (icon === 'v-base_station') return 'square';
  if (icon === 'v-aid_to_navigation') return 'diamond';
  if (icon === 'v-sar_aircraft') return 'plane';
  return 'hull';
}

function iconNames(): { name: string; cat: Category }[] {
  const out: { name: string; cat: Category }[] = [];
  for (const cat of CATEGORIES) {
    out.push({ name: `v-${cat}`, cat });
    if (cat !== 'base_station' && cat !== 'aid_to_navigation' && cat !== 'sar_aircraft') out.push({ name: `v-${cat}-still`, cat });
  }
  return out;
}

export interface VesselMapOptions {
  view: BBox;
  layers: GeoLayer[];                        // the server's layers; the maritime ones are drawn
  loadLayer(name: string): Promise<FeatureCollection>;
  attribution: string;
  onMove(box: BBox): void;                   // the box in view changed (after a pan or zoom)
  onMoving(moving: boolean): void;           // a pan or zoom started or ended
  onSelect(mmsi: number): void;
  onError(e: unknown): void;
}

export interface VesselMap {
  setVessels(list: readonly Vessel[]): void;
  setSelected(mmsi: number | null): void;
  setTrack(points: readonly TrackPoint[], upto: number): void;
  flyTo(lon: number, lat: number): void;
  drawnLayers(): string[];
  // Runs `fn` with the MapLibre map once its own layers are in (at once if they are): the hook
  // for overlays that live beside this file (areas of interest, drawing, areas.ts).
  // `below` is the layer to insert overlay layers under, so that they stay under the vessels.
  withMap(fn: (map: maplibregl.Map, below: string) => void): void;
  destroy(): void;
}

export function mountVesselMap(host: HTMLElement, opts: VesselMapOptions): VesselMap {
  const [w, s, e, n] = opts.view;
  const map = new maplibregl.Map({
    container: host,
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#bcd3e6' } }],
    },
    bounds: [[w, s], [e, n]],
    maxBounds: [[-140, -40], [-20, 50]],
    minZoom: 3,
    maxZoom: 16,
    attributionControl: { compact: false, customAttribution: opts.attribution },
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  // Top right: on a phone the sources' line at the bottom takes the whole width.
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-right');

  let destroyed = false;
  let styleReady = false;
  let pendingVessels: readonly Vessel[] | null = null;
  let pendingTrack: FeatureCollection | null = null;
  let selected: number | null = null;
  const drawn: string[] = [];
  let labels: maplibregl.Marker[] = [];
  let firstDrawn = false;
  let byMmsi = new Map<number, [number, number]>();
  const waiting: ((map: maplibregl.Map, below: string) => void)[] = [];

  const box = (): BBox => {
    const b = map.getBounds();
    return [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())];
  };

  const refreshLabels = () => {
    for (const m of labels) m.remove();
    labels = [];
    if (!styleReady || map.getZoom() < LABEL_ZOOM) return;
    // The stations nearest the centre (where the user looks, and where a chosen ship is) first.
    const centre = map.getCenter();
    const seen = new Set<number>();
    const found: { name: string; at: [number, number]; d: number }[] = [];
    for (const f of map.queryRenderedFeatures({ layers: SHARD_LAYERS })) {
      const p = f.properties as { mmsi: number; name: string };
      if (seen.has(p.mmsi)) continue;
      seen.add(p.mmsi);
      const at = (f.geometry as GeoJSON.Point).coordinates as [number, number];
      found.push({ name: p.name, at, d: (at[0] - centre.lng) ** 2 + (at[1] - centre.lat) ** 2 });
    }
    found.sort((a, b) => a.d - b.d);
    // A label that would cover one already placed is left out (its icon stays).
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    for (const { name, at } of found) {
      if (labels.length >= MAX_LABELS) break;
      const p = map.project(at);
      const r = { x0: p.x + 8, y0: p.y - 8, x1: p.x + 12 + name.length * 6.6, y1: p.y + 8 };
      if (placed.some((q) => r.x0 < q.x1 && q.x0 < r.x1 && r.y0 < q.y1 && q.y0 < r.y1)) continue;
      placed.push(r);
      const el = document.createElement('div');
      el.className = 'vessel-label';
      el.textContent = name;
      labels.push(new maplibregl.Marker({ element: el, anchor: 'left', offset: [10, 0] }).setLngLat(at).addTo(map));
    }
    host.setAttribute('data-labels', String(labels.length));
  };

  const applyVessels = (list: readonly Vessel[]) => {
    const fc = vesselFeatures(list);
    const shards: (typeof fc.features)[] = Array.from({ length: SHARDS }, () => []);
    for (const f of fc.features) shards[f.properties.mmsi % SHARDS]?.push(f);
    shards.forEach((features, i) => {
      (map.getSource(`vessels-${i}`) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    });
    byMmsi = new Map(fc.features.map((f) => [f.properties.mmsi, f.geometry.coordinates as [number, number]]));
    applySelected();
    host.setAttribute('data-vessels', String(list.length));
    map.once('idle', () => {
      if (destroyed) return;
      if (!firstDrawn && list.length > 0) {
        firstDrawn = true;
        performance.mark('maritime:vessels-drawn', { detail: { count: list.length } });
      }
      host.setAttribute('data-drawn', String(list.length));
      refreshLabels();
    });
  };

  map.on('load', () => {
    if (destroyed) return;
    for (const { name, cat } of iconNames()) {
      const canvas = document.createElement('canvas');
      drawIcon(canvas, shapeOf(name), COLOURS[cat], ICON_PX);
      const data = canvas.getContext('2d')?.getImageData(0, 0, ICON_PX, ICON_PX);
      if (data) map.addImage(name, data, { pixelRatio: 2 });
    }
    for (let i = 0; i < SHARDS; i++) map.addSource(`vessels-${i}`, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('selected', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('track', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'track-line', type: 'line', source: 'track',
      paint: { 'line-color': '#0b3d91', 'line-width': 3, 'line-opacity': 0.85 },
    });
    map.addLayer({
      id: 'selected', type: 'circle', source: 'selected',
      paint: { 'circle-radius': 14, 'circle-color': 'rgba(255,214,0,0.35)', 'circle-stroke-color': '#f1c40f', 'circle-stroke-width': 2 },
    });
    for (const id of SHARD_LAYERS) {
      map.addLayer({
        id, type: 'symbol', source: id,
        layout: {
          'icon-image': ['get', 'icon'],
          'icon-rotate': ['get', 'rot'],
          'icon-rotation-alignment': 'map',
          'icon-allow-overlap': true,
          'icon-ignore-placement': true,
          'icon-size': ['interpolate', ['linear'], ['zoom'], 5, 0.5, 8, 0.8, 12, 1.25],
        },
      });
    }
    map.addLayer({
      id: 'track-at', type: 'circle', source: 'track', filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': '#0b3d91', 'circle-stroke-width': 3 },
    });
    styleReady = true;
    void drawBase();
    if (pendingVessels) applyVessels(pendingVessels);
    if (pendingTrack) (map.getSource('track') as maplibregl.GeoJSONSource).setData(pendingTrack);
    applySelected();
    for (const fn of waiting.splice(0)) fn(map, 'track-line');
    host.setAttribute('data-ready', 'true');
    opts.onMove(box());
  });

  const applySelected = () => {
    const src = styleReady ? (map.getSource('selected') as maplibregl.GeoJSONSource | undefined) : undefined;
    const at = selected === null ? undefined : byMmsi.get(selected);
    src?.setData({ type: 'FeatureCollection', features: at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } }] : [] });
  };

  // The basemap and zones go under the vessels, in ZONE_STYLES order, land on top of the sea zones.
  const drawBase = async () => {
    try {
      const base = await loadBasemap();
      if (destroyed) return;
      map.addSource('basemap', { type: 'geojson', data: base });
      map.addLayer({ id: 'land', type: 'fill', source: 'basemap', paint: { 'fill-color': '#eceae4' } }, 'track-line');
      map.addLayer({ id: 'land-line', type: 'line', source: 'basemap', paint: { 'line-color': '#8c99a6', 'line-width': 0.6 } }, 'track-line');
    } catch (err) {
      opts.onError(err);
    }
    const wanted = opts.layers.filter((l) => isMaritimeLayer(l.name));
    const rank = (name: string) => ZONE_STYLES.findIndex((z) => z.match.test(name));
    const ordered = [...wanted].sort((a, b) => rank(a.name) - rank(b.name));
    for (const layer of ordered) {
      try {
        const fc = await opts.loadLayer(layer.name);
        if (destroyed) return;
        const st = ZONE_STYLES.find((z) => z.match.test(layer.name));
        if (!st) continue;
        const id = `zone-${layer.name}`;
        map.addSource(id, { type: 'geojson', data: fc });
        const below = map.getLayer('land') ? 'land' : 'track-line';
        map.addLayer({ id: `${id}-fill`, type: 'fill', source: id, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'fill-color': st.fill, 'fill-opacity': st.opacity } }, below);
        map.addLayer({ id: `${id}-line`, type: 'line', source: id, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': st.line, 'line-width': 1.2, ...(st.dash ? { 'line-dasharray': st.dash } : {}) } }, below);
        map.addLayer({ id: `${id}-point`, type: 'circle', source: id, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': st.fill, 'circle-stroke-color': st.line, 'circle-stroke-width': 1.5 } }, 'track-line');
        drawn.push(layer.name);
        host.setAttribute('data-layers', drawn.join(' '));
      } catch (err) {
        if (!destroyed) opts.onError(err);
      }
    }
  };

  map.on('click', SHARD_LAYERS, (ev) => {
    const f = ev.features?.[0];
    if (f) opts.onSelect(Number((f.properties as { mmsi: number }).mmsi));
  });
  map.on('mouseenter', SHARD_LAYERS, () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', SHARD_LAYERS, () => { map.getCanvas().style.cursor = ''; });
  map.on('movestart', () => { if (!destroyed) opts.onMoving(true); });
  map.on('moveend', () => {
    if (destroyed) return;
    opts.onMoving(false);
    if (!styleReady) return;
    refreshLabels();
    opts.onMove(box());
  });
  map.on('error', (ev) => { if (!destroyed) opts.onError(ev.error); });

  return {
    setVessels(list) {
      if (styleReady) applyVessels(list);
      else pendingVessels = list;
    },
    setSelected(mmsi) {
      selected = mmsi;
      applySelected();
    },
    setTrack(points, upto) {
      const fc = trackFeatures(points, upto);
      const src = styleReady ? (map.getSource('track') as maplibregl.GeoJSONSource | undefined) : undefined;
      if (src) src.setData(fc);
      else pendingTrack = fc;
    },
    flyTo(lon, lat) {
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 10), duration: 0 });
    },
    drawnLayers: () => [...drawn],
    withMap(fn) {
      if (styleReady) fn(map, 'track-line');
      else waiting.push(fn);
    },
    destroy() {
      destroyed = true;
      for (const m of labels) m.remove();
      map.remove();
    },
  };
}
