// The pure parts of the biometrics pages (src/features/migration/biometrics.ts): who may do what,
// the watchlist and entry forms and bodies, the face box over the photo, the candidates' order and
// the addresses.
import { describe, expect, it } from 'vitest';
import {
  boxPercent, buildEntryBody, canCreateWatchlist, canManageWatchlist, checkEntryForm, checkWatchlistName, isPersonId, matchCount,
  personEncountersPath, readPrefill, shortId, sortCandidates, watchlistPath, type EntryForm,
} from '../src/features/migration/biometrics';
import { readEncounterFilters } from '../src/features/migration/logic';
import type { Role } from '../src/lib/types';

const PERSON = '01936f1e-7c2a-7b3d-9e4f-0123456789ab';
const user = (roles: Role[], org = 'org-a') => ({ roles, org: { id: org } });

describe('who may change watchlists', () => {
  it('lets supervisors and admins create lists, not officers or analysts', () => {
    expect(canCreateWatchlist(user(['supervisor']))).toBe(true);
    expect(canCreateWatchlist(user(['admin']))).toBe(true);
    expect(canCreateWatchlist(user(['officer']))).toBe(false);
    expect(canCreateWatchlist(user(['analyst']))).toBe(false);
  });

  it('lets only the owning organization’s supervisors and admins change entries', () => {
    const list = { owner_org: 'org-a' };
    expect(canManageWatchlist(user(['supervisor']), list)).toBe(true);
    expect(canManageWatchlist(user(['admin']), list)).toBe(true);
    expect(canManageWatchlist(user(['supervisor'], 'org-b'), list)).toBe(false);
    expect(canManageWatchlist(user(['analyst']), list)).toBe(false);
    expect(canManageWatchlist(user(['officer', 'analyst']), list)).toBe(false);
  });
});

describe('watchlist form', () => {
  it('needs a name of at most 120 characters', () => {
    expect(checkWatchlistName('  ')).toBe('required');
    expect(checkWatchlistName('Notificaciones rojas')).toBeNull();
    expect(checkWatchlistName('x'.repeat(120))).toBeNull();
    expect(checkWatchlistName('x'.repeat(121))).toBe('tooLong');
    // Characters, not UTF-16 units: 120 accented letters still fit.
    expect(checkWatchlistName('é'.repeat(120))).toBeNull();
  });
});

describe('entry form', () => {
  const base: EntryForm = { by: 'person', person_id: PERSON, name: '', reason: 'Notificación roja', photo: null };

  it('accepts a person id or a photo, with a reason', () => {
    expect(checkEntryForm(base)).toEqual([]);
    expect(checkEntryForm({ ...base, by: 'photo', person_id: '', photo: 'AAAA' })).toEqual([]);
  });

  it('names the field of each problem', () => {
    expect(checkEntryForm({ ...base, person_id: ' ' })).toEqual([{ field: 'person_id', problem: 'required' }]);
    expect(checkEntryForm({ ...base, person_id: 'not-a-uuid' })).toEqual([{ field: 'person_id', problem: 'personId' }]);
    expect(checkEntryForm({ ...base, by: 'photo' })).toEqual([{ field: 'photo', problem: 'photoRequired' }]);
    expect(checkEntryForm({ ...base, reason: '' })).toEqual([{ field: 'reason', problem: 'required' }]);
    expect(checkEntryForm({ ...base, reason: 'x'.repeat(501) })).toEqual([{ field: 'reason', problem: 'tooLong' }]);
    expect(checkEntryForm({ ...base, name: 'x'.repeat(201) })).toEqual([{ field: 'name', problem: 'tooLong' }]);
  });

  it('sends only the chosen way of naming the person, trimmed, without empty optional fields', () => {
    expect(buildEntryBody({ ...base, person_id: ` ${PERSON.toUpperCase()} `, reason: ' Motivo ', photo: 'AAAA' }))
      .toEqual({ person_id: PERSON, reason: 'Motivo' });
    expect(buildEntryBody({ ...base, by: 'photo', photo: 'AAAA', name: ' Juan Pérez ' }))
      .toEqual({ photo: 'AAAA', name: 'Juan Pérez', reason: 'Notificación roja' });
  });

  it('recognizes the API’s person ids', () => {
    expect(isPersonId(PERSON)).toBe(true);
    expect(isPersonId(` ${PERSON} `)).toBe(true);
    expect(isPersonId(PERSON.slice(1))).toBe(false);
    expect(isPersonId('')).toBe(false);
  });
});

describe('face box', () => {
  it('becomes percentages of the photo', () => {
    expect(boxPercent({ left: 100, top: 50, width: 200, height: 100 }, 400, 200)).toEqual({ left: 25, top: 25, width: 50, height: 50 });
  });

  it('is clamped to the photo, and absent when outside it or without a size', () => {
    expect(boxPercent({ left: -20, top: -10, width: 120, height: 60 }, 200, 100)).toEqual({ left: 0, top: 0, width: 50, height: 50 });
    expect(boxPercent({ left: 150, top: 80, width: 100, height: 100 }, 200, 100)).toEqual({ left: 75, top: 80, width: 25, height: 20 });
    expect(boxPercent({ left: 300, top: 0, width: 10, height: 10 }, 200, 100)).toBeNull();
    expect(boxPercent({ left: 0, top: 0, width: 10, height: 10 }, 0, 0)).toBeNull();
  });
});

describe('candidates', () => {
  it('puts matches first, then the nearest', () => {
    const c = (distance: number, match: boolean) => ({ distance, match });
    expect(sortCandidates([c(0.7, false), c(0.5, true), c(0.3, true), c(0.65, false)]))
      .toEqual([c(0.3, true), c(0.5, true), c(0.65, false), c(0.7, false)]);
  });
});

describe('addresses', () => {
  it('links a person to the encounter list filtered by person, which that page reads back', () => {
    const path = personEncountersPath(PERSON);
    expect(path).toBe(`/migration/encounters?person_id=${PERSON}`);
    expect(readEncounterFilters(path.slice(path.indexOf('?'))).person_id).toBe(PERSON);
  });

  it('carries a person to add into a watchlist page and reads it back', () => {
    expect(watchlistPath('w 1')).toBe('/migration/watchlists/w%201');
    const path = watchlistPath('w1', { person_id: PERSON, name: 'Ana María' });
    expect(path).toBe(`/migration/watchlists/w1?person_id=${PERSON}&name=Ana+Mar%C3%ADa`);
    expect(readPrefill(path.slice(path.indexOf('?')))).toEqual({ person_id: PERSON, name: 'Ana María' });
    expect(readPrefill('')).toEqual({ person_id: '', name: '' });
  });
});

describe('match summary and short ids', () => {
  it('counts matching faces and the persons they belong to', () => {
    expect(matchCount([
      { person_id: 'a', match: true }, { person_id: 'a', match: true }, { person_id: 'b', match: true }, { person_id: 'c', match: false },
    ])).toEqual({ faces: 3, persons: 2 });
    expect(matchCount([])).toEqual({ faces: 0, persons: 0 });
  });

  it('shortens a UUID to its first 4 and last 8 hex digits', () => {
    expect(shortId(PERSON)).toBe('0193…456789ab');
    expect(shortId('short')).toBe('short');
  });
});
