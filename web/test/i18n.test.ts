import { describe, expect, it } from 'vitest';
import { CATALOGS, interpolate, translator } from '../src/i18n';
import { ERROR_CODES } from '../src/errors';
import {
  AGE_GROUPS, ALERT_STATUSES, CASE_STATUSES, DOCUMENT_TYPES, FLIGHT_STATUSES, LEGAL_BASES, MATCHED_BY, MODULES, ROLES, SEVERITIES, SEXES,
} from '../src/types';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const es = CATALOGS.es;
  const en = CATALOGS.en;

  it('have exactly the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
  });

  it('have no empty message in either language', () => {
    for (const [lang, cat] of Object.entries(CATALOGS)) {
      for (const [key, value] of Object.entries(cat)) {
        expect(value.trim(), `${lang}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(es) as (keyof typeof es)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(es[key]));
    }
  });

  it('translate every value the API can send in an enum', () => {
    const needed = [
      ...ERROR_CODES.map((c) => `error.code.${c}`),
      ...MODULES.map((m) => `module.${m}`),
      ...ROLES.map((r) => `role.${r}`),
      ...SEVERITIES.map((s) => `severity.${s}`),
      ...ALERT_STATUSES.map((s) => `status.${s}`),
      ...SEXES.map((s) => `mig.sex.${s}`),
      ...DOCUMENT_TYPES.map((d) => `mig.doc.${d}`),
      ...AGE_GROUPS.map((a) => `mig.age.${a}`),
      ...LEGAL_BASES.map((b) => `mig.basis.${b}`),
      ...CASE_STATUSES.map((s) => `mig.caseStatus.${s}`),
      ...FLIGHT_STATUSES.map((s) => `mig.flightStatus.${s}`),
      ...MATCHED_BY.map((m) => `mig.match.${m}`),
      ...['empty', 'type', 'size'].map((p) => `mig.reg.photo.${p}`),
      ...['required', 'alpha3', 'time', 'future', 'birthFuture', 'documentPair', 'documentNumber'].map((p) => `mig.problem.${p}`),
    ];
    for (const key of needed) {
      expect(Object.keys(es), key).toContain(key);
    }
  });

  it('are really translated: the English text differs from the Spanish for most keys', () => {
    const same = Object.keys(es).filter((k) => es[k as keyof typeof es] === en[k as keyof typeof es]);
    // Proper names (Istmo, the language names, "Canal") may coincide; sentences must not.
    for (const key of same) {
      expect(es[key as keyof typeof es].split(' ').length, key).toBeLessThanOrEqual(2);
    }
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
    expect(translator('es')('nav.migration')).toBe('Migración');
    expect(translator('en')('nav.migration')).toBe('Migration');
    expect(translator('en')('users.title', { org: 'SNM' })).toBe('Users of SNM');
  });
});
