// The Maritime area's pure logic: how a station is drawn (category, colour, rotation), ages of
// reports, the vessel list's order, the compact form's stations and the arrays the map's WebGL
// layer draws. No DOM, no state.
import type { FeatureCollection, LineString, Point } from 'geojson';
import { locale, type Lang } from '../../lib/format';
import type { StationKind, TrackPoint, Vessel, VesselPosition, VesselRow, VesselsMessage } from '../../lib/types';

// What the map distinguishes: the station kinds, and class A ships by their AIS ship type
// (ITU-R M.1371 table 53: first digit 3x special, 5x service, 6x passenger, 7x cargo, 8x tanker).
export type Category =
  | 'cargo' | 'tanker' | 'passenger' | 'fishing' | 'service' | 'pleasure' | 'other'
  | 'class_b' | 'base_station' | 'aid_to_navigation' | 'sar_aircraft';

export const CATEGORIES: readonly Category[] = [
  'cargo', 'tanker', 'passenger', 'fishing', 'service', 'pleasure', 'other',
  'class_b', 'base_station', 'aid_to_navigation', 'sar_aircraft',
];

export const COLOURS: Record<Category, string> = {
  cargo: '#2e8b57',
  tanker: '#c0392b',
  passenger: '#1f5fbf',
  fishing: '#e67e22',
  service: '#16a0a6',
  pleasure: '#b03aa8',
  other: '#7f8c8d',
  class_b: '#8e6bd1',
  base_station: '#2c3e50',
  aid_to_navigation: '#d4ac0d',
  sar_aircraft: '#ff2d55',
};

export function shipTypeCategory(shipType: number | undefined): Category {
  if (shipType === undefined) return 'other';
  if (shipType === 30) return 'fishing';
  if (shipType === 36 || shipType === 37) return 'pleasure';
  if ((shipType >= 31 && shipType <= 35) || (shipType >= 50 && shipType <= 59)) return 'service';
  if (shipType >= 60 && shipType <= 69) return 'passenger';
  if (shipType >= 70 && shipType <= 79) return 'cargo';
  if (shipType >= 80 && shipType <= 89) return 'tanker';
  return 'other';
}

export function categoryOf(v: Pick<Vessel, 'kind' | 'ship_type'>): Category {
  switch (v.kind) {
    case 'class_a': return shipTypeCategory(v.ship_type);
    case 'class_b': return v.ship_type === undefined ? 'class_b' : shipTypeCategory(v.ship_type) === 'other' ? 'class_b' : shipTypeCategory(v.ship_type);
    default: return v.kind;
  }
}

export function colourOf(v: Pick<Vessel, 'kind' | 'ship_type'>): string {
  return COLOURS[categoryOf(v)];
}

// Degrees clockwise from north for the icon: the true heading when the ship sends one (the way
// its bow points), else its course over ground, else none (null: the icon is drawn unrotated,
// as a station that does not move).
export function rotationOf(v: Pick<Vessel, 'kind' | 'position'>): number | null {
  if (v.kind === 'base_station' || v.kind === 'aid_to_navigation') return null;
  const p = v.position;
  if (!p) return null;
  if (p.heading_deg !== undefined && p.heading_deg >= 0 && p.heading_deg < 360) return p.heading_deg;
  if (p.cog_deg !== undefined && p.cog_deg >= 0 && p.cog_deg < 360) return p.cog_deg;
  return null;
}

// The icon's name on the map: its shape (ship, still, base, aid, aircraft) and colour.
export function iconOf(v: Pick<Vessel, 'kind' | 'ship_type' | 'position'>): string {
  const cat = categoryOf(v);
  if (cat === 'base_station' || cat === 'aid_to_navigation' || cat === 'sar_aircraft') return `v-${cat}`;
  return rotationOf(v) === null ? `v-${cat}-still` : `v-${cat}`;
}

// Seconds between a report and `now` (ms), never negative; null without a time.
export function ageSeconds(time: string | undefined, now: number): number | null {
  if (!time) return null;
  const t = Date.parse(time);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.round((now - t) / 1000));
}

