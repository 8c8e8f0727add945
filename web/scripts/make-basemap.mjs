// Builds public/basemap.json, the map's offline basemap: the Natural Earth 1:10m countries of
// world-atlas, reduced to the region Istmo works in (Central America, the western Caribbean and
// northern South America). Polygons outside the region are dropped and coordinates rounded to
// 4 decimals (~11 m, finer than the 1:10m source), so the browser parses and draws a fraction of
// the world file. Run by `npm run build` and `npm run dev`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const source = require.resolve('world-atlas/countries-10m.json');
const out = join(here, '../public/basemap.json');

// West, south, east, north in degrees.
const REGION = [-93, -6, -59, 19.5];

const round = (v) => (Array.isArray(v) ? v.map(round) : Math.round(v * 1e4) / 1e4);

function ringBox(ring) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of ring) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}
const inRegion = (b) => b[0] <= REGION[2] && REGION[0] <= b[2] && b[1] <= REGION[3] && REGION[1] <= b[3];

const topo = JSON.parse(readFileSync(source, 'utf8'));
const countries = feature(topo, topo.objects.countries);
const features = [];
for (const f of countries.features) {
  const g = f.geometry;
  if (!g) continue;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const kept = polygons.filter((p) => p[0] && inRegion(ringBox(p[0])));
  if (kept.length === 0) continue;
  features.push({
    type: 'Feature',
    id: f.id,
    properties: { name: f.properties?.name ?? '' },
    geometry: { type: 'MultiPolygon', coordinates: round(kept) },
  });
}
const fc = {
  type: 'FeatureCollection',
  // RFC 7946 allows foreign members; this one names the data's origin for whoever opens the file.
  source: 'Natural Earth 1:10m Admin 0 countries v4.1.0 (public domain), via world-atlas 2.0.2',
  features,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(fc));
console.log(`basemap: ${features.length} countries, ${(JSON.stringify(fc).length / 1024).toFixed(0)} KiB -> public/basemap.json`);
