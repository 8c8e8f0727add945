// The pure parts of the Migration (Darién) pages: the encounter body the API expects, the query
// strings of the encounter list and the trends (also kept in the page address, so that a
// filtered view can be bookmarked or shared), paging over the encounter list, and who may change
// what. No DOM here: web/test/migration.test.ts covers all of it.
import type { DocumentType, Granularity, NewEncounter, Role, Sex } from '../../lib/types';
import { panamaLocalToIso, toPanamaLocal } from '../../lib/format';
import { hasAny } from '../../shell/session';

// ---- Time ----------------------------------------------------------------------------------

// Panama wall-clock time ↔ UTC lives in lib/format.ts (the maritime case forms use it too).
export { panamaLocalToIso, toPanamaLocal };

// Today's date in Panama, "YYYY-MM-DD".
export function panamaToday(now: Date): string {
  return toPanamaLocal(now).slice(0, 10);
}

// ---- Encounter form ------------------------------------------------------------------------

export interface EncounterForm {
  station_id: string;
  encountered_at: string | null;     // "YYYY-MM-DDTHH:MM" in Panama time; '' means the time of saving; null: incomplete
  name: string;
  birth_date: string | null;         // YYYY-MM-DD; null: not a date
  sex: string;
  nationality: string | null;        // alpha-3; null: the text names no country
  document_type: string;             // '' for none
  document_number: string;
  releasability: string[];
  photo: string | null;              // base64
}

export interface FieldProblem {
  field: keyof EncounterForm;
  problem: 'required' | 'alpha3' | 'country' | 'time' | 'future' | 'birthFuture' | 'birthDate' | 'documentPair' | 'documentNumber' | 'tooLong';
}

// What the form can tell before asking the server (the server checks everything again).
export function checkEncounterForm(f: EncounterForm, now: Date): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!f.station_id) out.push({ field: 'station_id', problem: 'required' });
  if (f.encountered_at === null) out.push({ field: 'encountered_at', problem: 'time' });
  else if (f.encountered_at.trim()) {
    const iso = panamaLocalToIso(f.encountered_at);
    if (!iso) out.push({ field: 'encountered_at', problem: 'time' });
    else if (Date.parse(iso) > now.getTime() + 5 * 60 * 1000) out.push({ field: 'encountered_at', problem: 'future' });
  }
  if (!f.name.trim()) out.push({ field: 'name', problem: 'required' });
  else if (nameBytes(f.name.trim()) > MAX_NAME_BYTES) out.push({ field: 'name', problem: 'tooLong' });
  if (f.birth_date === null) out.push({ field: 'birth_date', problem: 'birthDate' });
  else if (!f.birth_date) out.push({ field: 'birth_date', problem: 'required' });
  else if (f.birth_date > panamaToday(now)) out.push({ field: 'birth_date', problem: 'birthFuture' });
  if (!f.sex) out.push({ field: 'sex', problem: 'required' });
  if (f.nationality === null) out.push({ field: 'nationality', problem: 'country' });
  else if (!f.nationality.trim()) out.push({ field: 'nationality', problem: 'required' });
  else if (!/^[A-Za-z]{3}$/.test(f.nationality.trim())) out.push({ field: 'nationality', problem: 'alpha3' });
  const number = f.document_number.trim();
  if (f.document_type && !number) out.push({ field: 'document_number', problem: 'documentPair' });
  else if (!f.document_type && number) out.push({ field: 'document_type', problem: 'documentPair' });
  else if (number && !/^[A-Za-z0-9-]{1,40}$/.test(number)) out.push({ field: 'document_number', problem: 'documentNumber' });
  return out;
}

// The API measures a name in UTF-8 bytes (at most 200): an accented letter counts 2, a letter
// of another script 3. The form counts the same way instead of cutting the name silently.
export const MAX_NAME_BYTES = 200;
export function nameBytes(name: string): number {
  return new TextEncoder().encode(name).length;
}