// "45 s", "12 min", "3 h", "2 d" in the reader's language.
export function formatAge(seconds: number | null, lang: Lang): string {
  if (seconds === null) return '—';
  const [value, unit] = seconds < 60 ? [seconds, 'second']
    : seconds < 3600 ? [Math.floor(seconds / 60), 'minute']
    : seconds < 86400 ? [Math.floor(seconds / 3600), 'hour']
    : [Math.floor(seconds / 86400), 'day'];
  return new Intl.NumberFormat(locale(lang), { style: 'unit', unit: unit as string, unitDisplay: 'short' }).format(value as number);
}

// The flag state's name in the reader's language, from the MID's ISO 3166 alpha-2 code.
export function flagName(flag: Vessel['flag'], lang: Lang): string {
  if (!flag) return '—';
  try {
    return new Intl.DisplayNames([locale(lang)], { type: 'region' }).of(flag.iso2) ?? flag.name;
  } catch {
    return flag.name;
  }
}

export type SortKey = 'name' | 'mmsi' | 'kind' | 'flag' | 'speed' | 'age';
export interface Sort { key: SortKey; dir: 1 | -1 }

function sortValue(v: Vessel, key: SortKey, now: number): string | number | undefined {
  switch (key) {
    case 'name': return v.name?.trim() || undefined;
    case 'mmsi': return v.mmsi;
    case 'kind': return v.kind;
    case 'flag': return v.flag?.iso2;
    case 'speed': return v.position?.sog_kn;
    case 'age': return ageSeconds(v.position?.time, now) ?? undefined;
  }
}

// A new array in the order asked; stations without the value come last in either direction,
// ties by MMSI so that the order is stable between refreshes.
export function sortVessels(list: readonly Vessel[], sort: Sort, now: number, lang: Lang): Vessel[] {
  const collator = new Intl.Collator(locale(lang), { numeric: true, sensitivity: 'base' });
  const keyed = list.map((v) => ({ v, k: sortValue(v, sort.key, now) }));
  keyed.sort((a, b) => {
    if (a.k === undefined || b.k === undefined) {
      if (a.k !== b.k) return a.k === undefined ? 1 : -1;
      return a.v.mmsi - b.v.mmsi;
    }
    const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return c !== 0 ? c * sort.dir : a.v.mmsi - b.v.mmsi;
  });
  return keyed.map((x) => x.v);
}

// The icons the map draws, in the order of its texture atlas: every category's ship (rotated)
// and, for those that move, a round "still" form for a station with no course.
export const ICONS: readonly string[] = CATEGORIES.flatMap((cat) =>
  cat === 'base_station' || cat === 'aid_to_navigation' || cat === 'sar_aircraft' ? [`v-${cat}`] : [`v-${cat}`, `v-${cat}-still`]);
const ICON_INDEX = new Map(ICONS.map((name, i) => [name, i]));

