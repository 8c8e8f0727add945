import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  ApiError, codeForStatus, describeError, ERROR_REASONS, isTransient, networkError, NOT_FOUND_OBJECTS, parseApiError,
} from '../src/shell/errors';
import { SHELL_CATALOGS } from '../src/shell/i18n';
import { translator } from '../src/shell/i18n';

const es = translator('es');
const en = translator('en');

describe('parseApiError', () => {
  it('reads every field of the API error body', () => {
    const body = JSON.stringify({ error: { code: 'invalid_argument', message: 'roles: unknown role "chief"', field: '/roles/0', request_id: 'r-123' } });
    const e = parseApiError(400, body, 'r-header');
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('roles: unknown role "chief"');
    expect(e.field).toBe('/roles/0');
    expect(e.requestId).toBe('r-123');
    expect(e.kind).toBe('api');
  });

  it('falls back to the X-Request-Id header when the body has no request id', () => {
    const e = parseApiError(401, JSON.stringify({ error: { code: 'unauthenticated', message: 'bad credentials', field: '' } }), 'hdr-9');
    expect(e.requestId).toBe('hdr-9');
    expect(e.code).toBe('unauthenticated');
  });

  it('derives the code from the status for an unknown code', () => {
    const e = parseApiError(429, JSON.stringify({ error: { code: 'slow_down', message: 'x' } }));
    expect(e.code).toBe('resource_exhausted');
  });

  it('treats a non-JSON body (a proxy page) as a bad response', () => {
    const e = parseApiError(502, '<html>Bad Gateway</html>', 'abc');
    expect(e.kind).toBe('bad_response');
    expect(e.code).toBe('internal');
    expect(e.requestId).toBe('abc');
  });

  it('maps each documented status to its code', () => {
    expect([400, 401, 403, 404, 409, 413, 429, 500, 503].map(codeForStatus)).toEqual([
      'invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'conflict',
      'too_large', 'resource_exhausted', 'internal', 'unavailable',
    ]);
  });
});

describe('describeError', () => {
  it('titles the error in the user language and keeps the server detail, field and request id', () => {
    const e = parseApiError(409, JSON.stringify({ error: { code: 'conflict', message: 'username already exists', field: '/username', request_id: 'q1' } }));
    expect(describeError(e, es)).toEqual({
      title: 'Conflicto con el estado actual',
      detail: 'username already exists',
      field: 'Campo: /username',
      requestId: 'Solicitud q1',
    });
    expect(describeError(e, en).title).toBe('Conflicts with the current state');
    expect(describeError(e, en).field).toBe('Field: /username');
  });

  it('says when the server cannot be reached', () => {
    const v = describeError(networkError(new TypeError('Failed to fetch')), es);
    expect(v.title).toBe('Servicio no disponible; intente de nuevo');
    expect(v.detail).toBe('No se pudo contactar al servidor de Istmo.');
  });

  it('names the HTTP status of an unreadable error', () => {
    expect(describeError(parseApiError(502, 'oops'), en).detail).toBe('The server answered HTTP 502 without a readable error.');
  });

  it('handles a plain thrown error', () => {
    expect(describeError(new Error('boom'), en)).toEqual({ title: 'The operation could not be completed', detail: 'boom', field: '', requestId: '' });
  });
});