// The JSON body of POST /api/v1/migration/encounters: trimmed text, upper-case codes, optional
// fields left out rather than sent empty (the API rejects a document type without a number).
export function buildEncounterBody(f: EncounterForm): NewEncounter {
  const body: NewEncounter = {
    station_id: f.station_id,
    name: f.name.trim(),
    birth_date: f.birth_date ?? '',
    sex: f.sex as Sex,
    nationality: (f.nationality ?? '').trim().toUpperCase(),
  };
  const at = f.encountered_at?.trim() ? panamaLocalToIso(f.encountered_at) : null;
  if (at) body.encountered_at = at;
  const number = f.document_number.trim().toUpperCase();
  if (f.document_type && number) {
    body.document_type = f.document_type as DocumentType;
    body.document_number = number;
  }
  body.releasability = [...new Set(f.releasability.map((r) => (r.startsWith('org:') ? r : r.toUpperCase())))];
  if (f.photo) body.photo = f.photo;
  return body;
}

// ---- Encounter list ------------------------------------------------------------------------

export interface EncounterFilters {
  name: string;                      // every word begins a word of the name, accents and case aside
  document_number: string;
  birth_date: string;                // YYYY-MM-DD
  station_id: string;
  nationality: string;
  person_id: string;
  from: string;                      // YYYY-MM-DD, Panama date, inclusive
  to: string;                        // YYYY-MM-DD, Panama date, inclusive
}

const ENCOUNTER_FILTER_KEYS = ['name', 'document_number', 'birth_date', 'station_id', 'nationality', 'person_id', 'from', 'to'] as const;

export const NO_ENCOUNTER_FILTERS: EncounterFilters = {
  name: '', document_number: '', birth_date: '', station_id: '', nationality: '', person_id: '', from: '', to: '',
};

// Start of a Panama calendar day in UTC: "2024-08-19" → "2024-08-19T05:00:00Z".
export function panamaDayStart(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? panamaLocalToIso(`${date}T00:00`) : null;
}

// Start of the day after: the exclusive end the API's ?to wants for an inclusive "to" date.
export function panamaDayEnd(date: string): string | null {
  const start = panamaDayStart(date);
  return start ? new Date(Date.parse(start) + 24 * 3600 * 1000).toISOString().replace(/\.000Z$/, 'Z') : null;
}

// The query of GET /api/v1/migration/encounters; `cursor` is the previous page's next_cursor
// (opaque, passed back as it came).
export function encounterQuery(f: EncounterFilters, limit: number, cursor?: string | null): string {
  const q = new URLSearchParams();
  if (f.name.trim()) q.set('name', f.name.trim().replace(/\s+/g, ' '));
  if (f.document_number.trim()) q.set('document_number', f.document_number.trim());
  if (f.birth_date) q.set('birth_date', f.birth_date);
  if (f.station_id) q.set('station_id', f.station_id);
  if (f.nationality.trim()) q.set('nationality', f.nationality.trim().toUpperCase());
  if (f.person_id.trim()) q.set('person_id', f.person_id.trim());
  const from = panamaDayStart(f.from);
  if (from) q.set('from', from);
  const to = panamaDayEnd(f.to);
  if (to) q.set('to', to);
  q.set('limit', String(limit));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

// What a few typed words look for, for the repatriation page's picker: a date (in the
// language's order or ISO) is a birth date; one word may be a document number or a name (both
// are asked); more words are a name.
export function pickerQueries(text: string, parseDate: (s: string) => string | null): Partial<EncounterFilters>[] {
  const s = text.trim();
  const date = parseDate(s);
  if (date) return [{ birth_date: date }];
  if (!/\s/.test(s)) return [{ document_number: s }, { name: s }];
  return [{ name: s }];
}

// ---- Trends --------------------------------------------------------------------------------

export interface TrendFilters {
  granularity: Granularity;
  from: string;                      // month: YYYY-MM; week: YYYY-MM-DD
  to: string;
  station_id: string;
  nationality: string;
  sex: string;
  age_group: string;
  top: number;
}

function ym(d: Date): string {
  return d.toISOString().slice(0, 7);
}

// The twelve months up to the current one (Panama time): the range when nothing is known of
// the data (see defaultTrendRange).
export function defaultTrendFilters(now: Date): TrendFilters {
  const today = panamaToday(now);
  return {
    granularity: 'month', from: addMonths(today.slice(0, 7), -11), to: today.slice(0, 7),
    station_id: '', nationality: '', sex: '', age_group: '', top: 5,
  };
}

// "2024-10" plus n months ("2023-11" for -11).
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  return ym(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + n, 1)));
}

