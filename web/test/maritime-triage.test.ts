// The pure part of the maritime alert and case pages: a maritime alert's detail, its evidence
// turned into what the map and the speed chart draw, the triage rights, the outcome form and the
// statistics shaped for the charts.
import { describe, expect, it } from 'vitest';
import { alertText } from '../src/lib/alerts';
import type { Alert, CaseStats, Detection } from '../src/lib/types';
import { caseMoves, monthLabel, monthlyKg, outcomeBody, outcomeForm, parseAmount, ranked, statsTotals, timelineNote, totalKg } from '../src/features/maritime/case-logic';
import {
  alertFiltersQuery, alertPosition, drawableEvidence, evidenceFeatures, maritimeDetail, readAlertFilters, readDetection, reasonProblem,
  subjectMmsi, triageRights,
} from '../src/features/maritime/triage-logic';
import { translator } from '../src/shell/i18n';

const es = translator('es') as (k: string, p?: Record<string, string | number>) => string;
const en = translator('en') as (k: string, p?: Record<string, string | number>) => string;

const p = (mmsi: number, t: string, lat: number, lon: number, sog: number | null = 1) => ({ mmsi, t, lat, lon, sog_kn: sog });

const rendezvous: Detection = {
  kind: 'rendezvous', mmsi: 352181493, partner: 730676457, start: '2026-03-01T08:30:00Z', end: '2026-03-01T09:05:00Z',
  intentional: false, open: false, measured: 0.5, zone: 'panama_eez', thresholds: { max_distance_m: 500, min_duration_minutes: 15 },
  evidence: [
    p(730676457, '2026-03-01T08:31:00Z', 7.01, -79.01, 0.4),
    p(352181493, '2026-03-01T08:30:00Z', 7.0, -79.0, 0.5),
    p(352181493, '2026-03-01T09:05:00Z', 7.02, -79.02, 0.6),
    p(730676457, '2026-03-01T09:04:00Z', 7.03, -79.03, 0.4),
  ],
};

const gap: Detection = {
  kind: 'gap', mmsi: 538978049, start: '2026-03-01T07:30:05Z', end: '2026-03-01T21:30:10Z', intentional: true, open: false,
  measured: 14.0, thresholds: { gap_hours: 6 },
  evidence: [p(538978049, '2026-03-01T07:30:05Z', 5.9, -80.1), p(538978049, '2026-03-01T21:30:10Z', 6.2, -80.4)],
};

const goFast: Detection = {
  kind: 'go_fast', mmsi: 730676457, start: '2026-03-01T06:30:00Z', end: '2026-03-01T08:20:00Z', intentional: false, open: false,
  measured: 38.9, thresholds: { min_speed_kn: 25 },
  evidence: [p(730676457, '2026-03-01T07:00:00Z', 6.5, -78.5, 38.1), p(730676457, '2026-03-01T06:30:00Z', 6.2, -78.2, 36), p(730676457, '2026-03-01T07:30:00Z', 6.8, -78.8, null)],
};

const alertOf = (detection: Detection, extra: Record<string, unknown> = {}): Alert => ({
  id: 'a1', created_at: '2026-03-01T09:06:00Z', module: 'maritime', kind: detection.kind, severity: 'warning', title: 'Rendezvous: X',
  detail: { code: `maritime_${detection.kind}`, mmsi: detection.mmsi, detection, ...extra }, status: 'open', owner_org: 'senan',
  subject: `mmsi:${detection.mmsi}`,
});

