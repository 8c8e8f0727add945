// The pure parts of the desk's controls and pages (issue 12): the app's date control, the
// country picker's matching, what differs from an earlier record, the default trend range from
// the data's coverage, the releasability a new record starts with, corrections and the picker's
// search.
import { describe, expect, it } from 'vitest';
import { groupByPerson } from '../src/features/migration/biometrics';
import {
  addMonths, checkEncounterForm, correctionChanges, coverageOfSeries, defaultTrendRange, differingFields,
  nameBytes, pickerQueries, rangeGaps, type EncounterForm,
} from '../src/features/migration/logic';
import { countryLabel, fold, matchCountries, resolveCountry, type Country } from '../src/ui/country-picker';
import { composeDate, composeMonth, monthNames, parseDateText, parseTimeText, partOrder } from '../src/ui/date-field';

describe('date control', () => {
  it('composes a real calendar date from its parts, and refuses impossible ones', () => {
    expect(composeDate('1988', '5', '7')).toBe('1988-05-07');
    expect(composeDate('2024', '02', '29')).toBe('2024-02-29');
    expect(composeDate('2023', '02', '29')).toBeNull();
    expect(composeDate('2024', '04', '31')).toBeNull();
    expect(composeDate('88', '05', '17')).toBeNull();
    expect(composeDate('1988', '', '17')).toBeNull();
    expect(composeDate('', '', '')).toBe('');
    expect(composeMonth('2024', '10')).toBe('2024-10');
    expect(composeMonth('', '')).toBe('');
    expect(composeMonth('2024', '')).toBeNull();
  });

  it('reads a whole date typed in the language’s order or as ISO', () => {
    expect(parseDateText('17/05/1988', 'es')).toBe('1988-05-17');
    expect(parseDateText('17.5.1988', 'es')).toBe('1988-05-17');
    expect(parseDateText('05/17/1988', 'en')).toBe('1988-05-17');
    expect(parseDateText('17/05/1988', 'en')).toBeNull();
    expect(parseDateText('1961-08-04', 'es')).toBe('1961-08-04');
    expect(parseDateText('31/02/2020', 'es')).toBeNull();
    expect(parseDateText('ayer', 'es')).toBeNull();
  });

  it('reads a time of day in 24 hours', () => {
    expect(parseTimeText('7:05')).toBe('07:05');
    expect(parseTimeText('0705')).toBe('07:05');
    expect(parseTimeText('23:59')).toBe('23:59');
    expect(parseTimeText('24:00')).toBeNull();
    expect(parseTimeText('7')).toBeNull();
  });

  it('names the months and orders the parts in the app’s language, not the browser’s', () => {
    expect(monthNames('es')[0]).toBe('enero');
    expect(monthNames('en')[4]).toBe('May');
    expect(partOrder('es')).toEqual(['day', 'month', 'year']);
    expect(partOrder('en')).toEqual(['month', 'day', 'year']);
  });
});

describe('country picker', () => {
  const list: Country[] = [
    { alpha3: 'VEN', alpha2: 'VE', name_en: 'Venezuela, Bolivarian Republic of', name_es: 'Venezuela' },
    { alpha3: 'PER', alpha2: 'PE', name_en: 'Peru', name_es: 'Perú' },
    { alpha3: 'USA', alpha2: 'US', name_en: 'United States', name_es: 'Estados Unidos' },
    { alpha3: 'HTI', alpha2: 'HT', name_en: 'Haiti', name_es: 'Haití' },
    { alpha3: 'CIV', alpha2: 'CI', name_en: "Côte d'Ivoire", name_es: 'Côte d\'Ivoire' },
  ];

  it('takes codes in any case, alpha-2 as its alpha-3, names in either language, and refuses the rest', () => {
    expect(resolveCountry(list, 'ven')?.alpha3).toBe('VEN');
    expect(resolveCountry(list, 've')?.alpha3).toBe('VEN');
    expect(resolveCountry(list, 'peru')?.alpha3).toBe('PER');
    expect(resolveCountry(list, 'ESTADOS UNIDOS')?.alpha3).toBe('USA');
    expect(resolveCountry(list, 'Venezuela (VEN)')?.alpha3).toBe('VEN');
    expect(resolveCountry(list, 'XXX')).toBeNull();
    expect(resolveCountry(list, 'Narnia')).toBeNull();
    expect(resolveCountry(list, '')).toBeNull();
  });

  it('offers matches best first: the code, then names that begin with the text, then names containing it', () => {
    expect(matchCountries(list, 'us', 'es').map((c) => c.alpha3)).toEqual(['USA']);
    expect(matchCountries(list, 'hai', 'es').map((c) => c.alpha3)).toEqual(['HTI']);
    expect(matchCountries(list, 'unidos', 'es').map((c) => c.alpha3)).toEqual(['USA']);
    expect(matchCountries(list, 'cote', 'en').map((c) => c.alpha3)).toEqual(['CIV']);
    expect(matchCountries(list, '', 'es')).toEqual([]);
    expect(countryLabel(list[1] as Country, 'es')).toBe('Perú (PER)');
    expect(fold('  CÔTE ')).toBe('cote');
  });
});

