// The pure part of the maritime alert pages (alerts.ts): what a maritime alert's detail says,
// its evidence turned into what the map and the speed chart draw (both tracks of an encounter in
// two colours, the two ends of a gap with the time between them, a go-fast's speed over time),
// where an alert sits on the list's map, and which triage actions a user may take. No DOM.
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { readAlertDetail } from '../../lib/alerts';
import type { BBox } from '../../lib/geo';
import type { Alert, Detection, EvidencePoint, Role } from '../../lib/types';

// What the alerts pipeline puts in a maritime alert's detail (docs/api.md, "Alerts"): the vessel,
// its partner, the zone and the detection itself; watchlist and identity alerts add their own.
export interface MaritimeAlertDetail {
  code: string;
  mmsi: number | null;
  name: string;
  flag: string;
  shipType: number | null;
  partner: number | null;
  partnerName: string;
  zone: string;
  detection: Detection | null;
  // A watchlist entry alert: the list, why the vessel is on it and what matched.
  watchlist: string;
  reason: string;
  matchedBy: string;
  fields: Record<string, unknown>;   // the whole detail, for the kinds' own fields
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readPoint(v: unknown): EvidencePoint | null {
  if (!v || typeof v !== 'object') return null;
  const p = v as Record<string, unknown>;
  const lat = num(p.lat), lon = num(p.lon), mmsi = num(p.mmsi);
  if (lat === null || lon === null || mmsi === null || typeof p.t !== 'string' || Number.isNaN(Date.parse(p.t))) return null;
  return { mmsi, t: p.t, lat, lon, sog_kn: num(p.sog_kn) };
}

// The detection JSON as the server stores it; null when the value is not one. Evidence points
// that lack a position or a time are left out, so that a drawn track never jumps to 0°, 0°.
export function readDetection(v: unknown): Detection | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const d = v as Record<string, unknown>;
  const mmsi = num(d.mmsi);
  if (typeof d.kind !== 'string' || mmsi === null) return null;
  const thresholds: Record<string, number> = {};
  if (d.thresholds && typeof d.thresholds === 'object') {
    for (const [k, x] of Object.entries(d.thresholds as Record<string, unknown>)) {
      if (typeof x === 'number' && Number.isFinite(x)) thresholds[k] = x;
    }
  }
  const partner = num(d.partner);
  return {
    kind: d.kind, mmsi,
    ...(partner !== null ? { partner } : {}),
    start: str(d.start), end: str(d.end),
    intentional: d.intentional === true, open: d.open === true,
    measured: num(d.measured) ?? Number.NaN,
    ...(str(d.zone) ? { zone: str(d.zone) } : {}),
    thresholds: d.thresholds ? thresholds : null,
    evidence: Array.isArray(d.evidence) ? d.evidence.map(readPoint).filter((p): p is EvidencePoint => p !== null) : null,
    ...(readNote(d.note) ? { note: readNote(d.note) } : {}),
  };
}

// An identity change's note: the fields that changed, each with its old and new value.
function readNote(v: unknown): Detection['note'] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const n = v as Record<string, unknown>;
  const changes = (Array.isArray(n.changes) ? n.changes : []).flatMap((c: unknown) => {
    if (!c || typeof c !== 'object') return [];
    const x = c as Record<string, unknown>;
    return typeof x.field === 'string' ? [{ field: x.field, old: str(x.old), new: str(x.new) }] : [];
  });
  if (changes.length === 0) return null;
  return { changes, ...(str(n.since) ? { since: str(n.since) } : {}), ...(str(n.since_t) ? { since_t: str(n.since_t) } : {}) };
}

// The MMSI of a subject "mmsi:538001234"; null for another kind of subject.
export function subjectMmsi(subject: string | null | undefined): number | null {
  const m = /^mmsi:(\d{1,9})$/.exec(subject ?? '');
  return m ? Number(m[1]) : null;
}

export function maritimeDetail(a: Pick<Alert, 'kind' | 'detail' | 'subject'>): MaritimeAlertDetail {
  const { code, params } = readAlertDetail(a);
  const detection = readDetection(params.detection);
  return {
    code,
    mmsi: num(params.mmsi) ?? detection?.mmsi ?? subjectMmsi(a.subject),
    name: str(params.name),
    flag: str(params.flag),
    shipType: num(params.ship_type),
    partner: num(params.partner) ?? detection?.partner ?? null,
    partnerName: str(params.partner_name),
    zone: str(params.zone_name) || str(params.zone) || (detection?.zone ?? ''),
    detection,
    watchlist: str(params.watchlist_name),
    reason: str(params.reason),
    matchedBy: str(params.matched_by),
    fields: params,
  };
}

