// The pure part of the interdiction case pages (cases.ts, stats.ts): who may change a case, the
// outcome form's rows read into the API's body with the problems of each row, and the statistics
// shaped for the charts. No DOM.
import { DRUG_TYPES, type CaseEvent, type CaseOutcome, type CaseStats, type DrugType, type MaritimeCase, type MaritimeCaseStatus, type Role } from '../../lib/types';
import type { Actor } from './triage-logic';
import { readDrugRows, type DrugRow } from '../../lib/drugs';
import { parseAmount } from '../../lib/format';

// Opening and changing cases: officers, supervisors and admins; a case is changed by its
// assigned organization's (the server refuses anyone else). Analysts read.
export const CASE_EDITORS: readonly Role[] = ['officer', 'supervisor', 'admin'];

export function mayOpenCase(actor: Actor): boolean {
  return actor.roles.some((r) => CASE_EDITORS.includes(r));
}

export function mayEditCase(c: Pick<MaritimeCase, 'owner_org'>, actor: Actor): boolean {
  return c.owner_org === actor.orgId && mayOpenCase(actor);
}

// Assigning a case to another organization (also when opening it), and reopening a closed one:
// supervisors and admins of the owning organization.
export const CASE_MANAGERS: readonly Role[] = ['supervisor', 'admin'];
export function mayManageCases(actor: Actor): boolean {
  return actor.roles.some((r) => CASE_MANAGERS.includes(r));
}

// The moves of a case's status (src/maritime/cases.h):
//   open → underway | closed;  underway → interdicted | open (stood down) | closed;
//   interdicted → closed;  closed → open (reopen: supervisors and admins).
const MOVES: Record<MaritimeCaseStatus, readonly MaritimeCaseStatus[]> = {
  open: ['underway', 'closed'],
  underway: ['interdicted', 'open', 'closed'],
  interdicted: ['closed'],
  closed: ['open'],
};

export function caseMoves(c: Pick<MaritimeCase, 'status' | 'owner_org'>, actor: Actor): MaritimeCaseStatus[] {
  if (!mayEditCase(c, actor)) return [];
  return MOVES[c.status].filter((to) => c.status !== 'closed' || mayManageCases(actor) || to !== 'open');
}

// What a timeline entry adds beside its action, in the reader's words: a note's text, a
// position's label and place, a crew member's encounter id, the organizations of a reassignment
// as they are; a status move as the two statuses, translated. The server's own English summaries
// (of an outcome, an edit, an opening) are left out: the page shows those records itself.
export function timelineNote(e: Pick<CaseEvent, 'action' | 'note'>, status: (s: string) => string): string {
  const note = e.note ?? '';
  switch (e.action) {
    case 'note': case 'position': case 'crew_add': case 'crew_remove': case 'reassign':
      return note;
    case 'status': {
      const m = /^(\w+) → (\w+)$/.exec(note);
      return m ? `${status(m[1] ?? '')} → ${status(m[2] ?? '')}` : '';
    }
    default:
      return '';
  }
}

// A number typed with either decimal mark (lib/format.ts; the canal's result form reads kg too).
export { parseAmount };

export type { DrugRow };
export interface ArrestRow { nationality: string | '' | null; count: string }   // null: the text names no country
export interface ContrabandRow { description: string; quantity: string }
export interface OutcomeForm {
  boarded: boolean;
  seized: boolean;
  at: string;                        // ISO time or ''
  lat: string;
  lon: string;
  drugs: DrugRow[];
  arrests: ArrestRow[];
  other: ContrabandRow[];
}

// A problem of the form, named by the JSON pointer of the field the API would name, so that the
// page puts the page's own checks and the server's where the same field is.
export interface FormProblem {
  field: string;                     // "/drugs/0/kg"
  problem: 'required' | 'number' | 'positive' | 'integer' | 'country' | 'latitude' | 'longitude' | 'pair';
}