describe('maritime alert detail', () => {
  it('reads the vessel, partner, zone and detection of a rendezvous', () => {
    const d = maritimeDetail(alertOf(rendezvous, { name: 'DON PEPE', partner: 730676457, partner_name: 'LANCHA' }));
    expect(d.mmsi).toBe(352181493);
    expect(d.partner).toBe(730676457);
    expect(d.partnerName).toBe('LANCHA');
    expect(d.zone).toBe('panama_eez');
    expect(d.detection?.evidence).toHaveLength(4);
  });

  it('drops evidence points without a position or a time, and takes the MMSI from the subject', () => {
    const det = readDetection({ kind: 'gap', mmsi: 1, evidence: [{ mmsi: 1, t: 'x', lat: 1, lon: 1 }, { mmsi: 1, t: '2026-01-01T00:00:00Z', lat: null, lon: 2 }, { mmsi: 1, t: '2026-01-01T00:00:00Z', lat: 3, lon: 4, sog_kn: null }] });
    expect(det?.evidence).toEqual([{ mmsi: 1, t: '2026-01-01T00:00:00Z', lat: 3, lon: 4, sog_kn: null }]);
    expect(readDetection('nonsense')).toBeNull();
    expect(subjectMmsi('mmsi:538001234')).toBe(538001234);
    expect(subjectMmsi('person:1')).toBeNull();
    expect(maritimeDetail({ kind: 'watchlist_entry', detail: { code: 'maritime_watchlist_entry' }, subject: 'mmsi:538001234' }).mmsi).toBe(538001234);
  });

  it('titles a maritime alert in the reader\'s language and links it to its own page', () => {
    const a = alertOf(rendezvous, { name: 'DON PEPE', partner_name: 'LANCHA', zone: 'EEZ' });
    const v = alertText(a, es, 'es');
    expect(v?.title).toBe('Encuentro breve en el mar: DON PEPE');
    expect(v?.detail).toBe('con LANCHA · zona: EEZ');
    expect(v?.link).toBe('/maritime/alerts/a1');
    expect(alertText(a, en, 'en')?.title).toBe('Short rendezvous at sea: DON PEPE');
    expect(alertText({ ...a, detail: { code: 'maritime_gap', mmsi: 538978049 } }, es, 'es')?.title).toBe('Apagado de AIS: MMSI 538978049');
  });

  it('reads a watchlist entry alert (list, reason, what matched, zone, position) and an identity change', () => {
    const entry = {
      kind: 'watchlist_entry', subject: 'mmsi:735000001', detail: {
        code: 'maritime_watchlist_entry', mmsi: 735000001, name: 'EL VELOZ', watchlist_id: 'w1', watchlist_name: 'Lanchas Darién',
        entry_id: 'e1', matched_by: 'call_sign', reason: 'Incautación 2025', zone_id: 'z1', zone_name: 'Mar territorial', t: '2026-03-01T00:00:00Z', lat: 7.9, lon: -78.1,
      },
    };
    const d = maritimeDetail(entry);
    expect([d.watchlist, d.reason, d.matchedBy, d.zone]).toEqual(['Lanchas Darién', 'Incautación 2025', 'call_sign', 'Mar territorial']);
    expect(alertPosition(entry)).toEqual([-78.1, 7.9]);
    expect(alertText({ ...entry, title: 'EL VELOZ (Lanchas Darién) entered Mar territorial', id: 'a9' }, es, 'es')).toEqual({
      title: 'Buque vigilado entra en una zona: EL VELOZ', detail: 'lista: Lanchas Darién · zona: Mar territorial', link: '/maritime/alerts/a9',
    });
    const renamed = maritimeDetail({ kind: 'identity_change', subject: 'mmsi:352000001', detail: { code: 'maritime_identity_change', mmsi: 352000001, detection: {
      kind: 'identity_change', mmsi: 352000001, start: '2026-03-01T06:00:00Z', end: '2026-03-01T06:00:00Z', measured: 0.25, thresholds: { window_days: 7 }, evidence: [],
      note: { changes: [{ field: 'name', old: 'SEA BREEZE', new: 'OCEAN BREEZE' }, { bogus: 1 }], since: 'first_seen' },
    } } });
    expect(renamed.detection?.note).toEqual({ changes: [{ field: 'name', old: 'SEA BREEZE', new: 'OCEAN BREEZE' }], since: 'first_seen' });
  });

  it('keeps the server title for a maritime kind the app has no word for', () => {
    expect(alertText({ ...alertOf(gap), kind: 'brand_new', detail: { code: 'maritime_brand_new' } }, es, 'es')).toBeNull();
  });
});

