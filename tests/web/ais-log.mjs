// The one hand-made ship of the Maritime browser tests, as NMEA 0183 !AIVDM sentences with NMEA 4
// tag-block times, written by a small encoder of the ITU-R M.1371 bit layouts. The 60,000 other
// stations come from the product's own traffic generator (`istmo maritime simulate`,
// tests/web/maritime-tests.mjs); it does not rename ships, and the card test needs one with an
// identity history: TRACKED has a track over the last 20 h and a change of name an hour ago.
//
//   node tests/web/ais-log.mjs [--now UNIX_SECONDS] > /tmp/tracked.nmea

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

// The tracked ship's lines; `now` is Unix seconds.
export function trackedLog({ now = Math.floor(Date.now() / 1000) } = {}) {
  const tr = TRACKED;
  const lines = [];
  // Twenty hours, so that the whole track is still in the API's last 24 h when the tests reach it.
  lines.push(...sentences(static5({ ...tr, name: tr.name }), now - 72000 - 60));
  for (let i = 0; i < tr.points; i++) {
    const f = i / (tr.points - 1);
    const t = now - 72000 + Math.round(f * 71700);
    lines.push(...sentences(position1({ mmsi: tr.mmsi, lon: -79.95 + f * 0.45, lat: 9.45 - f * 0.55, sog: 11.5, cog: 140, heading: 141 }, t), t));
  }
  lines.push(...sentences(static5({ ...tr, name: tr.renamed }), now - 3600));
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const lines = trackedLog({ now: arg('--now', Math.floor(Date.now() / 1000)) });
  process.stdout.write(`${lines.join('\n')}\n`);
}