describe('error reasons', () => {
  const body = (code: string, reason: string, params: object, message = 'english text') =>
    JSON.stringify({ error: { code, message, field: '/photo', request_id: 'r', reason, params } });

  it('reads reason and params from the body', () => {
    const e = parseApiError(400, body('invalid_argument', 'several_faces', { count: 2, junk: { x: 1 } }));
    expect(e.reason).toBe('several_faces');
    expect(e.params).toEqual({ count: 2 });
  });

  it('shows the translation of the reason with its params, not the English message', () => {
    const e = parseApiError(400, body('invalid_argument', 'several_faces', { count: 2 }, '2 faces found; expected exactly one'));
    expect(describeError(e, es).detail).toBe('Se encontraron 2 rostros; la fotografía debe mostrar exactamente uno.');
    expect(describeError(e, en).detail).toBe('2 faces were detected; the photo must show exactly one.');
    const p = parseApiError(400, body('invalid_argument', 'password_too_short', { min: 10 }, 'a password has at least 10 characters'));
    expect(describeError(p, es).detail).toBe('La contraseña debe tener al menos 10 caracteres.');
  });

  it('names the kind of a missing or withheld record, without the English id', () => {
    const e = parseApiError(404, body('not_found', 'not_found', { object: 'encounter' }, 'no encounter 0190abcd'));
    expect(describeError(e, es).detail).toBe('El encuentro no existe o no es visible para su organización.');
    const bare = parseApiError(404, JSON.stringify({ error: { code: 'not_found', message: 'no encounter 0190abcd' } }));
    expect(describeError(bare, es).detail).toBe('El registro no existe o no es visible para su organización.');
  });

  it('sizes a too-large image in MiB for the language', () => {
    const e = parseApiError(413, body('too_large', 'image_too_large', { max_bytes: 6 * 1048576 }));
    expect(describeError(e, es).detail).toBe('La imagen es demasiado grande: como máximo 6 MiB.');
    const px = parseApiError(413, body('too_large', 'image_too_large', { max_pixels: 40000000 }));
    expect(describeError(px, en).detail).toBe('The image has too many pixels: at most 40,000,000.');
  });

  it('names the unit of a range that is too long, with the count the server sends as text', () => {
    const e = parseApiError(400, body('invalid_argument', 'range_too_long', { max: '120', unit: 'months' }));
    expect(describeError(e, es).detail).toBe('El periodo abarca más de 120 meses.');
    expect(describeError(parseApiError(400, body('invalid_argument', 'range_too_long', { max: '260', unit: 'weeks' })), en).detail)
      .toBe('The period spans more than 260 weeks.');
  });

  it('falls back to the server message for a reason it does not know', () => {
    const e = parseApiError(400, body('invalid_argument', 'brand_new_reason', {}, 'something specific'));
    expect(describeError(e, es).detail).toBe('something specific');
  });

  it('has a message for every reason and every not_found object, and Spanish differs from English', () => {
    const keys = [...ERROR_REASONS.map((r) => `error.reason.${r}`), ...NOT_FOUND_OBJECTS.map((o) => `error.notFound.${o}`), 'error.reason.image_too_large_pixels',
      'error.reason.invalid_text_any', 'error.reason.range_too_long.months', 'error.reason.range_too_long.weeks'];
    const esCat = SHELL_CATALOGS.es as Record<string, string>;
    const enCat = SHELL_CATALOGS.en as Record<string, string>;
    for (const key of keys) {
      expect(esCat[key], key).toBeTruthy();
      expect(enCat[key], key).toBeTruthy();
      expect(esCat[key], key).not.toBe(enCat[key]);
    }
  });

  it('offers a retry only for failures that may pass', () => {
    expect(isTransient(networkError(new TypeError('Failed to fetch')))).toBe(true);
    for (const status of [503, 429, 500]) expect(isTransient(parseApiError(status, '{}')), String(status)).toBe(true);
    expect(isTransient(parseApiError(502, '<html>'))).toBe(true);
    for (const code of ['not_found', 'permission_denied', 'invalid_argument', 'conflict']) {
      const e = parseApiError(404, JSON.stringify({ error: { code, message: 'x' } }));
      expect(isTransient(e), code).toBe(false);
    }
    expect(isTransient(new Error('bug'))).toBe(false);
  });
});

// The server's reasons are listed in docs/api.md ("Error reasons"); a reason the server adds
// there without a translation here would reach a Spanish page as English.
describe('the reasons docs/api.md lists', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('### Error reasons'));
  const rows = [...section.matchAll(/^\| `([a-z0-9_]+)` \| ([^|]*) \| ([^|]*) \|$/gm)];

  it('are read from the table', () => {
    expect(rows.length).toBeGreaterThan(20);
  });

  it('are each known to the web app and translated in Spanish and English', () => {
    for (const [, reason] of rows) {
      expect(ERROR_REASONS as readonly string[], reason).toContain(reason);
      for (const lang of ['es', 'en'] as const) {
        expect(SHELL_CATALOGS[lang] as Record<string, string>, `${lang} ${reason}`)
          .toHaveProperty(`error.reason.${reason}`);
      }
    }
  });

  it('name for not_found only objects the web app names', () => {
    const row = rows.find(([, reason]) => reason === 'not_found');
    const objects = row?.[3]?.match(/`object`: ([^;)]*)/)?.[1]?.split(/,\s*/) ?? [];
    expect(objects.length).toBeGreaterThan(5);
    for (const o of objects) expect(NOT_FOUND_OBJECTS as readonly string[]).toContain(o.trim());
  });
});