describe('evidence drawn', () => {
  it('splits an encounter into the subject\'s track and the partner\'s, each in time order', () => {
    const dr = drawableEvidence(rendezvous);
    expect(dr.tracks.map((tr) => [tr.role, tr.mmsi, tr.points.map((x) => x.t.slice(11, 16))])).toEqual([
      ['subject', 352181493, ['08:30', '09:05']],
      ['partner', 730676457, ['08:31', '09:04']],
    ]);
    expect(dr.bbox).toEqual([-79.03, 7.0, -79.0, 7.03]);
    const fc = evidenceFeatures(dr, { vessel: (m, role) => `${role}:${m}`, gapFrom: '', gapTo: '', gap: () => '' });
    const lines = fc.features.filter((f) => f.geometry.type === 'LineString');
    expect(lines.map((f) => [f.properties?.role, f.properties?.stroke])).toEqual([['subject', '#0b3d91'], ['partner', '#d35400']]);
    expect(lines[1]?.geometry.coordinates).toEqual([[-79.01, 7.01], [-79.03, 7.03]]);
  });

  it('gives a gap its two ends and the hours between them, labelled on the map', () => {
    const dr = drawableEvidence(gap);
    expect(dr.gap?.from.t).toBe('2026-03-01T07:30:05Z');
    expect(dr.gap?.to?.t).toBe('2026-03-01T21:30:10Z');
    expect(dr.gap?.hours).toBe(14);
    const fc = evidenceFeatures(dr, { vessel: () => 'v', gapFrom: 'desde', gapTo: 'hasta', gap: (h) => `${h} h` });
    const gapLine = fc.features.find((f) => f.properties?.testid === 'evidence-gap');
    expect(gapLine?.properties).toMatchObject({ label: '14 h', dash: '6 6', permanent: true });
    expect(fc.features.filter((f) => String(f.properties?.testid).startsWith('evidence-gap-')).map((f) => f.properties?.label)).toEqual(['desde', 'hasta']);
  });

  it('leaves an open gap without its far end', () => {
    const dr = drawableEvidence({ ...gap, open: true, evidence: [gap.evidence?.[0] ?? p(0, '', 0, 0)] });
    expect(dr.gap?.to).toBeNull();
    const fc = evidenceFeatures(dr, { vessel: () => 'v', gapFrom: 'desde', gapTo: 'hasta', gap: () => 'x' });
    expect(fc.features.some((f) => f.properties?.testid === 'evidence-gap')).toBe(false);
  });

  it('makes a go-fast\'s speed profile in time order, leaving out points with no speed', () => {
    const dr = drawableEvidence(goFast);
    expect(dr.speed).toEqual([{ t: Date.parse('2026-03-01T06:30:00Z'), sog: 36 }, { t: Date.parse('2026-03-01T07:00:00Z'), sog: 38.1 }]);
    expect(drawableEvidence(rendezvous).speed).toEqual([]);
  });

  it('places an alert on the list\'s map at the subject\'s latest point, else at the detail\'s position', () => {
    expect(alertPosition(alertOf(rendezvous))).toEqual([-79.02, 7.02]);
    expect(alertPosition({ kind: 'watchlist_entry', subject: 'mmsi:1', detail: { code: 'maritime_watchlist_entry', mmsi: 1, lat: 8.1, lon: -79.5 } })).toEqual([-79.5, 8.1]);
    expect(alertPosition({ kind: 'identity_change', subject: 'mmsi:1', detail: { code: 'maritime_identity_change', mmsi: 1 } })).toBeNull();
  });
});