describe('the encounter form', () => {
  const now = new Date('2024-08-20T12:00:00Z');
  const form = (over: Partial<EncounterForm> = {}): EncounterForm => ({
    station_id: 'ERM-LAJAS-BLANCAS', encountered_at: '', name: 'Ana', birth_date: '1990-01-02', sex: 'F', nationality: 'VEN',
    document_type: '', document_number: '', releasability: [], photo: null, ...over,
  });

  it('refuses what the controls could not read: an incomplete date or time, a text that names no country', () => {
    expect(checkEncounterForm(form(), now)).toEqual([]);
    expect(checkEncounterForm(form({ birth_date: null, nationality: null, encountered_at: null }), now).map((p) => `${p.field}:${p.problem}`))
      .toEqual(['encountered_at:time', 'birth_date:birthDate', 'nationality:country']);
  });

  it('counts a name as the API does, in UTF-8 bytes, and refuses it over 200 instead of cutting it', () => {
    expect(nameBytes('Ana')).toBe(3);
    expect(nameBytes('Ángel')).toBe(6);
    expect(nameBytes('王')).toBe(3);
    expect(checkEncounterForm(form({ name: 'A'.repeat(200) }), now)).toEqual([]);
    expect(checkEncounterForm(form({ name: 'A'.repeat(201) }), now)).toEqual([{ field: 'name', problem: 'tooLong' }]);
    expect(checkEncounterForm(form({ name: 'é'.repeat(101) }), now)).toEqual([{ field: 'name', problem: 'tooLong' }]);
  });
});

describe('seen before', () => {
  const entered = { name: 'José Pérez', nationality: 'VEN', birth_date: '1988-05-17' };

  it('flags the earlier record’s fields that differ, names compared without accents, case or spacing', () => {
    expect(differingFields(entered, { name: 'JOSE  PEREZ', nationality: 'ven', birth_date: '1988-05-17' })).toEqual([]);
    expect(differingFields(entered, { name: 'Jose Perez-Rojas', nationality: 'COL', birth_date: '1988-05-18' }))
      .toEqual(['name', 'nationality', 'birth_date']);
    // A watchlist entry knows only a name: what it lacks is not a difference.
    expect(differingFields(entered, { name: 'Juan Pérez' })).toEqual(['name']);
  });

  it('shows one row per person, best first, from the faces found', () => {
    const rows = groupByPerson([
      { person_id: 'b', distance: 0.7, match: false },
      { person_id: 'a', distance: 0.41, match: true },
      { person_id: 'a', distance: 0.38, match: true },
      { person_id: 'c', distance: 0.55, match: true },
    ]);
    expect(rows.map((r) => [r.person_id, r.distance, r.candidates.length])).toEqual([['a', 0.38, 2], ['c', 0.55, 1], ['b', 0.7, 1]]);
  });
});

describe('trends coverage', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('opens on the latest twelve months that have data, not before the first', () => {
    expect(defaultTrendRange({ first: '2023-01', last: '2024-10' }, now)).toEqual({ from: '2023-11', to: '2024-10' });
    expect(defaultTrendRange({ first: '2024-06', last: '2024-10' }, now)).toEqual({ from: '2024-06', to: '2024-10' });
    expect(defaultTrendRange(null, now)).toEqual({ from: '2025-12', to: '2026-11' });
    expect(addMonths('2024-01', -1)).toBe('2023-12');
  });

  it('reads the coverage from a monthly series when the API does not say it', () => {
    expect(coverageOfSeries([
      { period: '2022-12', encounters: 0 }, { period: '2023-01', encounters: 5 }, { period: '2024-10', encounters: 3 }, { period: '2024-11', encounters: 0 },
    ])).toEqual({ first: '2023-01', last: '2024-10' });
    expect(coverageOfSeries([{ period: '2024-01', encounters: 0 }])).toBeNull();
  });

  it('says when a range, or the year before it, reaches beyond the data', () => {
    const c = { first: '2023-01', last: '2024-10' };
    expect(rangeGaps('2024-01', '2024-10', c)).toEqual({ partial: false, previousPartial: false });
    expect(rangeGaps('2023-11', '2024-10', c)).toEqual({ partial: false, previousPartial: true });
    expect(rangeGaps('2024-01', '2024-12', c)).toEqual({ partial: true, previousPartial: false });
    expect(rangeGaps('2024-07-01', '2024-10-27', c)).toEqual({ partial: false, previousPartial: false });
  });
});

describe('corrections and the case picker', () => {
  const before = { name: 'Jose Perz', birth_date: '1988-05-17', sex: 'M', nationality: 'VEN', document_type: 'passport', document_number: 'V1' };

  it('sends only what changed, and the document type and number together', () => {
    expect(correctionChanges(before, { ...before, name: 'José Pérez' })).toEqual({ name: 'José Pérez' });
    expect(correctionChanges(before, { ...before, nationality: 'ven', document_number: 'v1' })).toEqual({});
    expect(correctionChanges(before, { ...before, document_number: 'v2' })).toEqual({ document_type: 'passport', document_number: 'V2' });
    expect(correctionChanges(before, { ...before, document_type: '', document_number: '' })).toEqual({ document_type: '', document_number: '' });
  });

  it('searches a birth date, a document number or a name from what was typed', () => {
    const parse = (s: string) => parseDateText(s, 'es');
    expect(pickerQueries('17/05/1988', parse)).toEqual([{ birth_date: '1988-05-17' }]);
    expect(pickerQueries('V123456', parse)).toEqual([{ document_number: 'V123456' }, { name: 'V123456' }]);
    expect(pickerQueries('jose perez', parse)).toEqual([{ name: 'jose perez' }]);
  });
});
