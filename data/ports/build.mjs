// Rebuilds data/ports/ports.csv — the seaports whose calls Istmo recognizes in AIS tracks — from
// two npm packages and the project's own Panama port points (SOURCES.md beside this file).
// Usage: node data/ports/build.mjs <sea-ports dir> <@globalfishingwatch/ocean-areas dir>
//   e.g. after `npm pack sea-ports@0.0.9 @globalfishingwatch/ocean-areas@2.0.3` and untarring.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [seaPortsDir, oceanAreasDir] = process.argv.slice(2);
if (!seaPortsDir || !oceanAreasDir) {
  console.error('usage: node data/ports/build.mjs <sea-ports dir> <ocean-areas dir>');
  process.exit(64);
}

// UN/LOCODE, name and country: sea-ports 0.0.9 (MIT), keyed by UN/LOCODE.
const seaPorts = JSON.parse(readFileSync(join(seaPortsDir, 'lib/ports.json'), 'utf8'));
// Where AIS traffic clusters for a named port: Global Fishing Watch's port points in
// @globalfishingwatch/ocean-areas 2.0.3 (MIT), keyed "<iso3>-<name without spaces>".
const gfw = JSON.parse(readFileSync(join(oceanAreasDir, 'src/data/source/ports.json'), 'utf8'));
const gfwByArea = new Map(gfw.map((f) => [f.properties.area, f.geometry.coordinates]));
// ISO 3166-1 alpha-2 -> alpha-3 (Debian iso-codes, data/SOURCES.md).
const alpha3 = new Map(
  readFileSync(join(here, '../countries.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .map(([a3, a2]) => [a2, a3.toLowerCase()]),
);
// Panama's terminals: the points of data/geo/panama_ports.geojson (terminal-area centroids), with
// the names of data/canal/ports.csv; sea-ports misplaces PAMIT (a Manzanillo in Veraguas) and
// lacks PAROD.
const panama = JSON.parse(readFileSync(join(here, '../geo/panama_ports.geojson'), 'utf8'));
const panamaIds = { PABLB: 'PORT-BALBOA', PAROD: 'PORT-PSA-RODMAN', PACTB: 'PORT-CRISTOBAL',
  PAMIT: 'PORT-MIT', PAONX: 'PORT-CCT' };
const canalNames = new Map(
  readFileSync(join(here, '../canal/ports.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(','))
    .map(([code, name]) => [code, name]),
);

// The ports the product needs: Panama; the source countries (source_countries.csv) and Bolivia's
// sea outlets; the hubs and destinations of cocaine routes through the canal (UNODC World Drug
// Report, EMCDDA–Europol cocaine report): the U.S., Europe's container ports, the region.
// `outlet` names the landlocked source country whose trade leaves through the port by treaty.
const wanted = [
  // Panama
  'PABLB', 'PAROD', 'PACTB', 'PAMIT', 'PAONX', 'PAAML',
  // Colombia
  'COBUN', 'COCTG', 'COSMR', 'COBAQ', 'COTCO', 'COPBO',
  // Ecuador
  'ECGYE', 'ECPBO', 'ECMEC', 'ECESM',
  // Peru
  'PECLL', 'PEPAI', 'PEMRI', 'PEILQ', 'PECHM', 'PESVY',
  // Venezuela
  'VEPBL', 'VELAG', 'VEMAR', 'VEGUT', 'VEPCN',
  // Bolivia's outlets in Chile (1904 treaty free transit) and Argentina (Paraná–Paraguay waterway)
  ['CLARI', 'BO'], ['CLIQQ', 'BO'], ['ARROS', 'BO'],
  // Central America, the Caribbean, Mexico, Chile, Brazil
  'CRMOB', 'CRLIO', 'CRCAL', 'GTSTC', 'GTPRQ', 'HNPCR', 'SVAQJ', 'JMKIN', 'DOCAU', 'BSFPO',
  'MXZLO', 'MXVER', 'CLSAI', 'CLVAP', 'BRSSZ',
  // United States
  'USMIA', 'USPEF', 'USJAX', 'USSAV', 'USCHS', 'USORF', 'USBAL', 'USPHL', 'USNYC', 'USMSY',
  'USHOU', 'USLAX', 'USLGB', 'USOAK', 'USSEA', 'USTIW',
  // Europe and the Mediterranean
  'NLRTM', 'BEANR', 'DEHAM', 'DEBRV', 'FRLEH', 'GBFXT', 'ESALG', 'ESVLC', 'PTSIE', 'ITGIT',
  'ITGOA', 'GRPIR', 'MAPTM', 'TRMER',
  // Asia
  'CNSHA', 'CNNGB', 'HKHKG', 'KRPUS', 'SGSIN',
];

const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
const round = (v) => Math.round(v * 1e4) / 1e4;
const rows = ['locode,name,country,lat,lon,outlet_of,position'];
for (const item of wanted) {
  const [code, outlet] = Array.isArray(item) ? item : [item, ''];
  const country = code.slice(0, 2);
  let name, lon, lat, position;
  if (panamaIds[code]) {
    const f = panama.features.find((x) => x.properties.id === panamaIds[code]);
    [lon, lat] = f.geometry.coordinates;
    name = canalNames.get(code);
    position = 'terminal';
  } else {
    const p = seaPorts[code];
    if (!p) throw new Error(`${code} is not in sea-ports`);
    name = p.name;
    const area = `${alpha3.get(country)}-${fold(p.name)}`;
    if (gfwByArea.has(area)) {
      [lon, lat] = gfwByArea.get(area);
      position = 'gfw';
    } else {
      [lon, lat] = p.coordinates;
      position = 'geocode';
    }
  }
  if (name.includes(',')) name = name.slice(0, name.indexOf(','));
  rows.push([code, name, country, round(lat), round(lon), outlet, position].join(','));
}
writeFileSync(join(here, 'ports.csv'), rows.join('\n') + '\n');
console.log(`wrote ports.csv: ${rows.length - 1} ports`);