// The months for which there are encounters the caller may see (the API's coverage).
export interface MonthCoverage {
  first: string;                     // YYYY-MM
  last: string;
}

// The latest twelve months that have data: up to the last month with encounters, not before
// the first. Without data, the twelve months up to now.
export function defaultTrendRange(coverage: MonthCoverage | null, now: Date): { from: string; to: string } {
  if (!coverage) {
    const d = defaultTrendFilters(now);
    return { from: d.from, to: d.to };
  }
  const to = coverage.last;
  const from = addMonths(to, -11);
  return { from: from < coverage.first ? coverage.first : from, to };
}

// Coverage read from a long monthly series (the fallback when the API does not say it): the
// first and last periods with encounters.
export function coverageOfSeries(series: readonly { period: string; encounters: number }[]): MonthCoverage | null {
  const withData = series.filter((p) => p.encounters > 0).map((p) => p.period.slice(0, 7)).sort();
  const first = withData[0];
  const last = withData[withData.length - 1];
  return first && last ? { first, last } : null;
}

// Whether a range reaches beyond the data, and whether the year before it does (then the
// year-on-year change compares with a partial year). Months of week dates count whole.
export function rangeGaps(from: string, to: string, coverage: MonthCoverage | null): { partial: boolean; previousPartial: boolean } {
  if (!coverage) return { partial: true, previousPartial: true };
  const f = from.slice(0, 7);
  const t = to.slice(0, 7);
  const outside = (a: string, b: string) => a < coverage.first || b > coverage.last;
  return { partial: outside(f, t), previousPartial: outside(addMonths(f, -12), addMonths(t, -12)) };
}

// A calendar year in the current granularity: months 01–12, or the weeks from 1 January to
// 31 December (the API takes each date as its ISO week's Monday).
export function yearRange(year: number, g: Granularity): { from: string; to: string } {
  return g === 'month' ? { from: `${year}-01`, to: `${year}-12` } : { from: `${year}-01-01`, to: `${year}-12-31` };
}

// Keeps the range when the granularity changes: a month becomes its first or last day, a
// date its month.
export function convertRange(f: TrendFilters, g: Granularity): TrendFilters {
  if (f.granularity === g) return f;
  if (g === 'month') return { ...f, granularity: g, from: f.from.slice(0, 7), to: f.to.slice(0, 7) };
  const [ty, tm] = f.to.split('-').map(Number);
  const lastDay = ty && tm ? new Date(Date.UTC(ty, tm, 0)).getUTCDate() : 28;
  return { ...f, granularity: g, from: `${f.from}-01`, to: `${f.to}-${String(lastDay).padStart(2, '0')}` };
}

// The query of /trends and /trends.csv; also the page address's query (readTrendFilters
// reads it back).
export function trendQuery(f: TrendFilters): string {
  const q = new URLSearchParams({ granularity: f.granularity, from: f.from, to: f.to });
  if (f.station_id) q.set('station_id', f.station_id);
  if (f.nationality.trim()) q.set('nationality', f.nationality.trim().toUpperCase());
  if (f.sex) q.set('sex', f.sex);
  if (f.age_group) q.set('age_group', f.age_group);
  if (f.top !== 5) q.set('top', String(f.top));
  return q.toString();
}

