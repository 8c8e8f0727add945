// The message catalogs: the shell's (src/shell/messages.*.ts) and every feature's
// (src/features/<id>/messages.*.ts, found by name, so a new feature is checked without a change
// here). tsc already fails on a key missing in one language; these check what it cannot.
import { describe, expect, it } from 'vitest';
import { MESSAGES as ADMIN } from '../src/features/admin/messages';
import { MESSAGES as MIGRATION } from '../src/features/migration/messages';
import { ERROR_CODES } from '../src/shell/errors';
import { interpolate, SHELL_CATALOGS, translator, type Catalogs, type Lang } from '../src/shell/i18n';
import {
  AGE_GROUPS, ALERT_STATUSES, CASE_STATUSES, DOCUMENT_TYPES, FLIGHT_STATUSES, LEGAL_BASES, MATCHED_BY, MODULES, ROLES, SEVERITIES, SEXES,
} from '../src/lib/types';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// features/<id>/messages.<lang>.ts → { <id>: { es, en } }
const FEATURE_FILES = import.meta.glob<Record<string, Record<string, string>>>('../src/features/*/messages.*.ts', { eager: true });
const FEATURES: Record<string, Partial<Record<Lang, Record<string, string>>>> = {};
for (const [path, mod] of Object.entries(FEATURE_FILES)) {
  const m = /features\/([^/]+)\/messages\.(\w+)\.ts$/.exec(path);
  if (!m?.[1] || !m[2]) continue;
  const catalog = mod[m[2]];
  if (catalog) (FEATURES[m[1]] ??= {})[m[2] as Lang] = catalog;
}
const ALL: [string, Partial<Record<Lang, Record<string, string>>>][] = [['shell', SHELL_CATALOGS], ...Object.entries(FEATURES)];

describe('message catalogs', () => {
  it('are found for every feature folder, in both languages', () => {
    expect(Object.keys(FEATURES).sort()).toEqual(['admin', 'alerts', 'canal', 'cooperation', 'maritime', 'migration']);
    for (const [id, c] of Object.entries(FEATURES)) {
      expect(c.es, `${id} es`).toBeDefined();
      expect(c.en, `${id} en`).toBeDefined();
    }
  });

  describe.each(ALL)('%s', (_id, { es = {}, en = {} }) => {
    it('have exactly the same keys in Spanish and English', () => {
      expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    });

    it('have no empty message in either language', () => {
      for (const [lang, cat] of Object.entries({ es, en })) {
        for (const [key, value] of Object.entries(cat)) {
          expect(value.trim(), `${lang}:${key}`).not.toBe('');
        }
      }
    });

    it('use the same placeholders in both languages', () => {
      for (const key of Object.keys(es)) {
        expect(placeholders(en[key] ?? ''), key).toEqual(placeholders(es[key] ?? ''));
      }
    });

    it('are really translated: the English text differs from the Spanish for most keys', () => {
      const same = Object.keys(es).filter((k) => es[k] === en[k]);
      // Proper names (Istmo, the language names, "Canal") may coincide; sentences must not.
      for (const key of same) {
        expect(es[key]?.split(' ').length, key).toBeLessThanOrEqual(2);
      }
    });
  });

  it('keep each key in one place: no feature redefines a shell key (it would hide the shell text on its pages)', () => {
    const shell = new Set(Object.keys(SHELL_CATALOGS.es));
    for (const [id, { es = {} }] of Object.entries(FEATURES)) {
      expect(Object.keys(es).filter((k) => shell.has(k)), id).toEqual([]);
    }
  });

  const has = (c: Catalogs<string>, keys: string[]) => {
    for (const key of keys) expect(Object.keys(c.es), key).toContain(key);
  };

  it('translate every value the API can send in an enum', () => {
    has(SHELL_CATALOGS, [
      ...ERROR_CODES.map((c) => `error.code.${c}`),
      ...MODULES.map((m) => `module.${m}`),
      ...ROLES.map((r) => `role.${r}`),
      ...SEVERITIES.map((s) => `severity.${s}`),
      ...ALERT_STATUSES.map((s) => `status.${s}`),
      ...['empty', 'type', 'size'].map((p) => `photo.problem.${p}`),
    ]);
    has(MIGRATION, [
      ...SEXES.map((s) => `mig.sex.${s}`),
      ...DOCUMENT_TYPES.map((d) => `mig.doc.${d}`),
      ...AGE_GROUPS.map((a) => `mig.age.${a}`),
      ...LEGAL_BASES.map((b) => `mig.basis.${b}`),
      ...CASE_STATUSES.map((s) => `mig.caseStatus.${s}`),
      ...FLIGHT_STATUSES.map((s) => `mig.flightStatus.${s}`),
      ...MATCHED_BY.map((m) => `mig.match.${m}`),
      ...['required', 'alpha3', 'time', 'future', 'birthFuture', 'documentPair', 'documentNumber'].map((p) => `mig.problem.${p}`),
    ]);
  });
});

describe('interpolate', () => {
  it('replaces named placeholders', () => {
    expect(interpolate('Usuarios de {org}: {count}', { org: 'SENAFRONT', count: 3 })).toBe('Usuarios de SENAFRONT: 3');
  });
  it('leaves a missing parameter visible', () => {
    expect(interpolate('Solicitud {id}', {})).toBe('Solicitud {id}');
  });
  it('translator picks the language', () => {
    expect(translator('es')('app.tagline')).toBe('Cooperación de seguridad Panamá – Estados Unidos');
    expect(translator('es', MIGRATION)('nav.migration')).toBe('Migración');
    expect(translator('en', MIGRATION)('nav.migration')).toBe('Migration');
    expect(translator('en', ADMIN)('users.title', { org: 'SNM' })).toBe('Users of SNM');
  });
  it("a feature's translator falls back to the shell's catalog", () => {
    expect(translator('en', ADMIN)('common.loading')).toBe('Loading…');
    expect(translator('es', MIGRATION)('error.code.not_found')).toBe('No encontrado');
  });
});