describe('triage', () => {
  const a = { owner_org: 'senan', status: 'open' as const };
  it('lets officers of the owning organization act, and only its supervisors and admins suppress', () => {
    expect(triageRights(a, { orgId: 'senan', roles: ['officer'] })).toEqual({ act: true, close: true, suppress: false });
    expect(triageRights(a, { orgId: 'senan', roles: ['supervisor'] })).toEqual({ act: true, close: true, suppress: true });
    expect(triageRights(a, { orgId: 'senan', roles: ['analyst'] })).toEqual({ act: false, close: false, suppress: false });
    expect(triageRights(a, { orgId: 'senafront', roles: ['supervisor', 'admin'] })).toEqual({ act: false, close: false, suppress: false });
    expect(triageRights({ ...a, status: 'closed' }, { orgId: 'senan', roles: ['supervisor'] })).toEqual({ act: false, close: false, suppress: true });
  });

  it('wants a dismissal reason of 1 to 500 bytes', () => {
    expect(reasonProblem('  ')).toBe('required');
    expect(reasonProblem('pesca legal')).toBeNull();
    expect(reasonProblem('ñ'.repeat(251))).toBe('tooLong');
  });

  it('keeps the filters in the address, new and not snoozed by default', () => {
    expect(readAlertFilters('')).toEqual({ kind: '', severity: '', status: 'open', snoozed: 'exclude' });
    const f = readAlertFilters('?kind=gap&status=&snoozed=only&severity=critical');
    expect(f).toEqual({ kind: 'gap', severity: 'critical', status: '', snoozed: 'only' });
    expect(readAlertFilters(`?${alertFiltersQuery(f)}`)).toEqual(f);
    expect(alertFiltersQuery(readAlertFilters('?snoozed=bogus'))).toBe('');
  });
});

describe('outcome form', () => {
  const base = { boarded: true, seized: true, at: '', lat: '', lon: '', drugs: [], arrests: [], other: [] };
  it('reads amounts typed with either decimal mark and sends only the rows filled', () => {
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('1.250,5')).toBeNull();
    expect(parseAmount('1,250')).toBeNull();
    expect(parseAmount('1.25')).toBe(1.25);
    const { body, problems } = outcomeBody({
      ...base, lat: '7,5', lon: '-78.25',
      drugs: [{ type: 'cocaine', kg: '1200,5' }, { type: '', kg: '' }],
      arrests: [{ nationality: 'COL', count: '3' }, { nationality: '', count: '' }],
      other: [{ description: 'fusiles', quantity: '2' }, { description: '', quantity: '' }],
    });
    expect(problems).toEqual([]);
    expect(body).toEqual({
      boarded: true, seized: true, lat: 7.5, lon: -78.25,
      drugs: [{ type: 'cocaine', kg: 1200.5 }], arrests: [{ nationality: 'COL', count: 3 }],
      other_contraband: [{ description: 'fusiles', quantity: 2 }],
    });
  });

  it('names each problem by the JSON pointer the API would use', () => {
    const { problems } = outcomeBody({
      ...base, lat: '7', lon: '',
      drugs: [{ type: '', kg: '' }, { type: 'cocaine', kg: 'mucho' }, { type: '', kg: '3' }],
      arrests: [{ nationality: null, count: '1,5' }],
      other: [{ description: '', quantity: '2' }],
    });
    expect(problems).toEqual([
      { field: '/drugs/0/kg', problem: 'number' },
      { field: '/drugs/1/type', problem: 'required' },
      { field: '/arrests/0/nationality', problem: 'country' },
      { field: '/arrests/0/count', problem: 'integer' },
      { field: '/other_contraband/0/description', problem: 'required' },
      { field: '/lon', problem: 'pair' },
    ]);
  });

  it('fills the form from a recorded outcome, one empty row of each when none was', () => {
    expect(outcomeForm(null).drugs).toEqual([{ type: '', kg: '' }]);
    const f = outcomeForm({ boarded: true, seized: false, drugs: [{ type: 'marijuana', kg: 40 }], arrests: [], other_contraband: [{ description: 'x', quantity: null }] });
    expect(f.drugs).toEqual([{ type: 'marijuana', kg: '40' }]);
    expect(f.other).toEqual([{ description: 'x', quantity: '' }]);
    expect(totalKg({ drugs: [{ type: 'cocaine', kg: 1.5 }, { type: 'other', kg: 2 }] })).toBe(3.5);
  });
});

