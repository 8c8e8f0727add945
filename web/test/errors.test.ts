import { describe, expect, it } from 'vitest';
import { ApiError, codeForStatus, describeError, networkError, parseApiError } from '../src/shell/errors';
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
