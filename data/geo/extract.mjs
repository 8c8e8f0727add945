// Rebuilds panama_land.geojson, region_land.geojson and panama_territorial_sea.geojson from their
// npm sources.
// Usage: node data/geo/extract.mjs <world-atlas dir> <@geo-maps/countries-maritime-10m dir>
// (the first is installed with the web app: web/node_modules/world-atlas). See SOURCES.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [worldAtlasDir, maritimeDir] = process.argv.slice(2);
if (!worldAtlasDir || !maritimeDir) {
  console.error('usage: node data/geo/extract.mjs <world-atlas dir> <countries-maritime-10m dir>');
  process.exit(64);
}
const require = createRequire(join(here, '../../web/package.json'));
const topojson = require('topojson-client');

// Six decimals is ~0.1 m, far below either source's precision.
const round = (v) => (Array.isArray(v) ? v.map(round) : Math.round(v * 1e6) / 1e6);
const write = (name, feature) => {
  const fc = { type: 'FeatureCollection', features: [feature] };
  writeFileSync(join(here, name), JSON.stringify(fc) + '\n');
  console.log(`wrote ${name}`);
};

// Natural Earth 1:10m Admin 0 (v4.1.0 via world-atlas 2.x); ISO 3166-1 numeric 591 is Panama.
const atlas = JSON.parse(readFileSync(join(worldAtlasDir, 'countries-10m.json'), 'utf8'));
const countries = topojson.feature(atlas, atlas.objects.countries);
const land = countries.features.find((f) => f.id === '591');
if (!land) throw new Error('Panama (591) not found in countries-10m.json');
write('panama_land.geojson', {
  type: 'Feature',
  properties: { id: 'PAN-land', name: 'Panamá', kind: 'land_boundary', source: 'Natural Earth 1:10m Admin 0 v4.1.0 (world-atlas 2.0.2)' },
  geometry: { type: land.geometry.type, coordinates: round(land.geometry.coordinates) },
});

// The land of the region the product covers (Panama with the coasts of Colombia, Costa Rica and
// Nicaragua a vessel may run to): Natural Earth 1:10m Land as merged by world-atlas
// (land-10m.json, no country borders), clipped to the box below. The clip is Sutherland–Hodgman
// against the box, one ring at a time: a ring leaving the box comes back along the box's edge, so
// edges lying on the box's edge are not coastline (src/maritime/internal/coast.cc skips them).
const REGION = { west: -86, south: 3, east: -75, north: 13 };
const clipRing = (ring) => {
  const edges = [
    [(p) => p[0] >= REGION.west, (a, b) => cut(a, b, 0, REGION.west)],
    [(p) => p[0] <= REGION.east, (a, b) => cut(a, b, 0, REGION.east)],
    [(p) => p[1] >= REGION.south, (a, b) => cut(a, b, 1, REGION.south)],
    [(p) => p[1] <= REGION.north, (a, b) => cut(a, b, 1, REGION.north)],
  ];
  let pts = ring.slice(0, -1);
  for (const [inside, cross] of edges) {
    const out = [];
    for (let i = 0; i < pts.length; ++i) {
      const a = pts[(i + pts.length - 1) % pts.length], b = pts[i];
      if (inside(b)) {
        if (!inside(a)) out.push(cross(a, b));
        out.push(b);
      } else if (inside(a)) {
        out.push(cross(a, b));
      }
    }
    pts = out;
    if (pts.length === 0) return null;
  }
  if (pts.length < 3) return null;
  return [...pts, pts[0]];
};
function cut(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  p[axis] = value;
  return p;
}
const landAtlas = JSON.parse(readFileSync(join(worldAtlasDir, 'land-10m.json'), 'utf8'));
const landGeometry = topojson.feature(landAtlas, landAtlas.objects.land).features[0].geometry;
const regionPolygons = [];
for (const polygon of landGeometry.type === 'Polygon' ? [landGeometry.coordinates] : landGeometry.coordinates) {
  const rings = polygon.map(clipRing);
  if (rings[0]) regionPolygons.push(rings.filter((r) => r));
}
if (regionPolygons.length === 0) throw new Error('no land in the region');
write('region_land.geojson', {
  type: 'Feature',
  properties: { id: 'region-land', name: 'Tierra 86°W–75°W, 3°N–13°N', kind: 'land', bbox: [REGION.west, REGION.south, REGION.east, REGION.north], source: 'Natural Earth 1:10m Land v4.1.0 (world-atlas 2.0.2 land-10m.json), clipped' },
  geometry: { type: 'MultiPolygon', coordinates: round(regionPolygons) },
});

// OpenStreetMap admin_level=2 boundary of Panama (land plus 12 nmi territorial sea), as
// simplified to 10 m by geo-maps 0.6.0.
const maritime = JSON.parse(readFileSync(join(maritimeDir, 'map.geo.json'), 'utf8'));
const sea = maritime.features.find((f) => f.properties && f.properties.A3 === 'PAN');
if (!sea) throw new Error('PAN not found in countries-maritime-10m map.geo.json');
write('panama_territorial_sea.geojson', {
  type: 'Feature',
  properties: { id: 'PAN-territorial', name: 'Panamá: territorio y mar territorial (12 mn)', kind: 'territorial_sea', source: 'OpenStreetMap via @geo-maps/countries-maritime-10m 0.6.0' },
  geometry: { type: sea.geometry.type, coordinates: round(sea.geometry.coordinates) },
});