describe('statistics for the charts', () => {
  const stats: CaseStats = {
    months: [
      { month: '2026-04', cases: 2, interdictions: 1, seized: 1, kg: { marijuana: 40 } },
      { month: '2026-03', cases: 3, interdictions: 2, seized: 2, kg: { cocaine: 1200, marijuana: 0 } },
    ],
    areas: [{ area: 'Darién', cases: 2, kg: 40 }, { area: 'Azuero', cases: 3, kg: 1200 }],
    drugs: [{ type: 'marijuana', kg: 40, cases: 1 }, { type: 'cocaine', kg: 1200, cases: 2 }],
    arrests: [{ nationality: 'COL', count: 4 }, { nationality: 'PAN', count: 1 }],
  };
  it('stacks kg by drug per month, oldest first, with a series only for drugs seized', () => {
    expect(monthlyKg(stats)).toEqual({
      months: ['2026-03', '2026-04'],
      series: [{ type: 'cocaine', kg: [1200, 0] }, { type: 'marijuana', kg: [0, 40] }],
      cases: [3, 2],
      interdictions: [2, 1],
    });
  });

  it('ranks areas by kg and adds up the totals', () => {
    expect(ranked(stats.areas, (a) => a.kg, (a) => a.area).map((a) => a.area)).toEqual(['Azuero', 'Darién']);
    expect(statsTotals(stats)).toEqual({ cases: 5, interdictions: 3, kg: 1240, arrests: 5 });
  });

  it('names a month in the language', () => {
    expect(monthLabel('2026-03', 'es-PA')).toMatch(/mar/i);
    expect(monthLabel('2026-03', 'en-US')).toMatch(/Mar/);
    expect(monthLabel('bogus', 'en-US')).toBe('bogus');
  });
});

describe('case status and timeline', () => {
  const officer = { orgId: 'senan', roles: ['officer' as const] };
  const supervisor = { orgId: 'senan', roles: ['supervisor' as const] };
  it('offers the moves of the status diagram, reopening only to supervisors and admins of the owner', () => {
    expect(caseMoves({ status: 'open', owner_org: 'senan' }, officer)).toEqual(['underway', 'closed']);
    expect(caseMoves({ status: 'underway', owner_org: 'senan' }, officer)).toEqual(['interdicted', 'open', 'closed']);
    expect(caseMoves({ status: 'interdicted', owner_org: 'senan' }, officer)).toEqual(['closed']);
    expect(caseMoves({ status: 'closed', owner_org: 'senan' }, officer)).toEqual([]);
    expect(caseMoves({ status: 'closed', owner_org: 'senan' }, supervisor)).toEqual(['open']);
    expect(caseMoves({ status: 'open', owner_org: 'senafront' }, supervisor)).toEqual([]);
  });

  it("shows a note's text and a translated status move, never the server's English summaries", () => {
    const st = (s: string) => ({ open: 'Abierto', underway: 'En curso' } as Record<string, string>)[s] ?? s;
    expect(timelineNote({ action: 'note', note: 'Remolcada' }, st)).toBe('Remolcada');
    expect(timelineNote({ action: 'status', note: 'open → underway' }, st)).toBe('Abierto → En curso');
    expect(timelineNote({ action: 'outcome', note: 'boarded, seized, 1240.50 kg' }, st)).toBe('');
    expect(timelineNote({ action: 'open', note: 'Title (assigned to SENAFRONT)' }, st)).toBe('');
    expect(timelineNote({ action: 'edit', note: 'summary' }, st)).toBe('');
  });
});
