// The Maritime area's pure logic: how a station is drawn (category, colour, rotation), ages of
// reports, the vessel list's order and the GeoJSON handed to the map. No DOM, no state.
import type { FeatureCollection, LineString, Point } from 'geojson';
import { locale, type Lang } from '../../lib/format';
import type { StationKind, TrackPoint, Vessel } from '../../lib/types';

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

export interface VesselProps {
  mmsi: number;
  icon: string;
  rot: number;
  name: string;
}

// The map's source: one point per station with a position, its icon, rotation and label.
export function vesselFeatures(list: readonly Vessel[]): FeatureCollection<Point, VesselProps> {
  const features: FeatureCollection<Point, VesselProps>['features'] = [];
  for (const v of list) {
    const p = v.position;
    if (!p) continue;
    features.push({
      type: 'Feature',
      id: v.mmsi,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { mmsi: v.mmsi, icon: iconOf(v), rot: rotationOf(v) ?? 0, name: v.name?.trim() || String(v.mmsi).padStart(9, '0') },
    });
  }
  return { type: 'FeatureCollection', features };
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