// ---- Evidence → what is drawn ---------------------------------------------------------------

export interface EvidenceTrack {
  mmsi: number;
  role: 'subject' | 'partner';
  points: EvidencePoint[];           // oldest first
}
export interface GapEnds {
  from: EvidencePoint;               // the last position before the silence
  to: EvidencePoint | null;          // the first after it; null while the gap is open
  hours: number;
}
export interface SpeedPoint {
  t: number;                         // ms since the epoch
  sog: number;                       // knots
}
export interface DrawableEvidence {
  tracks: EvidenceTrack[];           // the subject's first, then the partner's (or others')
  gap: GapEnds | null;
  speed: SpeedPoint[];               // the subject's, for a go-fast
  bbox: BBox | null;
}

const ms = (t: string) => Date.parse(t);

export function drawableEvidence(d: Detection): DrawableEvidence {
  const points = [...(d.evidence ?? [])].sort((a, b) => ms(a.t) - ms(b.t));
  const byMmsi = new Map<number, EvidencePoint[]>();
  for (const p of points) {
    const list = byMmsi.get(p.mmsi) ?? [];
    list.push(p);
    byMmsi.set(p.mmsi, list);
  }
  const tracks: EvidenceTrack[] = [];
  const own = byMmsi.get(d.mmsi);
  if (own) tracks.push({ mmsi: d.mmsi, role: 'subject', points: own });
  for (const [mmsi, list] of byMmsi) {
    if (mmsi !== d.mmsi) tracks.push({ mmsi, role: 'partner', points: list });
  }
  const subject = own ?? [];
  let gap: GapEnds | null = null;
  if (d.kind === 'gap' && subject.length > 0) {
    // The silence starts at the detection's start: the last point at or before it (else the
    // first), and ends at the first point after that one.
    const start = ms(d.start);
    let i = 0;
    for (let k = 0; k < subject.length; k++) if (ms((subject[k] as EvidencePoint).t) <= start) i = k;
    const from = subject[i] as EvidencePoint;
    const to = d.open ? null : subject[i + 1] ?? null;
    const hours = Number.isFinite(d.measured) ? d.measured : (ms(d.end) - ms(d.start)) / 3_600_000;
    gap = { from, to, hours };
  }
  const speed = d.kind === 'go_fast'
    ? subject.filter((p) => p.sog_kn !== null).map((p) => ({ t: ms(p.t), sog: p.sog_kn as number }))
    : [];
  return { tracks, gap, speed, bbox: pointsBox(points) };
}

function pointsBox(points: readonly { lat: number; lon: number }[]): BBox | null {
  if (points.length === 0) return null;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const p of points) {
    w = Math.min(w, p.lon); e = Math.max(e, p.lon);
    s = Math.min(s, p.lat); n = Math.max(n, p.lat);
  }
  return [w, s, e, n];
}

// The two tracks' colours: the subject dark blue, the partner orange (told apart in grey too).
export const TRACK_COLOURS = { subject: '#0b3d91', partner: '#d35400' } as const;
export const GAP_COLOUR = '#b03a2e';

// Properties the map's overlay reads (ui/map-draw.ts, OverlayProperties).
export interface EvidenceLabels {
  vessel(mmsi: number, role: 'subject' | 'partner'): string;
  gapFrom: string;
  gapTo: string;
  gap(hours: number): string;
}

