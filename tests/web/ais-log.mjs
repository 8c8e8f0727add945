// A synthetic AIS log for the Maritime browser tests: NMEA 0183 !AIVDM sentences with NMEA 4
// tag-block times, written by a small encoder of the ITU-R M.1371 bit layouts, so that the test
// server is fed through `istmo maritime ingest` exactly as a receiver's log would be.
//
//   node tests/web/ais-log.mjs [--count 60000] [--now UNIX_SECONDS] > /tmp/ais.nmea
//
// Stations: class A (types 1 and 5), class B (types 18 and 24), base stations (type 4), aids to
// navigation (type 21) and SAR aircraft (type 9), spread over the sea around Panama by a seeded
// generator (the same count gives the same log). One class A ship, TRACKED, has a track over the
// last 20 h and a change of name, for the card and track tests.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export const TRACKED = {
  mmsi: 352001234, // MID 352: Panama
  name: 'ISTMO PRUEBA',
  renamed: 'ISTMO PRUEBA DOS',
  callsign: 'HP1234',
  imo: 9300001,
  shipType: 70, // cargo
  points: 32,
};

class Bits {
  constructor() { this.bits = []; }
  uint(value, width) {
    for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  int(value, width) {
    return this.uint(value < 0 ? 2 ** width + value : value, width);
  }
  text(s, chars) {
    const up = s.toUpperCase().padEnd(chars, '@').slice(0, chars);
    for (const c of up) {
      const code = c.charCodeAt(0);
      this.uint(code >= 64 ? code - 64 : code, 6);
    }
    return this;
  }
  // The six-bit armoured payload and its fill bits.
  armour() {
    const fill = (6 - (this.bits.length % 6)) % 6;
    const bits = [...this.bits, ...new Array(fill).fill(0)];
    let out = '';
    for (let i = 0; i < bits.length; i += 6) {
      let v = 0;
      for (let j = 0; j < 6; j++) v = v * 2 + bits[i + j];
      out += String.fromCharCode(v < 40 ? v + 48 : v + 56);
    }
    return { payload: out, fill };
  }
}

function checksum(s) {
  let x = 0;
  for (let i = 0; i < s.length; i++) x ^= s.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

let seqId = 0;
// One message as its sentences, each behind a tag block with its Unix time (seconds).
function sentences(bits, t) {
  const { payload, fill } = bits.armour();
  const parts = [];
  for (let i = 0; i < payload.length; i += 60) parts.push(payload.slice(i, i + 60));
  const seq = parts.length > 1 ? String((seqId++ % 9) + 1) : '';
  const tag = `c:${Math.round(t)}`;
  return parts.map((p, i) => {
    const body = `AIVDM,${parts.length},${i + 1},${seq},A,${p},${i === parts.length - 1 ? fill : 0}`;
    return `\\${tag}*${checksum(tag)}\\!${body}*${checksum(body)}`;
  });
}

const lon10k = (deg) => Math.round(deg * 600000);

function position1(m, t) {
  return new Bits().uint(1, 6).uint(0, 2).uint(m.mmsi, 30).uint(m.status ?? 0, 4).int(-128, 8)
    .uint(Math.round(m.sog * 10), 10).uint(1, 1).int(lon10k(m.lon), 28).int(lon10k(m.lat), 27)
    .uint(Math.round(m.cog * 10), 12).uint(Math.round(m.heading ?? 511), 9).uint(Math.floor(t) % 60, 6)
    .uint(0, 2).uint(0, 3).uint(0, 1).uint(0, 19);
}

function static5(m) {
  return new Bits().uint(5, 6).uint(0, 2).uint(m.mmsi, 30).uint(0, 2).uint(m.imo ?? 0, 30)
    .text(m.callsign ?? '', 7).text(m.name, 20).uint(m.shipType, 8)
    .uint(m.bow ?? 150, 9).uint(m.stern ?? 40, 9).uint(m.port ?? 12, 6).uint(m.starboard ?? 12, 6)
    .uint(1, 4).uint(12, 4).uint(1, 5).uint(12, 5).uint(0, 6).uint(m.draught ?? 95, 8)
    .text(m.destination ?? 'BALBOA', 20).uint(0, 1).uint(0, 1);
}

function position18(m, t) {
  return new Bits().uint(18, 6).uint(0, 2).uint(m.mmsi, 30).uint(0, 8).uint(Math.round(m.sog * 10), 10)
    .uint(0, 1).int(lon10k(m.lon), 28).int(lon10k(m.lat), 27).uint(Math.round(m.cog * 10), 12)
    .uint(511, 9).uint(Math.floor(t) % 60, 6).uint(0, 2).uint(1, 1).uint(0, 1).uint(1, 1).uint(1, 1)
    .uint(0, 1).uint(0, 1).uint(0, 1).uint(0, 20);
}

function static24a(m) {
  return new Bits().uint(24, 6).uint(0, 2).uint(m.mmsi, 30).uint(0, 2).text(m.name, 20).uint(0, 8);
}

function base4(m, t) {
  const d = new Date(t * 1000);
  return new Bits().uint(4, 6).uint(0, 2).uint(m.mmsi, 30).uint(d.getUTCFullYear(), 14)
    .uint(d.getUTCMonth() + 1, 4).uint(d.getUTCDate(), 5).uint(d.getUTCHours(), 5)
    .uint(d.getUTCMinutes(), 6).uint(d.getUTCSeconds(), 6).uint(1, 1).int(lon10k(m.lon), 28)
    .int(lon10k(m.lat), 27).uint(1, 4).uint(0, 10).uint(0, 1).uint(0, 19);
}

function aton21(m, t) {
  return new Bits().uint(21, 6).uint(0, 2).uint(m.mmsi, 30).uint(m.aidType ?? 14, 5).text(m.name, 20)
    .uint(1, 1).int(lon10k(m.lon), 28).int(lon10k(m.lat), 27).uint(0, 9).uint(0, 9).uint(0, 6)
    .uint(0, 6).uint(1, 4).uint(Math.floor(t) % 60, 6).uint(0, 1).uint(0, 8).uint(0, 1).uint(0, 1)
    .uint(0, 1).uint(0, 1);
}

function sar9(m, t) {
  return new Bits().uint(9, 6).uint(0, 2).uint(m.mmsi, 30).uint(m.altitude ?? 300, 12)
    .uint(Math.round(m.sog), 10).uint(1, 1).int(lon10k(m.lon), 28).int(lon10k(m.lat), 27)
    .uint(Math.round(m.cog * 10), 12).uint(Math.floor(t) % 60, 6).uint(0, 8).uint(0, 1).uint(0, 3)
    .uint(0, 1).uint(0, 1).uint(0, 20);
}

// Land to keep ships off: the web app's basemap (the region's countries) when it was built, else
// Panama's land boundary from data/geo. Rings with their bounding boxes, for a quick reject.
function loadLand() {
  const file = [join(root, 'web/public/basemap.json'), join(root, 'data/geo/panama_land.geojson')].find(existsSync);
  if (!file) return [];
  const rings = [];
  for (const f of JSON.parse(readFileSync(file, 'utf8')).features) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    for (const poly of polys) {
      const ring = poly[0];
      let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
      for (const [x, y] of ring) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
      rings.push({ ring, w, s, e, n });
    }
  }
  return rings;
}

function onLand(rings, lon, lat) {
  for (const r of rings) {
    if (lon < r.w || lon > r.e || lat < r.s || lat > r.n) continue;
    let inside = false;
    const ring = r.ring;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    if (inside) return true;
  }
  return false;
}

// A small seeded generator (mulberry32), so that a log can be made again.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

// Panama's MIDs first: most of the world fleet in these waters flies its flag.
const MIDS = [352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 538, 636, 477, 563, 366, 367, 338, 730, 735, 212];
const SHIP_TYPES = [70, 71, 79, 80, 81, 60, 30, 31, 52, 36, 37, 90];
const WORDS = ['PACIFIC', 'ATLANTIC', 'STAR', 'OCEAN', 'GLORY', 'PEARL', 'MARU', 'EXPRESS', 'SPIRIT', 'ISLAND',
  'TRADER', 'VOYAGER', 'HORIZON', 'BREEZE', 'CORAL', 'LUNA', 'SOL', 'MAR', 'DEL', 'NORTE'];

// Returns the log's lines. `now` is Unix seconds; positions fall in [w, s, e, n].
export function aisLog({ count = 60000, now = Math.floor(Date.now() / 1000), box = [-83.2, 6.9, -77.1, 10.0], seed = 13 } = {}) {
  const r = rng(seed);
  const [w, s, e, n] = box;
  const lines = [];
  const at = () => now - 30 - Math.floor(r() * 540);
  const land = loadLand();
  const where = () => {
    for (;;) {
      const p = { lon: w + r() * (e - w), lat: s + r() * (n - s) };
      if (!onLand(land, p.lon, p.lat)) return p;
    }
  };
  const name = (i) => `${WORDS[i % WORDS.length]} ${WORDS[Math.floor(i / WORDS.length) % WORDS.length]} ${i}`;

  // The tracked ship: a day's track from the Caribbean side towards Balboa, renamed an hour ago.
  const tr = TRACKED;
  // Twenty hours, so that the whole track is still in the API's last 24 h when the tests reach it.
  lines.push(...sentences(static5({ ...tr, name: tr.name }), now - 72000 - 60));
  for (let i = 0; i < tr.points; i++) {
    const f = i / (tr.points - 1);
    const t = now - 72000 + Math.round(f * 71700);
    lines.push(...sentences(position1({ mmsi: tr.mmsi, lon: -79.95 + f * 0.45, lat: 9.45 - f * 0.55, sog: 11.5, cog: 140, heading: 141 }, t), t));
  }
  lines.push(...sentences(static5({ ...tr, name: tr.renamed }), now - 3600));

  const bases = Math.max(1, Math.round(count / 1200));
  const atons = Math.max(1, Math.round(count / 120));
  const sars = Math.max(1, Math.round(count / 3000));
  const classB = Math.round(count * 0.28);
  const classA = count - 1 - bases - atons - sars - classB;
  let serial = 0;
  const mmsi = (prefix, digits) => {
    serial++;
    return Number(`${prefix}${String(serial).padStart(digits, '0').slice(-digits)}`);
  };
  for (let i = 0; i < classA; i++) {
    const m = { mmsi: mmsi(MIDS[i % MIDS.length], 6), ...where(), sog: r() * 22, cog: r() * 359.9, name: name(i),
      callsign: `H${String(i).padStart(5, '0')}`, imo: 9000000 + i, shipType: SHIP_TYPES[i % SHIP_TYPES.length] };
    m.heading = Math.round(m.cog) % 360;
    const t = at();
    if (i % 2 === 0) lines.push(...sentences(static5(m), t - 5));
    lines.push(...sentences(position1(m, t), t));
  }
  for (let i = 0; i < classB; i++) {
    const m = { mmsi: mmsi(MIDS[(i * 7) % MIDS.length], 6), ...where(), sog: r() * 30, cog: r() * 359.9, name: `LANCHA ${i}` };
    const t = at();
    if (i % 3 === 0) lines.push(...sentences(static24a(m), t - 5));
    lines.push(...sentences(position18(m, t), t));
  }
  for (let i = 0; i < bases; i++) lines.push(...sentences(base4({ mmsi: Number(`00352${String(i + 1).padStart(4, '0')}`), ...where() }, at()), now - 20));
  for (let i = 0; i < atons; i++) {
    const t = at();
    lines.push(...sentences(aton21({ mmsi: Number(`99352${String(i + 1).padStart(4, '0')}`), ...where(), name: `BOYA ${i + 1}` }, t), t));
  }
  for (let i = 0; i < sars; i++) {
    const t = at();
    lines.push(...sentences(sar9({ mmsi: Number(`111352${String(i + 1).padStart(3, '0')}`), ...where(), sog: 120, cog: r() * 359.9 }, t), t));
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const lines = aisLog({ count: arg('--count', 60000), now: arg('--now', Math.floor(Date.now() / 1000)) });
  process.stdout.write(`${lines.join('\n')}\n`);
}
