import { describe, expect, it } from 'vitest';
import { alertText, recordPath } from '../src/lib/alerts';
import { translator } from '../src/shell/i18n';

const es = translator('es') as (k: string, p?: Record<string, string | number>) => string;
const en = translator('en') as (k: string, p?: Record<string, string | number>) => string;

const hit = {
  kind: 'watchlist_hit',
  title: 'Watchlist hit: INTERPOL – Juan Pérez',
  detail: {
    code: 'watchlist_hit',
    params: { watchlist_id: 'w1', watchlist_name: 'INTERPOL', person_id: 'p1', person_name: 'Juan Pérez', distance: 0.38728007674217224, encounter_id: 'e1' },
    link: { type: 'encounter', id: 'e1' },
  },
};

describe('alertText', () => {
  it('titles a watchlist hit in Spanish, names the person and rounds the distance for the language', () => {
    const v = alertText(hit, es, 'es');
    expect(v?.title).toBe('Coincidencia en lista: INTERPOL – Juan Pérez');
    expect(v?.detail).toBe(`distancia ${new Intl.NumberFormat('es-PA', { minimumFractionDigits: 2 }).format(0.39)}`);
    expect(v?.link).toBe('/migration/encounters/e1');
    expect(JSON.stringify(v)).not.toContain('p1');
  });

  it('titles it in English with a dot decimal', () => {
    const v = alertText(hit, en, 'en');
    expect(v?.title).toBe('Watchlist hit: INTERPOL – Juan Pérez');
    expect(v?.detail).toBe('distance 0.39');
  });

  it('reads an alert from before the codes (flat detail, list named only in the title)', () => {
    const old = { kind: 'watchlist_hit', title: 'Watchlist hit: Lista X', detail: { watchlist_id: 'w9', person_id: 'p', reason: 'orden', distance: 0.1234 } };
    const v = alertText(old, es, 'es');
    expect(v?.title).toBe('Coincidencia en lista: Lista X – persona sin nombre');
    expect(v?.detail).toContain('motivo: orden');
    expect(v?.link).toBe('/migration/watchlists/w9');
    expect(v?.detail).not.toContain('0.1234');
  });

  it('leaves an unknown code to the caller', () => {
    expect(alertText({ kind: 'vessel_dark', title: 'AIS gap', detail: {} }, es, 'es')).toBeNull();
  });

  it('links only kinds of records the app has pages for', () => {
    expect(recordPath({ type: 'encounter', id: 'a/b' })).toBe('/migration/encounters/a%2Fb');
    expect(recordPath({ type: 'vessel', id: 'x' })).toBeNull();
    expect(recordPath(null)).toBeNull();
  });
});
