// The pure part of the canal pages: who may do what (the roles of docs/canal.md, checked again
// by the server), the filters kept in a page's address, the vessel's behaviour as badges, the
// yield figures as text, the lane rates and the inspection result form read into the API's body
// with the problems of each field, and a rule error's place in the editor's text. No DOM.
import { readDrugRows, type DrugRow } from '../../lib/drugs';
import { parseAmount } from '../../lib/format';
import {
  CANAL_DRUGS, CANAL_LANES, SCORE_SELECTIONS, type CanalDrug, type Inspection, type InspectionResultBody, type LocalizedText,
  type PhysicalExam, type Role, type ScanResult, type SealCheck, type VesselBehaviourCounts, type WeightSuggestion,
} from '../../lib/types';
import type { Lang } from '../../lib/format';

export interface Actor {
  orgId: string;
  roles: readonly Role[];
}

const any = (actor: Actor, roles: readonly Role[]) => actor.roles.some((r) => roles.includes(r));

// Officers, analysts and supervisors read the canal's records; admins see nothing of it.
export const CANAL_READERS: readonly Role[] = ['officer', 'analyst', 'supervisor'];
export function mayReadCanal(actor: Actor): boolean {
  return any(actor, CANAL_READERS);
}
// Rules and lists: analysts of the owning organization write (create, new version, retire,
// reactivate); a new one belongs to the analyst's organization.
export function mayWriteRules(actor: Actor, ownerOrg?: string): boolean {
  return any(actor, ['analyst']) && (ownerOrg === undefined || ownerOrg === actor.orgId);
}
// Suggested weights from the yield: analysts and supervisors (of the rules' organization).
export function mayReadSuggestions(actor: Actor): boolean {
  return any(actor, ['analyst', 'supervisor']);
}
// Lane rates and inspection units: supervisors of the organization.
export function mayManageLanes(actor: Actor): boolean {
  return any(actor, ['supervisor']);
}
// Scoring by hand (imports score their own lines): analysts and supervisors.
export function mayScore(actor: Actor): boolean {
  return any(actor, ['analyst', 'supervisor']);
}
// Importing manifests and transits: officers and analysts.
export function mayImport(actor: Actor): boolean {
  return any(actor, ['officer', 'analyst']);
}
// Queueing a line by hand: supervisors of the line's organization (a line released to them by
// another organization is that organization's to inspect).
export function mayQueue(actor: Actor, line: { owner_org: string }): boolean {
  return any(actor, ['supervisor']) && line.owner_org === actor.orgId;
}
// Assigning to a unit and cancelling: supervisors of the inspection's organization, while it is open.
export function mayAssign(actor: Actor, i: Pick<Inspection, 'status' | 'owner_org'>): boolean {
  return any(actor, ['supervisor']) && i.owner_org === actor.orgId && (i.status === 'queued' || i.status === 'assigned');
}
// Correcting a done result (with a reason): supervisors of the inspection's organization.
export function mayCorrect(actor: Actor, i: Pick<Inspection, 'status' | 'owner_org'>): boolean {
  return any(actor, ['supervisor']) && i.owner_org === actor.orgId && i.status === 'done';
}
// Recording a result: officers of the inspection's organization, once it is assigned to a unit.
export function mayRecord(actor: Actor, i: Pick<Inspection, 'status' | 'unit' | 'owner_org'>): boolean {
  return any(actor, ['officer']) && i.owner_org === actor.orgId && i.status === 'assigned' && i.unit !== null;
}

// ---- Filters kept in the address ------------------------------------------------------------

export interface ScoreFilters {
  lane: string;        // '' any, else a CanalLane
  selection: string;   // '' any, else a CanalSelection
  minScore: string;    // '' none, else an integer ≥ 0
  transitId: string;   // '' any, else the containers of one transit (a transit page links here)
  importId: string;    // '' any, else the lines of one import
}

export function readScoreFilters(search: string): ScoreFilters {
  const q = new URLSearchParams(search);
  const lane = q.get('lane') ?? '';
  const selection = q.get('selection') ?? '';
  const min = (q.get('min_score') ?? '').trim();
  return {
    lane: (CANAL_LANES as readonly string[]).includes(lane) ? lane : '',
    selection: (SCORE_SELECTIONS as readonly string[]).includes(selection) ? selection : '',
    minScore: /^\d{1,4}$/.test(min) ? String(Number(min)) : '',
    transitId: uuidOr(q.get('transit_id')),
    importId: uuidOr(q.get('import_id')),
  };
}

