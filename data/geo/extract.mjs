// Rebuilds panama_land.geojson and panama_territorial_sea.geojson from their npm sources.
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
