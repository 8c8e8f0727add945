// The pure parts of the Migration pages (src/features/migration/logic.ts) and of the photo and
// API helpers they use (src/lib/photo.ts, src/shell/api.ts, src/shell/errors.ts): the encounter
// body, the photo's base64, Panama time, the list and trend query strings, paging and who may
// change what.
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../src/lib/format';
import {
  buildEncounterBody, canChange, checkEncounterForm, convertRange, defaultTrendFilters, encounterFiltersQuery,
  encounterQuery, NO_ENCOUNTER_FILTERS, panamaDayEnd, panamaDayStart, panamaLocalToIso,
  readEncounterFilters, readTrendFilters, toPanamaLocal, trendQuery, yearRange, type EncounterForm,
} from '../src/features/migration/logic';
import { bytesToBase64, MAX_PHOTO_BYTES, photoProblem, sniffImage } from '../src/lib/photo';
import { filenameFromDisposition } from '../src/shell/api';
import { fieldOfPointer } from '../src/shell/errors';

const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('photo', () => {
  it('encodes bytes as standard base64 with padding, like the API decodes', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255, 256, 0x8000 - 1, 0x8000, 0x8000 + 1, 100_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + 11) & 0xff);
      expect(bytesToBase64(bytes), `length ${n}`).toBe(Buffer.from(bytes).toString('base64'));
    }
    expect(bytesToBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
  });

  it('tells JPEG and PNG from anything else by their first bytes', () => {
    expect(sniffImage(new Uint8Array([...JPEG_HEAD, 0, 0]))).toBe('jpeg');
    expect(sniffImage(new Uint8Array([...PNG_HEAD, 0]))).toBe('png');
    expect(sniffImage(new TextEncoder().encode('GIF89a……'))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('not an image'))).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('refuses an empty file, a non-image and one over 6 MiB before sending', () => {
    expect(photoProblem(new Uint8Array())).toBe('empty');
    expect(photoProblem(new TextEncoder().encode('hello'))).toBe('type');
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(JPEG_HEAD);
    expect(photoProblem(big)).toBe('size');
    const ok = new Uint8Array(MAX_PHOTO_BYTES);
    ok.set(PNG_HEAD);
    expect(photoProblem(ok)).toBeNull();
  });
});

describe('Panama time', () => {
  it('turns a wall-clock time at a station into UTC (UTC−5 all year)', () => {
    expect(panamaLocalToIso('2024-08-19T10:30')).toBe('2024-08-19T15:30:00Z');
    expect(panamaLocalToIso('2024-12-31T21:15:09')).toBe('2025-01-01T02:15:09Z');
    // No daylight saving: January and July convert alike.
    expect(panamaLocalToIso('2024-01-15T12:00')).toBe('2024-01-15T17:00:00Z');
    expect(panamaLocalToIso('2024-07-15T12:00')).toBe('2024-07-15T17:00:00Z');
  });
  it('rejects what is not a time', () => {
    expect(panamaLocalToIso('')).toBeNull();
    expect(panamaLocalToIso('2024-02-31T10:00')).toBeNull();
    expect(panamaLocalToIso('19/08/2024 10:30')).toBeNull();
  });
  it('shows a moment as the datetime-local value in Panama', () => {
    expect(toPanamaLocal(new Date('2024-08-20T04:57:06Z'))).toBe('2024-08-19T23:57');
  });
  it('gives the UTC bounds of a Panama calendar day', () => {
    expect(panamaDayStart('2024-08-19')).toBe('2024-08-19T05:00:00Z');
    expect(panamaDayEnd('2024-08-19')).toBe('2024-08-20T05:00:00Z');
    expect(panamaDayStart('')).toBeNull();
  });
});

