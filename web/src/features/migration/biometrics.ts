// The pure parts of the biometrics pages (identify, watchlists): who may do what, the bodies the
// API expects, what the forms can tell before sending, and where the detected face sits over the
// photo. No DOM here: web/test/biometrics.test.ts covers all of it.
import type { FaceBox, NewWatchlistEntry, Role } from '../../lib/types';
import { hasAny } from '../../shell/session';

// ---- Who may do what (src/biometrics/routes.cc; the server stays the authority) -----------

export const IDENTIFIERS: readonly Role[] = ['officer', 'analyst'];
export const WATCHLIST_READERS: readonly Role[] = ['analyst', 'supervisor', 'admin'];
export const WATCHLIST_MANAGERS: readonly Role[] = ['supervisor', 'admin'];

// Creating a watchlist: supervisors and admins (it is owned by their organization).
export function canCreateWatchlist(user: { roles: readonly Role[] }): boolean {
  return hasAny(user.roles, WATCHLIST_MANAGERS);
}

// Adding and removing entries: supervisors and admins of the owning organization only.
export function canManageWatchlist(user: { roles: readonly Role[]; org: { id: string } }, list: { owner_org: string }): boolean {
  return hasAny(user.roles, WATCHLIST_MANAGERS) && list.owner_org === user.org.id;
}

// ---- Watchlist form ------------------------------------------------------------------------

export const MAX_WATCHLIST_NAME = 120;    // routes.cc: j.String("name", 120)
export const MAX_ENTRY_NAME = 200;
export const MAX_ENTRY_REASON = 500;

export function checkWatchlistName(name: string): 'required' | 'tooLong' | null {
  const n = name.trim();
  if (!n) return 'required';
  if ([...n].length > MAX_WATCHLIST_NAME) return 'tooLong';
  return null;
}

// ---- Watchlist entry form ------------------------------------------------------------------

// A person is listed either by the id of an encounter's person or by a photo of the face.
export type EntryBy = 'person' | 'photo';

export interface EntryForm {
  by: EntryBy;
  person_id: string;
  name: string;
  reason: string;
  photo: string | null;              // base64
}

export interface EntryProblem {
  field: 'person_id' | 'photo' | 'name' | 'reason';
  problem: 'required' | 'tooLong' | 'personId' | 'photoRequired';
}

// Person ids are the UUIDs the API gives (UUIDv7); the API itself takes any text up to 64.
const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPersonId(s: string): boolean {
  return PERSON_ID.test(s.trim());
}

export function checkEntryForm(f: EntryForm): EntryProblem[] {
  const out: EntryProblem[] = [];
  if (f.by === 'person') {
    if (!f.person_id.trim()) out.push({ field: 'person_id', problem: 'required' });
    else if (!isPersonId(f.person_id)) out.push({ field: 'person_id', problem: 'personId' });
  } else if (!f.photo) {
    out.push({ field: 'photo', problem: 'photoRequired' });
  }
  if ([...f.name.trim()].length > MAX_ENTRY_NAME) out.push({ field: 'name', problem: 'tooLong' });
  if (!f.reason.trim()) out.push({ field: 'reason', problem: 'required' });
  else if ([...f.reason.trim()].length > MAX_ENTRY_REASON) out.push({ field: 'reason', problem: 'tooLong' });
  return out;
}

// The JSON body of POST /watchlists/{id}/entries: only the chosen way of naming the person is
// sent (a person id left in the other mode must not travel), optional text left out when empty.
export function buildEntryBody(f: EntryForm): NewWatchlistEntry {
  const body: NewWatchlistEntry = { reason: f.reason.trim() };
  if (f.by === 'person') body.person_id = f.person_id.trim().toLowerCase();
  else if (f.photo) body.photo = f.photo;
  const name = f.name.trim();
  if (name) body.name = name;
  return body;
}

// ---- Identify ------------------------------------------------------------------------------

export const CANDIDATE_COUNTS = [5, 10, 20, 50] as const;

// The face's box as percentages of the photo, for an outline laid over the preview at any
// size. Clamped to the photo: the detector may report a box that leaves the frame.
export function boxPercent(box: FaceBox, width: number, height: number): { left: number; top: number; width: number; height: number } | null {
  if (!(width > 0) || !(height > 0)) return null;
  const x0 = Math.max(0, Math.min(width, box.left));
  const y0 = Math.max(0, Math.min(height, box.top));
  const x1 = Math.max(0, Math.min(width, box.left + box.width));
  const y1 = Math.max(0, Math.min(height, box.top + box.height));
  if (x1 <= x0 || y1 <= y0) return null;
  const pct = (v: number, of: number) => Math.round((v / of) * 10000) / 100;
  return { left: pct(x0, width), top: pct(y0, height), width: pct(x1 - x0, width), height: pct(y1 - y0, height) };
}

// Candidates best first: matches before non-matches, then by distance. The API sends them by
// distance already; this keeps the page right if it ever does not.
export function sortCandidates<T extends { distance: number; match: boolean }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(b.match) - Number(a.match) || a.distance - b.distance);
}

// Matching faces (templates) and the persons they belong to: one person enrolled twice shows
// as two matching faces.
export function matchCount(items: readonly { person_id: string; match: boolean }[]): { faces: number; persons: number } {
  const hits = items.filter((c) => c.match);
  return { faces: hits.length, persons: new Set(hits.map((c) => c.person_id)).size };
}

// One row per person, best first, from the faces the API found (the API's `people` when it
// sends them; this is the same grouping for an answer without them): the person's nearest
// face, how many of their faces were found and whether any matched.
export function groupByPerson<C extends { person_id: string; distance: number; match: boolean }>(items: readonly C[]):
  { person_id: string; distance: number; match: boolean; best: C; candidates: C[] }[] {
  const by = new Map<string, C[]>();
  for (const c of sortCandidates(items)) {
    const list = by.get(c.person_id) ?? [];
    list.push(c);
    by.set(c.person_id, list);
  }
  return [...by.entries()].map(([person_id, list]) => {
    const best = list[0] as C;
    return { person_id, distance: best.distance, match: list.some((c) => c.match), best, candidates: list };
  });
}

// A person id short enough for a table cell: the UUIDv7's first 4 hex digits (its time, alike
// among recent ones) and its last 8 (random). The full id stays in the cell's title and link.
export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 4)}…${id.slice(-8)}` : id;
}

// The encounters list filtered by a person (features/migration/encounters.ts reads it).
export function personEncountersPath(personId: string): string {
  return `/migration/encounters?${new URLSearchParams({ person_id: personId })}`;
}

// A watchlist's page, optionally with a person to add (from an encounter's page): the entry
// form opens filled in.
export function watchlistPath(id: string, prefill?: { person_id?: string; name?: string }): string {
  const q = new URLSearchParams();
  if (prefill?.person_id) q.set('person_id', prefill.person_id);
  if (prefill?.name) q.set('name', prefill.name);
  const s = q.toString();
  return `/migration/watchlists/${encodeURIComponent(id)}${s ? `?${s}` : ''}`;
}

export function readPrefill(search: string): { person_id: string; name: string } {
  const q = new URLSearchParams(search);
  return { person_id: q.get('person_id') ?? '', name: q.get('name') ?? '' };
}
