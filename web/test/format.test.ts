import { describe, expect, it } from 'vitest';
import { formatCountry, formatDate, formatDateTime, formatNumber, shortHash, toDate } from '../src/lib/format';

describe('numbers', () => {
  it('group thousands the way each language reads them', () => {
    expect(formatNumber(520000, 'en')).toBe('520,000');
    // es-PA groups with a comma as in the United States; the decimal mark is a period.
    expect(formatNumber(520000, 'es')).toBe('520,000');
    expect(formatNumber(37.5, 'en', 1)).toBe('37.5');
  });
});

describe('dates', () => {
  const at = '2024-10-31T22:15:00Z'; // 17:15 in Panama (UTC−5)

  it('show Panama time in English', () => {
    const s = formatDateTime(at, 'en');
    expect(s).toContain('Oct');
    expect(s).toContain('31');
    expect(s).toContain('2024');
    expect(s).toMatch(/05:15\s?PM/);
  });

  it('show Panama time in Spanish with Spanish month names', () => {
    const s = formatDateTime(at, 'es');
    expect(s).toContain('oct');
    expect(s).toContain('31');
    expect(s).toMatch(/05:15\s?p\.\s?m\./);
  });

  it('use the time zone asked for', () => {
    expect(formatDateTime(at, 'en', 'UTC')).toMatch(/10:15\s?PM/);
  });

  it('cross midnight correctly into the Panama date', () => {
    expect(formatDate('2024-11-01T03:00:00Z', 'en')).toBe('Oct 31, 2024');
  });

  it('accept Unix seconds and milliseconds', () => {
    expect(toDate(1730412900)?.toISOString()).toBe('2024-10-31T22:15:00.000Z');
    expect(toDate(1730412900000)?.toISOString()).toBe('2024-10-31T22:15:00.000Z');
    expect(toDate('1730412900')?.toISOString()).toBe('2024-10-31T22:15:00.000Z');
  });

  it('show unparseable input as it came rather than "Invalid Date"', () => {
    expect(formatDateTime('yesterday', 'es')).toBe('yesterday');
    expect(toDate('')).toBeNull();
  });
});

describe('other formats', () => {
  it('name countries in the user language', () => {
    expect(formatCountry('PA', 'es')).toBe('Panamá');
    expect(formatCountry('US', 'en')).toBe('United States');
    expect(formatCountry('USA', 'es')).toBe('Estados Unidos');
    expect(formatCountry('XXX', 'en')).toBe('XXX');
  });

  it('shorten hashes', () => {
    expect(shortHash('0123456789abcdef0123456789abcdef')).toBe('012345…cdef');
    expect(shortHash('abc')).toBe('abc');
  });
});

describe('details', () => {
  it('show JSON objects as key: value pairs', async () => {
    const { formatDetail } = await import('../src/lib/format');
    expect(formatDetail({ client: '127.0.0.1', roles: ['admin'] })).toBe('client: 127.0.0.1, roles: ["admin"]');
    expect(formatDetail('{"client":"10.0.0.1"}')).toBe('client: 10.0.0.1');
    expect(formatDetail('plain text')).toBe('plain text');
    expect(formatDetail({})).toBe('');
    expect(formatDetail(null)).toBe('');
    expect(formatDetail(42)).toBe('42');
  });
});
