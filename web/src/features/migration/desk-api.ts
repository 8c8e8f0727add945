// The desk's API calls beyond the shell's client (issue 12): the country list, trend coverage,
// name search with its total and cursor, corrections and their history, photos and the
// caller's home station and default releasability. They go through Api.request, so they share
// the session, the CSRF value, the progress bar and the errors of every other call.
import type {
  Candidate, EarlierEncounter, Encounter, Identification, Registration, Trends, User, WatchlistHit,
} from '../../lib/types';
import type { Api } from '../../shell/api';
import type { Country } from '../../ui/country-picker';

// The latest encounter of a person that the reader may see (or a watchlist entry's subject).
export interface PersonSummary {
  name: string;
  nationality?: string | null;
  birth_date?: string | null;
  sex?: string | null;
  encounter_id?: string | null;
}

export interface DeskEncounter extends Encounter {
  photo_url?: string | null;
}
export interface DeskEarlier extends EarlierEncounter {
  photo_url?: string | null;
}
export interface DeskCandidate extends Candidate {
  photo_url?: string | null;
  person?: PersonSummary | null;
}
export interface DeskHit extends WatchlistHit {
  photo_url?: string | null;
  person?: PersonSummary | null;
}
export interface DeskRegistration extends Omit<Registration, 'encounter' | 'earlier' | 'watchlist_hits'> {
  encounter: DeskEncounter;
  earlier: DeskEarlier[];
  watchlist_hits: DeskHit[];
}
export interface PersonRow {
  person_id: string;
  distance: number;
  person: PersonSummary | null;
  photo_url: string | null;
  candidates: DeskCandidate[];
}
export interface DeskIdentification extends Omit<Identification, 'candidates' | 'watchlist_hits'> {
  candidates: DeskCandidate[];
  watchlist_hits: DeskHit[];
  people?: PersonRow[];
}

export interface EncounterPage {
  items: DeskEncounter[];
  total?: number;
  next_cursor?: string | null;
}

export interface Coverage {
  first: string;                     // YYYY-MM
  last: string;
}
export interface DeskTrends extends Trends {
  coverage?: Coverage | null;
  partial?: boolean;
  previous_partial?: boolean;
}

export interface Revision {
  id: string;
  changed_at: string;
  changed_by: string;
  changed_by_org: string;
  reason: string;
  changes: { field: string; old: string | null; new: string | null }[];
}

// Only the fields that change, and why ("" and "" remove the document).
export type EncounterCorrection = Partial<Record<'name' | 'birth_date' | 'sex' | 'nationality' | 'document_type' | 'document_number', string>> & {
  reason: string;
};

// The caller as /api/v1/me tells it, with the fields of issue 12.
export interface DeskUser extends User {
  home_station?: string | null;
  org_default_releasability?: string[] | null;
}

let countriesCache: Promise<Country[]> | null = null;
export function countries(api: Api): Promise<Country[]> {
  countriesCache ??= api.countries().then((r) => r.items);
  countriesCache.catch(() => { countriesCache = null; });
  return countriesCache;
}

export function me(api: Api): Promise<DeskUser> {
  return api.request('GET', '/api/v1/me');
}

export function searchEncounters(api: Api, query: string): Promise<EncounterPage> {
  return api.request('GET', `/api/v1/migration/encounters?${query}`);
}

export function encounter(api: Api, id: string): Promise<DeskEncounter> {
  return api.request('GET', `/api/v1/migration/encounters/${encodeURIComponent(id)}`);
}

export function correctEncounter(api: Api, id: string, fix: EncounterCorrection): Promise<DeskEncounter> {
  return api.request('PATCH', `/api/v1/migration/encounters/${encodeURIComponent(id)}`, fix);
}

export function encounterHistory(api: Api, id: string): Promise<{ items: Revision[] }> {
  return api.request('GET', `/api/v1/migration/encounters/${encodeURIComponent(id)}/history`);
}

export function trends(api: Api, query: string): Promise<DeskTrends> {
  return api.request('GET', `/api/v1/migration/trends?${query}`);
}

export function trendCoverage(api: Api): Promise<Coverage | null> {
  return api.request('GET', '/api/v1/migration/trends/coverage');
}
