// The pure parts of the Migration (Darién) pages: the encounter body the API expects, the query
// strings of the encounter list and the trends (also kept in the page address, so that a
// filtered view can be bookmarked or shared), paging over the encounter list, and who may change
// what. No DOM here: web/test/migration.test.ts covers all of it.
import type { DocumentType, Granularity, NewEncounter, Role, Sex } from '../../lib/types';
import { hasAny } from '../../shell/session';

// ---- Time ----------------------------------------------------------------------------------

// Panama keeps UTC−05:00 all year (no daylight saving), so the officer's wall-clock time at a
// station converts to UTC by adding five hours.
const PANAMA_OFFSET_MS = 5 * 3600 * 1000;

// "2024-08-19T10:30" typed in Panama time → "2024-08-19T15:30:00Z"; null if not a time.
export function panamaLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mm, ss] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mm), Number(ss ?? 0));
  const date = new Date(ms + PANAMA_OFFSET_MS);
  if (Number.isNaN(date.getTime())) return null;
  // Reject 2024-02-31 and the like: the fields must survive the round trip.
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

// A moment as the value of an <input type="datetime-local"> in Panama time: "2024-08-19T10:30".
export function toPanamaLocal(d: Date): string {
  return new Date(d.getTime() - PANAMA_OFFSET_MS).toISOString().slice(0, 16);
}

// Today's date in Panama, "YYYY-MM-DD".
export function panamaToday(now: Date): string {
  return toPanamaLocal(now).slice(0, 10);
}

// ---- Encounter form ------------------------------------------------------------------------

export interface EncounterForm {
  station_id: string;
  encountered_at: string;            // datetime-local in Panama time; empty means "now" (server)
  name: string;
  birth_date: string;                // YYYY-MM-DD
  sex: string;
  nationality: string;
  document_type: string;             // '' for none
  document_number: string;
  releasability: string[];
  photo: string | null;              // base64
}

export interface FieldProblem {
  field: keyof EncounterForm;
  problem: 'required' | 'alpha3' | 'time' | 'future' | 'birthFuture' | 'documentPair' | 'documentNumber';
}

// What the form can tell before asking the server (the server checks everything again).
export function checkEncounterForm(f: EncounterForm, now: Date): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!f.station_id) out.push({ field: 'station_id', problem: 'required' });
  if (f.encountered_at.trim()) {
    const iso = panamaLocalToIso(f.encountered_at);
    if (!iso) out.push({ field: 'encountered_at', problem: 'time' });
    else if (Date.parse(iso) > now.getTime() + 5 * 60 * 1000) out.push({ field: 'encountered_at', problem: 'future' });
  }
  if (!f.name.trim()) out.push({ field: 'name', problem: 'required' });
  if (!f.birth_date) out.push({ field: 'birth_date', problem: 'required' });
  else if (f.birth_date > panamaToday(now)) out.push({ field: 'birth_date', problem: 'birthFuture' });
  if (!f.sex) out.push({ field: 'sex', problem: 'required' });
  if (!f.nationality.trim()) out.push({ field: 'nationality', problem: 'required' });
  else if (!/^[A-Za-z]{3}$/.test(f.nationality.trim())) out.push({ field: 'nationality', problem: 'alpha3' });
  const number = f.document_number.trim();
  if (f.document_type && !number) out.push({ field: 'document_number', problem: 'documentPair' });
  else if (!f.document_type && number) out.push({ field: 'document_type', problem: 'documentPair' });
  else if (number && !/^[A-Za-z0-9-]{1,40}$/.test(number)) out.push({ field: 'document_number', problem: 'documentNumber' });
  return out;
}

// The JSON body of POST /api/v1/migration/encounters: trimmed text, upper-case codes, optional
// fields left out rather than sent empty (the API rejects a document type without a number).
export function buildEncounterBody(f: EncounterForm): NewEncounter {
  const body: NewEncounter = {
    station_id: f.station_id,
    name: f.name.trim(),
    birth_date: f.birth_date,
    sex: f.sex as Sex,
    nationality: f.nationality.trim().toUpperCase(),
  };
  const at = f.encountered_at.trim() ? panamaLocalToIso(f.encountered_at) : null;
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
  station_id: string;
  nationality: string;
  person_id: string;
  from: string;                      // YYYY-MM-DD, Panama date, inclusive
  to: string;                        // YYYY-MM-DD, Panama date, inclusive
}

