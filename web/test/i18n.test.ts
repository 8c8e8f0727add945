// The message catalogs: the shell's (src/shell/messages.*.ts) and every feature's
// (src/features/<id>/messages.*.ts, found by name, so a new feature is checked without a change
// here). tsc already fails on a key missing in one language; these check what it cannot.
import { describe, expect, it } from 'vitest';
import { MESSAGES as ADMIN } from '../src/features/admin/messages';
import { MESSAGES as MARITIME } from '../src/features/maritime/messages';
import { MESSAGES as MIGRATION } from '../src/features/migration/messages';
import { ERROR_CODES } from '../src/shell/errors';
import { interpolate, SHELL_CATALOGS, translator, type Catalogs, type Lang } from '../src/shell/i18n';
import {
  AGE_GROUPS, ALERT_RESOLUTIONS, ALERT_STATUSES, CASE_AREAS, CASE_STATUSES, DETECTION_KINDS, DOCUMENT_TYPES, DRUG_TYPES, FLIGHT_STATUSES, LEGAL_BASES,
  MARITIME_CASE_STATUSES, MATCHED_BY, MODULES, ROLES, SEVERITIES, SEXES,
} from '../src/lib/types';

// Simple placeholders ({name}) and plural arguments ({count, plural, …}), each name once.
// A plural's branch bodies ({…} after a selector such as one or =0) are text, not placeholders.
const placeholders = (s: string) => [...new Set([...s.matchAll(/(?<!(?:=\d+|zero|one|two|few|many|other)\s*)\{(\w+)(?:\}|\s*,\s*plural\s*,)/g)].map((m) => m[1]))].sort();

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
      ...DETECTION_KINDS.map((k) => `detection.${k}`),
      ...ALERT_RESOLUTIONS.map((r) => `resolution.${r}`),
    ]);
    has(MARITIME, [
      ...MARITIME_CASE_STATUSES.map((s) => `mar.caseStatus.${s}`),
      ...DRUG_TYPES.map((d) => `mar.drug.${d}`),
      ...CASE_AREAS.map((a) => `mar.area.${a}`),
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

describe('interpolate with plurals', () => {
  const faces = '{count, plural, =0 {ninguna cara} one {# cara} other {# caras}}';
  it('chooses the Spanish form by count, with an exact =0 branch first', () => {
    expect(interpolate(faces, { count: 0 }, 'es')).toBe('ninguna cara');
    expect(interpolate(faces, { count: 1 }, 'es')).toBe('1 cara');
    expect(interpolate(faces, { count: 2 }, 'es')).toBe('2 caras');
  });
  it('formats # as a number of the language', () => {
    expect(interpolate(faces, { count: 12000 }, 'es')).toBe(`${new Intl.NumberFormat('es-PA').format(12000)} caras`);
    expect(interpolate('{n, plural, one {# face} other {# faces}}', { n: 1234 }, 'en')).toBe('1,234 faces');
    expect(interpolate('{n, plural, other {# MiB}}', { n: 5.5 }, 'es')).toBe(`${new Intl.NumberFormat('es-PA').format(5.5)} MiB`);
  });
  it('chooses the English form, falling back to other when no branch fits', () => {
    const en = '{count, plural, one {# matching face} other {# matching faces}} of {people}';
    expect(interpolate(en, { count: 1, people: 'Ana' }, 'en')).toBe('1 matching face of Ana');
    expect(interpolate(en, { count: 3, people: 'Ana' }, 'en')).toBe('3 matching faces of Ana');
    expect(interpolate('{count, plural, other {# rows}}', { count: 1 }, 'en')).toBe('1 rows');
  });
  it('keeps placeholders inside a branch and text around the plural', () => {
    expect(interpolate('Hay {count, plural, one {# alerta de {org}} other {# alertas de {org}}}.', { count: 2, org: 'SNM' }, 'es'))
      .toBe('Hay 2 alertas de SNM.');
  });
  it('leaves a plural with a missing or non-numeric count visible', () => {
    expect(interpolate(faces, {}, 'es')).toBe(faces);
    expect(interpolate(faces, { count: 'x' }, 'es')).toBe(faces);
  });
  it('is used by the translators: the shell catalog pluralises several_faces in both languages', () => {
    expect(translator('es')('error.reason.several_faces', { count: 1 })).toBe('Se encontró 1 rostro; la fotografía debe mostrar exactamente uno.');
    expect(translator('es')('error.reason.several_faces', { count: 2 })).toBe('Se encontraron 2 rostros; la fotografía debe mostrar exactamente uno.');
    expect(translator('en')('error.reason.several_faces', { count: 2 })).toBe('2 faces were detected; the photo must show exactly one.');
  });
});