const uuidOr = (v: string | null): string => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : '');

// The page's address and the API's query share the names (lane, selection, min_score, transit_id,
// import_id).
export function scoreFiltersQuery(f: ScoreFilters): string {
  const p = new URLSearchParams();
  if (f.lane) p.set('lane', f.lane);
  if (f.selection) p.set('selection', f.selection);
  if (f.minScore) p.set('min_score', f.minScore);
  if (f.transitId) p.set('transit_id', f.transitId);
  if (f.importId) p.set('import_id', f.importId);
  return p.toString();
}

// ---- The vessel's behaviour as badges --------------------------------------------------------

export type BehaviourKind = 'gaps' | 'encounters' | 'loitering' | 'source_port_calls' | 'alerts';
export const BEHAVIOUR_KINDS: readonly BehaviourKind[] = ['gaps', 'encounters', 'loitering', 'source_port_calls', 'alerts'];

export interface BehaviourBadge {
  kind: BehaviourKind;
  count: number;
  hours: number | null;      // dark hours, for the gaps
  critical: boolean;         // an encounter at sea, a call at a source-country port or an open alert
}

// One badge per kind of behaviour seen in the 30 days (nothing for a clean record); the counts
// are the server's.
export function behaviourBadges(b: VesselBehaviourCounts | null | undefined): BehaviourBadge[] {
  if (!b) return [];
  const out: BehaviourBadge[] = [];
  for (const kind of BEHAVIOUR_KINDS) {
    const count = Number(b[kind] ?? 0);
    if (!(count > 0)) continue;
    out.push({
      kind, count,
      hours: kind === 'gaps' && b.dark_hours > 0 ? b.dark_hours : null,
      critical: kind === 'encounters' || kind === 'source_port_calls' || kind === 'alerts',
    });
  }
  return out;
}

// ---- Yield -----------------------------------------------------------------------------------

// "12.5 % (8.1–18.0 %)": a hit rate with its 95% interval; '—' when nothing was inspected.
export function rateWithInterval(rate: number | null, low: number | null, high: number | null, pct: (x: number) => string): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  if (low === null || high === null) return pct(rate);
  return `${pct(rate)} (${pct(low)}–${pct(high)})`;
}

// "×4.2": how many times the random baseline's hit rate; '—' without a baseline.
export function liftText(lift: number | null | undefined, num: (x: number, digits: number) => string): string {
  if (lift === null || lift === undefined || !Number.isFinite(lift)) return '—';
  return `×${num(lift, 1)}`;
}

// A rule's explanation in the page's language, else the other one (a rule written in one only).
export function explanationIn(e: LocalizedText | null | undefined, lang: Lang): string {
  if (!e) return '';
  return (lang === 'en' ? e.en || e.es : e.es || e.en) ?? '';
}

// ---- Suggested weights -----------------------------------------------------------------------

// What the rules list shows for a rule's suggested weight (docs/canal.md, "Weights from yield"):
// a new weight to apply, the weight it already has, retire, or why there is too little evidence.
// The server says "insufficient" without saying whose inspections are short; the rule's own count
// is checked first because that is the one the analyst can act on (by inspecting its hits).
export type SuggestionState =
  | { kind: 'apply'; weight: number }
  | { kind: 'keep'; weight: number }
  | { kind: 'retire' }
  | { kind: 'insufficient'; short: 'rule' | 'baseline'; have: number; need: number };

export function suggestionState(s: Pick<WeightSuggestion, 'action' | 'suggested_weight' | 'inspected'>, currentWeight: number,
  baselineInspected: number, minInspected: number): SuggestionState {
  if (s.action === 'retire') return { kind: 'retire' };
  if (s.action === 'weight' && s.suggested_weight !== null) {
    return s.suggested_weight === currentWeight ? { kind: 'keep', weight: currentWeight } : { kind: 'apply', weight: s.suggested_weight };
  }
  if (s.inspected < minInspected) return { kind: 'insufficient', short: 'rule', have: s.inspected, need: minInspected };
  return { kind: 'insufficient', short: 'baseline', have: baselineInspected, need: minInspected };
}

// The day an applied suggestion is dated by in its version note: the user's calendar day,
// "2026-11-28", the same in both languages.
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// ---- Lane rates ------------------------------------------------------------------------------