export const NO_ENCOUNTER_FILTERS: EncounterFilters = { station_id: '', nationality: '', person_id: '', from: '', to: '' };

// Start of a Panama calendar day in UTC: "2024-08-19" → "2024-08-19T05:00:00Z".
export function panamaDayStart(date: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? panamaLocalToIso(`${date}T00:00`) : null;
}

// Start of the day after: the exclusive end the API's ?to wants for an inclusive "to" date.
export function panamaDayEnd(date: string): string | null {
  const start = panamaDayStart(date);
  return start ? new Date(Date.parse(start) + 24 * 3600 * 1000).toISOString().replace(/\.000Z$/, 'Z') : null;
}

// The query of GET /api/v1/migration/encounters. `before` (an encountered_at of the API) ends
// the page there instead of at the "to" date: the keyset of "load more".
export function encounterQuery(f: EncounterFilters, limit: number, before?: string): string {
  const q = new URLSearchParams();
  if (f.station_id) q.set('station_id', f.station_id);
  if (f.nationality.trim()) q.set('nationality', f.nationality.trim().toUpperCase());
  if (f.person_id.trim()) q.set('person_id', f.person_id.trim());
  const from = panamaDayStart(f.from);
  if (from) q.set('from', from);
  const to = before ?? panamaDayEnd(f.to);
  if (to) q.set('to', to);
  q.set('limit', String(limit));
  return q.toString();
}

export interface PageCursor {
  before: string;                    // the API's ?to (exclusive)
  limit: number;
  seen: Set<string>;                 // ids already shown that the next answer repeats
}

// The list is newest first (encountered_at DESC, id DESC) and the API pages only by ?limit and
// an exclusive ?to. The next page asks for everything before the last time shown plus one
// millisecond, so that encounters sharing that exact time are not skipped, and drops those
// already shown. Null when the last page was short (nothing more).
export function nextPageCursor(items: readonly { id: string; encountered_at: string }[], pageSize: number): PageCursor | null {
  if (items.length < pageSize) return null;
  const last = items[items.length - 1];
  if (!last) return null;
  const t = Date.parse(last.encountered_at);
  if (Number.isNaN(t)) return null;
  const same = items.filter((e) => Date.parse(e.encountered_at) === t);
  return {
    before: new Date(t + 1).toISOString(),
    limit: Math.min(1000, pageSize + same.length),
    seen: new Set(same.map((e) => e.id)),
  };
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

// The twelve months up to the current one (Panama time).
export function defaultTrendFilters(now: Date): TrendFilters {
  const today = panamaToday(now);
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const start = new Date(Date.UTC(y, m - 12, 1));
  return {
    granularity: 'month', from: ym(start), to: today.slice(0, 7),
    station_id: '', nationality: '', sex: '', age_group: '', top: 5,
  };
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
  return {
    station_id: q.get('station_id') ?? '',
    nationality: q.get('nationality') ?? '',
    person_id: q.get('person_id') ?? '',
    from: q.get('from') ?? '',
    to: q.get('to') ?? '',
  };
}

// The page address's query for the encounter filters (only those set).
export function encounterFiltersQuery(f: EncounterFilters): string {
  const q = new URLSearchParams();
  for (const k of ['station_id', 'nationality', 'person_id', 'from', 'to'] as const) {
    if (f[k].trim()) q.set(k, f[k].trim());
  }
  return q.toString();
}

// ---- Who may do what (src/migration/routes.cc; the server stays the authority) -----------

export const READERS: readonly Role[] = ['officer', 'analyst', 'supervisor'];
export const REGISTRARS: readonly Role[] = ['officer'];
export const CASE_WORKERS: readonly Role[] = ['officer', 'supervisor'];

// Cases and flights are changed by officers and supervisors of the owning organization only.
export function canChange(user: { roles: readonly Role[]; org: { id: string } }, record: { owner_org: string }): boolean {
  return hasAny(user.roles, CASE_WORKERS) && record.owner_org === user.org.id;
}