describe('encounter form', () => {
  const now = new Date('2024-08-20T12:00:00Z');
  const form = (over: Partial<EncounterForm> = {}): EncounterForm => ({
    station_id: 'ERM-LAJAS-BLANCAS', encountered_at: '2024-08-19T10:30', name: '  Ángel Ruiz ', birth_date: '1988-05-17',
    sex: 'M', nationality: 'ven', document_type: 'passport', document_number: ' v123456 ', releasability: ['PAN', 'usa', 'PAN'],
    photo: '/9j/4AAQ', ...over,
  });

  it('builds the JSON body the API expects', () => {
    expect(buildEncounterBody(form())).toEqual({
      station_id: 'ERM-LAJAS-BLANCAS', encountered_at: '2024-08-19T15:30:00Z', name: 'Ángel Ruiz', birth_date: '1988-05-17',
      sex: 'M', nationality: 'VEN', document_type: 'passport', document_number: 'V123456', releasability: ['PAN', 'USA'],
      photo: '/9j/4AAQ',
    });
  });

  it('leaves out what was not given: time (the server uses now), document, photo', () => {
    const body = buildEncounterBody(form({ encountered_at: '', document_type: '', document_number: '', photo: null, releasability: [] }));
    expect(body).toEqual({
      station_id: 'ERM-LAJAS-BLANCAS', name: 'Ángel Ruiz', birth_date: '1988-05-17', sex: 'M', nationality: 'VEN', releasability: [],
    });
    expect(Object.keys(body)).not.toContain('photo');
    expect(Object.keys(body)).not.toContain('document_type');
  });

  it('keeps an org: releasability target as it is', () => {
    const body = buildEncounterBody(form({ releasability: ['org:01a2063d-26cf-7087-86c7-60f6e481094d', 'all'] }));
    expect(body.releasability).toEqual(['org:01a2063d-26cf-7087-86c7-60f6e481094d', 'ALL']);
  });

  it('finds the mistakes it can before the server does', () => {
    expect(checkEncounterForm(form(), now)).toEqual([]);
    const bad = checkEncounterForm(form({ station_id: '', name: ' ', nationality: 'VE', sex: '', birth_date: '' }), now);
    expect(bad.map((p) => `${p.field}:${p.problem}`)).toEqual([
      'station_id:required', 'name:required', 'birth_date:required', 'sex:required', 'nationality:alpha3',
    ]);
    expect(checkEncounterForm(form({ encountered_at: '2024-08-21T10:00' }), now)).toEqual([{ field: 'encountered_at', problem: 'future' }]);
    expect(checkEncounterForm(form({ birth_date: '2025-01-01' }), now)).toEqual([{ field: 'birth_date', problem: 'birthFuture' }]);
    expect(checkEncounterForm(form({ document_number: '' }), now)).toEqual([{ field: 'document_number', problem: 'documentPair' }]);
    expect(checkEncounterForm(form({ document_type: '' }), now)).toEqual([{ field: 'document_type', problem: 'documentPair' }]);
    expect(checkEncounterForm(form({ document_number: 'V 12/3' }), now)).toEqual([{ field: 'document_number', problem: 'documentNumber' }]);
  });

  it('maps the API error pointer to the form field', () => {
    expect(fieldOfPointer('/photo')).toBe('photo');
    expect(fieldOfPointer('/station_id')).toBe('station_id');
    expect(fieldOfPointer('/releasability/0')).toBe('releasability');
    expect(fieldOfPointer('?from')).toBe('from');
    expect(fieldOfPointer('')).toBe('');
    expect(fieldOfPointer('biometrics.model_dir')).toBe('');
  });
});

describe('encounter list', () => {
  it('builds the query with only the filters set, dates as Panama days', () => {
    expect(encounterQuery(NO_ENCOUNTER_FILTERS, 50)).toBe('limit=50');
    const q = new URLSearchParams(encounterQuery({
      ...NO_ENCOUNTER_FILTERS, station_id: 'ERM-SAN-VICENTE', nationality: ' col ', from: '2024-08-01', to: '2024-08-19',
    }, 50));
    expect(Object.fromEntries(q)).toEqual({
      station_id: 'ERM-SAN-VICENTE', nationality: 'COL', from: '2024-08-01T05:00:00Z', to: '2024-08-20T05:00:00Z', limit: '50',
    });
  });

  it('searches by name, document and birth date and pages by the API cursor', () => {
    const q = new URLSearchParams(encounterQuery({
      ...NO_ENCOUNTER_FILTERS, name: '  jose   perez ', document_number: ' v123 ', birth_date: '1988-05-17',
    }, 50, '3230323432'));
    expect(Object.fromEntries(q)).toEqual({
      name: 'jose perez', document_number: 'v123', birth_date: '1988-05-17', limit: '50', cursor: '3230323432',
    });
  });

  it('keeps the filters in the page address and reads them back', () => {
    const f = { ...NO_ENCOUNTER_FILTERS, station_id: 'ERM-BAJO-CHIQUITO', from: '2024-08-01', name: 'Pérez' };
    const q = encounterFiltersQuery(f);
    expect(q).toBe('name=P%C3%A9rez&station_id=ERM-BAJO-CHIQUITO&from=2024-08-01');
    expect(readEncounterFilters(`?${q}`)).toEqual(f);
  });
});