// Degrees to Web Mercator's unit square ([0, 1], y down), as MapLibre's MercatorCoordinate.
export function mercatorX(lon: number): number {
  return (180 + lon) / 360;
}
export function mercatorY(lat: number): number {
  return (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;
}

// What the map's WebGL layer draws: per station with a position, 4 floats (Mercator x, y,
// rotation in radians clockwise, icon index in ICONS) in `attrs`, and its MMSI at the same index.
export interface LayerArrays {
  count: number;
  attrs: Float32Array;
  mmsi: Uint32Array;
}

export const LAYER_STRIDE = 4;

export function layerArrays(list: readonly Vessel[]): LayerArrays {
  const attrs = new Float32Array(list.length * LAYER_STRIDE);
  const mmsi = new Uint32Array(list.length);
  let n = 0;
  for (const v of list) {
    const p = v.position;
    if (!p) continue;
    const o = n * LAYER_STRIDE;
    attrs[o] = mercatorX(p.lon);
    attrs[o + 1] = mercatorY(p.lat);
    attrs[o + 2] = ((rotationOf(v) ?? 0) * Math.PI) / 180;
    attrs[o + 3] = ICON_INDEX.get(iconOf(v)) ?? ICON_INDEX.get('v-other') ?? 0;
    mmsi[n] = v.mmsi;
    n++;
  }
  return { count: n, attrs, mmsi };
}

const POSITION_FLAGS: readonly [number, string][] = [[1, 'out_of_range'], [2, 'null_island'], [4, 'jump']];

// The stations of a layer answer or live push (src/maritime/live.h) as the app's Vessel, with
// the fields that form carries: position, motion, kind, ship type, name and flag. Columns are
// found by name, so that the server may append fields.
export function vesselsFromMessage(m: VesselsMessage): Vessel[] {
  const at = (name: string) => m.fields.indexOf(name);
  const [iMmsi, iLat, iLon, iSog, iCog, iHdg, iKind, iTime, iName, iFlags, iType, iFlag] =
    ['mmsi', 'lat', 'lon', 'sog_kn', 'cog_deg', 'heading_deg', 'kind', 'time_ms', 'name', 'flags', 'ship_type', 'flag'].map(at);
  const num = (row: VesselRow, i: number | undefined): number | undefined => {
    const x = i === undefined || i < 0 ? null : row[i];
    return typeof x === 'number' ? x : undefined;
  };
  const str = (row: VesselRow, i: number | undefined): string | undefined => {
    const x = i === undefined || i < 0 ? null : row[i];
    return typeof x === 'string' ? x : undefined;
  };
  // Stations report in the same seconds: one ISO string per distinct time (toISOString was half
  // of this function's time over 60,000 rows).
  const iso = new Map<number, string>();
  const isoOf = (ms: number) => {
    let text = iso.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      iso.set(ms, text);
    }
    return text;
  };
  const out: Vessel[] = [];
  for (const row of m.items) {
    const mmsi = num(row, iMmsi);
    if (mmsi === undefined) continue;
    const v: Vessel = { mmsi, kind: (str(row, iKind) ?? 'class_a') as StationKind };
    const name = str(row, iName);
    if (name !== undefined) v.name = name;
    const shipType = num(row, iType);
    if (shipType !== undefined) v.ship_type = shipType;
    const flag = str(row, iFlag);
    if (flag !== undefined) v.flag = { iso2: flag, name: flag };
    const lat = num(row, iLat), lon = num(row, iLon), time = num(row, iTime);
    if (lat !== undefined && lon !== undefined && time !== undefined) {
      const p: VesselPosition = { lat, lon, time: isoOf(time) };
      const sog = num(row, iSog), cog = num(row, iCog), hdg = num(row, iHdg), flags = num(row, iFlags);
      if (sog !== undefined) p.sog_kn = sog;
      if (cog !== undefined) p.cog_deg = cog;
      if (hdg !== undefined) p.heading_deg = hdg;
      if (flags !== undefined) p.flags = POSITION_FLAGS.filter(([bit]) => flags & bit).map(([, f]) => f);
      v.position = p;
    }
    out.push(v);
  }
  return out;
}

// The track up to the slider's point (index into points, oldest first) as a line, and that point.
export function trackFeatures(points: readonly TrackPoint[], upto: number): FeatureCollection<LineString | Point> {
  const last = Math.min(Math.max(upto, 0), points.length - 1);
  const shown = points.slice(0, last + 1);
  const features: FeatureCollection<LineString | Point>['features'] = [];
  if (shown.length >= 2) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: shown.map((p) => [p.lon, p.lat]) } });
  }
  const at = shown[shown.length - 1];
  if (at) features.push({ type: 'Feature', properties: { at: true }, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } });
  return { type: 'FeatureCollection', features };
}

// The MMSI as AIS writes it: nine digits, leading zeros kept (base stations are 00MIDxxxx).
export function formatMmsi(mmsi: number): string {
  return String(mmsi).padStart(9, '0');
}

export function kindKey(kind: StationKind): `kind.${StationKind}` {
  return `kind.${kind}`;
}