export interface LaneForm {
  red: string;       // percentages as typed, either decimal mark
  yellow: string;
  random: string;
}
export type LaneProblem = { field: 'red_rate' | 'yellow_rate' | 'random_rate'; problem: 'number' | 'range' } | { field: 'sum'; problem: 'sum' };

// Percentages → the API's fractions; each 0–100 %, together at most 100 %.
export function laneRates(f: LaneForm): { rates: { red_rate: number; yellow_rate: number; random_rate: number }; problems: LaneProblem[] } {
  const problems: LaneProblem[] = [];
  const read = (text: string, field: 'red_rate' | 'yellow_rate' | 'random_rate'): number => {
    const v = parseAmount(text);
    if (v === null) {
      problems.push({ field, problem: 'number' });
      return 0;
    }
    if (v > 100) problems.push({ field, problem: 'range' });
    return Math.round(v * 1000) / 100000;
  };
  const rates = { red_rate: read(f.red, 'red_rate'), yellow_rate: read(f.yellow, 'yellow_rate'), random_rate: read(f.random, 'random_rate') };
  if (problems.length === 0 && rates.red_rate + rates.yellow_rate + rates.random_rate > 1 + 1e-9) problems.push({ field: 'sum', problem: 'sum' });
  return { rates, problems };
}

// A fraction as the percentage typed in the lane form: 0.01 → "1", 0.025 → "2.5".
export function percentText(fraction: number): string {
  return String(Math.round(fraction * 100000) / 1000);
}

// ---- The inspection result form --------------------------------------------------------------

export type { DrugRow } from '../../lib/drugs';
export interface ResultForm {
  scan: string;
  exam: string;
  seal: string;
  result: string;           // '' until chosen
  drugs: DrugRow[];
  other: string;
  notes: string;
}
export interface ResultProblem {
  field: string;            // the JSON pointer the API would name: "/drugs/0/kg"
  problem: 'required' | 'number' | 'positive' | 'positiveNeedsFinding' | 'negativeHasFinding';
}

// Empty drug rows are not sent; a positive needs drugs or other contraband, a negative neither.
export function resultBody(f: ResultForm): { body: InspectionResultBody; problems: ResultProblem[] } {
  const read = readDrugRows<CanalDrug>(f.drugs, CANAL_DRUGS, 'other');
  const problems: ResultProblem[] = [...read.problems];
  const drugs: InspectionResultBody['drugs'] = read.drugs;
  for (const [field, v] of [['/scan_result', f.scan], ['/physical_exam', f.exam], ['/seal_check', f.seal], ['/result', f.result]] as const) {
    if (!v) problems.push({ field, problem: 'required' });
  }
  const other = f.other.trim();
  if (f.result === 'positive' && drugs.length === 0 && !other) problems.push({ field: '/result', problem: 'positiveNeedsFinding' });
  if (f.result === 'negative' && (drugs.length > 0 || other)) problems.push({ field: '/result', problem: 'negativeHasFinding' });
  return {
    body: {
      scan_result: f.scan as ScanResult, physical_exam: f.exam as PhysicalExam, seal_check: f.seal as SealCheck,
      result: f.result === 'positive' ? 'positive' : 'negative', drugs, other_contraband: other, notes: f.notes.trim(),
    },
    problems,
  };
}

// ---- Rule editor -----------------------------------------------------------------------------

// The line of `text` that a 1-based (line, column) points into, and the caret under that column
// (tabs kept, so that the caret lines up under a monospace line).
export function errorPointer(text: string, line: number | null, column: number | null): { source: string; caret: string; offset: number } | null {
  const lines = text.split('\n');
  if (line === null || !(line >= 1 && line <= lines.length)) return null;
  const source = lines[line - 1] ?? '';
  const col = Math.max(1, Math.min(column ?? 1, source.length + 1));
  const caret = `${source.slice(0, col - 1).replace(/[^\t]/g, ' ')}^`;
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += (lines[i]?.length ?? 0) + 1;
  return { source, caret, offset: offset + col - 1 };
}

// A list's items typed one per line (or separated by commas), trimmed, empty ones dropped,
// the first of each repeated item kept.
export function parseItems(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]/)) {
    const item = raw.trim();
    if (item && !seen.has(item)) {
      seen.add(item);
      out.push(item);
    }
  }
  return out;
}

// A rule's weight typed in the editor: an integer 1..100, else null.
export function parseWeight(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const v = Number(s);
  return v >= 1 && v <= 100 ? v : null;
}