// The evidence as GeoJSON for the map: one line per vessel, a dot at each evidence point, and for
// a gap a dashed line between its two ends labelled with the elapsed time.
export function evidenceFeatures(dr: DrawableEvidence, labels: EvidenceLabels): FeatureCollection<LineString | Point> {
  const features: Feature<LineString | Point>[] = [];
  for (const tr of dr.tracks) {
    const stroke = TRACK_COLOURS[tr.role];
    const name = labels.vessel(tr.mmsi, tr.role);
    if (tr.points.length > 1) {
      features.push({
        type: 'Feature',
        properties: { stroke, weight: 3, label: name, role: tr.role, mmsi: tr.mmsi, testid: `evidence-track-${tr.role}` },
        geometry: { type: 'LineString', coordinates: tr.points.map((p) => [p.lon, p.lat]) },
      });
    }
    for (const p of tr.points) {
      features.push({
        type: 'Feature',
        properties: { stroke: '#ffffff', fill: stroke, radius: 4, label: name, role: tr.role, mmsi: tr.mmsi, t: p.t },
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      });
    }
  }
  if (dr.gap) {
    const { from, to, hours } = dr.gap;
    if (to) {
      features.push({
        type: 'Feature',
        properties: { stroke: GAP_COLOUR, weight: 2, dash: '6 6', label: labels.gap(hours), permanent: true, testid: 'evidence-gap' },
        geometry: { type: 'LineString', coordinates: [[from.lon, from.lat], [to.lon, to.lat]] },
      });
    }
    features.push({
      type: 'Feature',
      properties: { stroke: '#ffffff', fill: GAP_COLOUR, radius: 7, label: labels.gapFrom, permanent: true, t: from.t, testid: 'evidence-gap-from' },
      geometry: { type: 'Point', coordinates: [from.lon, from.lat] },
    });
    if (to) {
      features.push({
        type: 'Feature',
        properties: { stroke: '#ffffff', fill: GAP_COLOUR, radius: 7, label: labels.gapTo, permanent: true, t: to.t, testid: 'evidence-gap-to' },
        geometry: { type: 'Point', coordinates: [to.lon, to.lat] },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

// Where an alert is drawn on the list's map: the subject's latest evidence point, else a
// position the detail gives (watchlist and identity alerts), else nowhere.
export function alertPosition(a: Pick<Alert, 'kind' | 'detail' | 'subject'>): [number, number] | null {
  const d = maritimeDetail(a);
  const pts = (d.detection?.evidence ?? []).filter((p) => d.mmsi === null || p.mmsi === d.mmsi);
  const last = [...pts].sort((x, y) => ms(x.t) - ms(y.t)).pop();
  if (last) return [last.lon, last.lat];
  const lat = num(d.fields.lat), lon = num(d.fields.lon);
  return lat !== null && lon !== null ? [lon, lat] : null;
}

// ---- Who may do what -----------------------------------------------------------------------

export interface Actor {
  orgId: string;
  roles: readonly Role[];
}

// Acknowledge, dismiss, snooze, assign, comment and escalate: officers, supervisors and admins of
// the organization that owns the alert. Suppressing a vessel: its supervisors and admins. The
// server refuses anyone else; the page does not offer what would be refused.
export const TRIAGE_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];
export const SUPPRESS_ROLES: readonly Role[] = ['supervisor', 'admin'];

export interface TriageRights {
  act: boolean;                      // acknowledge, assign, comment, snooze
  close: boolean;                    // dismiss, escalate (the alert is not closed yet)
  suppress: boolean;
}

export function triageRights(a: Pick<Alert, 'owner_org' | 'status'>, actor: Actor): TriageRights {
  const own = a.owner_org === actor.orgId;
  const act = own && actor.roles.some((r) => TRIAGE_ROLES.includes(r));
  return {
    act: act && a.status !== 'closed',
    close: act && a.status !== 'closed',
    suppress: own && actor.roles.some((r) => SUPPRESS_ROLES.includes(r)),
  };
}

export function isSnoozed(a: Pick<Alert, 'snoozed_until'>, now: number): boolean {
  return !!a.snoozed_until && Date.parse(a.snoozed_until) > now;
}

// Snooze lengths offered, in minutes (the API takes 1..10080): an hour to a week.
export const SNOOZE_MINUTES = [60, 240, 720, 1440, 4320, 10080] as const;
// Suppression lengths offered, in days (1..365); 0 is "until lifted".
export const SUPPRESS_DAYS = [7, 30, 90, 0] as const;

// The API's limits on a dismissal's reason, in UTF-8 bytes.
export const MAX_REASON_BYTES = 500;
export function reasonProblem(reason: string): 'required' | 'tooLong' | null {
  const r = reason.trim();
  if (!r) return 'required';
  return new TextEncoder().encode(r).length > MAX_REASON_BYTES ? 'tooLong' : null;
}

// The list's filters as the page's address keeps them (so a filtered list can be bookmarked).
export interface AlertFilters {
  kind: string;
  severity: string;
  status: string;                    // '' every status; 'open' is the API's open (new)
  snoozed: 'exclude' | 'include' | 'only';
}

export function readAlertFilters(search: string): AlertFilters {
  const q = new URLSearchParams(search);
  const snoozed = q.get('snoozed');
  return {
    kind: q.get('kind') ?? '',
    severity: q.get('severity') ?? '',
    status: q.get('status') ?? 'open',
    snoozed: snoozed === 'include' || snoozed === 'only' ? snoozed : 'exclude',
  };
}

export function alertFiltersQuery(f: AlertFilters): string {
  const q = new URLSearchParams();
  if (f.kind) q.set('kind', f.kind);
  if (f.severity) q.set('severity', f.severity);
  if (f.status !== 'open') q.set('status', f.status);
  if (f.snoozed !== 'exclude') q.set('snoozed', f.snoozed);
  return q.toString();
}