describe('trends', () => {
  const now = new Date('2024-11-05T15:00:00Z');

  it('defaults to the twelve months up to the current one', () => {
    const d = defaultTrendFilters(now);
    expect([d.granularity, d.from, d.to]).toEqual(['month', '2023-12', '2024-11']);
    // Panama's date, not UTC's: 1 January 03:00 UTC is still 31 December in Panama.
    expect(defaultTrendFilters(new Date('2025-01-01T03:00:00Z')).to).toBe('2024-12');
  });

  it('builds the query of /trends and /trends.csv with only the filters set', () => {
    const base = defaultTrendFilters(now);
    expect(trendQuery({ ...base, ...yearRange(2023, 'month') })).toBe('granularity=month&from=2023-01&to=2023-12');
    const q = new URLSearchParams(trendQuery({ ...base, station_id: 'ERM-LAJAS-BLANCAS', nationality: 'hti', sex: 'F', age_group: 'minor', top: 10 }));
    expect(Object.fromEntries(q)).toMatchObject({ station_id: 'ERM-LAJAS-BLANCAS', nationality: 'HTI', sex: 'F', age_group: 'minor', top: '10' });
  });

  it('reads the filters back from the page address, ignoring nonsense', () => {
    const f = readTrendFilters('?granularity=week&from=2023-07-03&to=2023-12-31&sex=M&top=99', now);
    expect(f).toMatchObject({ granularity: 'week', from: '2023-07-03', to: '2023-12-31', sex: 'M', top: 5 });
    expect(readTrendFilters('', now)).toEqual(defaultTrendFilters(now));
  });

  it('keeps the range when switching between months and weeks', () => {
    const m = { ...defaultTrendFilters(now), from: '2024-02', to: '2024-02' };
    const w = convertRange(m, 'week');
    expect([w.from, w.to]).toEqual(['2024-02-01', '2024-02-29']);
    const back = convertRange(w, 'month');
    expect([back.from, back.to]).toEqual(['2024-02', '2024-02']);
    expect(yearRange(2023, 'week')).toEqual({ from: '2023-01-01', to: '2023-12-31' });
  });

  it('formats the year-on-year change with its sign', () => {
    expect(formatPercent(-0.375, 'en', 1, true)).toBe('-37.5%');
    expect(formatPercent(0.1, 'en', 1, true)).toBe('+10.0%');
    expect(formatPercent(0.63, 'en')).toBe('63.0%');
    expect(formatPercent(null, 'es')).toBe('');
  });

  it('takes the download name from Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="encounters-2023-01-2023-12.csv"', 'x.csv')).toBe('encounters-2023-01-2023-12.csv');
    expect(filenameFromDisposition(null, 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition('attachment; filename="../etc/passwd"', 'x.csv')).toBe('x.csv');
  });
});

describe('who may change cases and flights', () => {
  const org = { id: 'snm' };
  it('officers and supervisors of the owning organization only', () => {
    expect(canChange({ roles: ['officer'], org }, { owner_org: 'snm' })).toBe(true);
    expect(canChange({ roles: ['supervisor'], org }, { owner_org: 'snm' })).toBe(true);
    expect(canChange({ roles: ['analyst'], org }, { owner_org: 'snm' })).toBe(false);
    expect(canChange({ roles: ['admin'], org }, { owner_org: 'snm' })).toBe(false);
    expect(canChange({ roles: ['supervisor'], org: { id: 'senafront' } }, { owner_org: 'snm' })).toBe(false);
  });
});