export function readTrendFilters(search: string, now: Date): TrendFilters {
  const d = defaultTrendFilters(now);
  const q = new URLSearchParams(search);
  const granularity: Granularity = q.get('granularity') === 'week' ? 'week' : 'month';
  const base = convertRange(d, granularity);
  const top = Number(q.get('top'));
  return {
    granularity,
    from: q.get('from') ?? base.from,
    to: q.get('to') ?? base.to,
    station_id: q.get('station_id') ?? '',
    nationality: q.get('nationality') ?? '',
    sex: q.get('sex') ?? '',
    age_group: q.get('age_group') ?? '',
    top: Number.isInteger(top) && top >= 1 && top <= 50 ? top : 5,
  };
}

export function readEncounterFilters(search: string): EncounterFilters {
  const q = new URLSearchParams(search);
  const out = { ...NO_ENCOUNTER_FILTERS };
  for (const k of ENCOUNTER_FILTER_KEYS) out[k] = q.get(k) ?? '';
  return out;
}

// The page address's query for the encounter filters (only those set).
export function encounterFiltersQuery(f: EncounterFilters): string {
  const q = new URLSearchParams();
  for (const k of ENCOUNTER_FILTER_KEYS) {
    if (f[k].trim()) q.set(k, f[k].trim());
  }
  return q.toString();
}

// ---- Seen before: what differs from what was just entered ---------------------------------

export type ComparedField = 'name' | 'nationality' | 'birth_date';

// The fields of an earlier record that differ from the new one: names compared without
// accents, case or extra spaces ("JOSE  PEREZ" is "José Pérez"); a field the earlier record
// lacks is not a difference.
export function differingFields(entered: { name: string; nationality: string; birth_date: string },
  earlier: { name?: string | null; nationality?: string | null; birth_date?: string | null }): ComparedField[] {
  const folded = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s.,'-]+/g, ' ').trim();
  const out: ComparedField[] = [];
  if (earlier.name && folded(earlier.name) !== folded(entered.name)) out.push('name');
  if (earlier.nationality && earlier.nationality.toUpperCase() !== entered.nationality.toUpperCase()) out.push('nationality');
  if (earlier.birth_date && earlier.birth_date !== entered.birth_date) out.push('birth_date');
  return out;
}

// ---- Corrections ---------------------------------------------------------------------------

export const CORRECTABLE = ['name', 'birth_date', 'sex', 'nationality', 'document_type', 'document_number'] as const;
export type Correctable = (typeof CORRECTABLE)[number];

// The fields a correction changes, as the PATCH body wants them ("" removes the document).
export function correctionChanges(before: Record<Correctable, string | null>, after: Record<Correctable, string>): Partial<Record<Correctable, string>> {
  const out: Partial<Record<Correctable, string>> = {};
  for (const k of CORRECTABLE) {
    const was = (before[k] ?? '').trim();
    const now = after[k].trim();
    const same = k === 'document_number' || k === 'nationality' ? was.toUpperCase() === now.toUpperCase() : was === now;
    if (!same) out[k] = k === 'document_number' || k === 'nationality' ? now.toUpperCase() : now;
  }
  // The type and the number go together: changing one sends both.
  if ('document_type' in out || 'document_number' in out) {
    out.document_type = after.document_type.trim();
    out.document_number = after.document_number.trim().toUpperCase();
  }
  return out;
}

// ---- Who may do what (src/migration/routes.cc; the server stays the authority) -----------

export const READERS: readonly Role[] = ['officer', 'analyst', 'supervisor'];
export const REGISTRARS: readonly Role[] = ['officer'];
export const CASE_WORKERS: readonly Role[] = ['officer', 'supervisor'];

// Cases and flights are changed by officers and supervisors of the owning organization only.
export function canChange(user: { roles: readonly Role[]; org: { id: string } }, record: { owner_org: string }): boolean {
  return hasAny(user.roles, CASE_WORKERS) && record.owner_org === user.org.id;
}