// Rows left entirely empty are not sent; a row half filled is a problem.
export function outcomeBody(f: OutcomeForm): { body: Omit<CaseOutcome, 'area'>; problems: FormProblem[] } {
  const read = readDrugRows<DrugType>(f.drugs, DRUG_TYPES, 'other');
  const problems: FormProblem[] = [...read.problems];
  const drugs: CaseOutcome['drugs'] = read.drugs;
  const arrests: CaseOutcome['arrests'] = [];
  f.arrests.forEach((r) => {
    if (r.nationality === '' && !r.count.trim()) return;
    const at = `/arrests/${arrests.length}`;
    const count = parseAmount(r.count);
    if (r.nationality === '') problems.push({ field: `${at}/nationality`, problem: 'required' });
    else if (r.nationality === null) problems.push({ field: `${at}/nationality`, problem: 'country' });
    if (!r.count.trim()) problems.push({ field: `${at}/count`, problem: 'required' });
    else if (count === null || !Number.isInteger(count)) problems.push({ field: `${at}/count`, problem: 'integer' });
    else if (count <= 0) problems.push({ field: `${at}/count`, problem: 'positive' });
    arrests.push({ nationality: r.nationality ?? '', count: count ?? 0 });
  });
  const other: CaseOutcome['other_contraband'] = [];
  f.other.forEach((r) => {
    if (!r.description.trim() && !r.quantity.trim()) return;
    const at = `/other_contraband/${other.length}`;
    if (!r.description.trim()) problems.push({ field: `${at}/description`, problem: 'required' });
    const q = r.quantity.trim() ? parseAmount(r.quantity) : null;
    if (r.quantity.trim() && q === null) problems.push({ field: `${at}/quantity`, problem: 'number' });
    other.push(q === null ? { description: r.description.trim() } : { description: r.description.trim(), quantity: q });
  });
  const body: Omit<CaseOutcome, 'area'> = { boarded: f.boarded, seized: f.seized, drugs, arrests, other_contraband: other };
  if (f.at) body.at = f.at;
  const lat = f.lat.trim(), lon = f.lon.trim();
  if (lat || lon) {
    const la = parseSigned(lat), lo = parseSigned(lon);
    if (!lat || !lon) problems.push({ field: lat ? '/lon' : '/lat', problem: 'pair' });
    if (lat && (la === null || Math.abs(la) > 90)) problems.push({ field: '/lat', problem: 'latitude' });
    if (lon && (lo === null || Math.abs(lo) > 180)) problems.push({ field: '/lon', problem: 'longitude' });
    if (la !== null && lo !== null) {
      body.lat = la;
      body.lon = lo;
    }
  }
  return { body, problems };
}

// "-79,5" or "8.95": a coordinate in decimal degrees, either decimal mark.
export function parseSigned(text: string): number | null {
  const s = text.trim();
  const neg = s.startsWith('-');
  const v = parseAmount(neg ? s.slice(1) : s);
  return v === null ? null : neg ? -v : v;
}

// The form's rows from a recorded outcome (or one empty row of each when none was recorded).
export function outcomeForm(o: CaseOutcome | null): OutcomeForm {
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return {
    boarded: o?.boarded ?? false,
    seized: o?.seized ?? false,
    at: o?.at ?? '',
    lat: num(o?.lat),
    lon: num(o?.lon),
    drugs: o && o.drugs.length > 0 ? o.drugs.map((d) => ({ type: d.type, kg: String(d.kg) })) : [{ type: '', kg: '' }],
    arrests: o && o.arrests.length > 0 ? o.arrests.map((a) => ({ nationality: a.nationality, count: String(a.count) })) : [{ nationality: '', count: '' }],
    other: o && o.other_contraband.length > 0
      ? o.other_contraband.map((c) => ({ description: c.description, quantity: num(c.quantity) }))
      : [{ description: '', quantity: '' }],
  };
}

export function totalKg(o: Pick<CaseOutcome, 'drugs'> | null): number {
  return (o?.drugs ?? []).reduce((s, d) => s + d.kg, 0);
}

export function totalArrests(o: Pick<CaseOutcome, 'arrests'> | null): number {
  return (o?.arrests ?? []).reduce((s, a) => s + a.count, 0);
}

// ---- Statistics for the charts --------------------------------------------------------------

export interface MonthlyKg {
  months: string[];                  // "2026-03", oldest first
  series: { type: DrugType; kg: number[] }[];   // the drugs seized at all in the range, in DRUG_TYPES order
  cases: number[];
  interdictions: number[];
}

// Seizures by month as stacked columns of kg per drug (a drug never seized in the range gets no
// series, so the legend lists only what was found), with the cases and interdictions beside.
export function monthlyKg(stats: Pick<CaseStats, 'months'>): MonthlyKg {
  const months = [...stats.months].sort((a, b) => a.month.localeCompare(b.month));
  const series = DRUG_TYPES
    .map((type) => ({ type, kg: months.map((m) => m.kg[type] ?? 0) }))
    .filter((s) => s.kg.some((v) => v > 0));
  return { months: months.map((m) => m.month), series, cases: months.map((m) => m.cases), interdictions: months.map((m) => m.interdictions) };
}

// Largest first, ties by name; for the bar charts of drugs, areas and nationalities.
export function ranked<T>(items: readonly T[], value: (x: T) => number, name: (x: T) => string): T[] {
  return [...items].sort((a, b) => value(b) - value(a) || name(a).localeCompare(name(b)));
}

export interface StatsTotals {
  cases: number;
  interdictions: number;
  kg: number;
  arrests: number;
}

export function statsTotals(s: CaseStats): StatsTotals {
  return {
    cases: s.months.reduce((n, m) => n + m.cases, 0),
    interdictions: s.months.reduce((n, m) => n + m.interdictions, 0),
    kg: s.drugs.reduce((n, d) => n + d.kg, 0),
    arrests: s.arrests.reduce((n, a) => n + a.count, 0),
  };
}

// "2026-03" as the month's name in the language ("mar 2026").
export function monthLabel(month: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}
