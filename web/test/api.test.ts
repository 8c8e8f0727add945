// The API client against a real HTTP server on 127.0.0.1 (port chosen by the OS) that answers
// the way the contract says the Istmo API answers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../src/shell/api';
import { ApiError } from '../src/shell/errors';

let server: Server;
let base = '';
const seen: { method: string; url: string; auth: string; csrf: string; body: string }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({
      method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization ?? '',
      csrf: String(req.headers['x-csrf-token'] ?? ''), body,
    });
    const json = (status: number, obj: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': `rid-${seen.length}` });
      res.end(JSON.stringify(obj));
    };
    if (req.url === '/api/v1/auth/logout') {
      res.writeHead(204, { 'X-Request-Id': 'rid-logout' });
      return res.end();
    }
    if (req.url === '/api/v1/expired') {
      return json(401, { error: { code: 'unauthenticated', message: 'token expired', field: '', request_id: 'r401' } });
    }
    if (req.url === '/api/v1/me') {
      return json(200, { id: 'u1', username: 'snm.analyst', display_name: 'A', roles: ['analyst'], org: { id: 'o', name: 'SNM', full_name: 'SNM', country: 'PA', kind: 'migration' } });
    }
    if (req.url === '/api/v1/users' && req.method === 'POST') {
      return json(400, { error: { code: 'invalid_argument', message: 'roles[0]: unknown role', field: '/roles/0' } });
    }
    if (req.url === '/api/v1/proxy') {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      return res.end('<h1>Bad Gateway</h1>');
    }
    json(404, { error: { code: 'not_found', message: 'no route', field: '', request_id: 'r404' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

function client(csrf = 'c0ffee') {
  const expired: ApiError[] = [];
  const api = new Api({ base, csrf: () => csrf, onUnauthenticated: (e) => expired.push(e) });
  return { api, expired };
}

describe('Api', () => {
  it('sends no token of its own (the session is an HttpOnly cookie) and parses the JSON answer', async () => {
    const { api } = client();
    const me = await api.me();
    expect(me.username).toBe('snm.analyst');
    expect(seen.at(-1)?.auth).toBe('');
    expect(seen.at(-1)?.csrf).toBe('');
  });

  it('sends the session\'s CSRF value with a change', async () => {
    const { api } = client('c0ffee');
    await api.createUser({ username: 'a', display_name: 'A', password: 'p', roles: ['officer'] }).catch(() => undefined);
    expect(seen.at(-1)?.method).toBe('POST');
    expect(seen.at(-1)?.csrf).toBe('c0ffee');
  });

  it('reports a 401 on an authenticated call as an expired session', async () => {
    const { api, expired } = client();
    await expect(api.request('GET', '/api/v1/expired')).rejects.toMatchObject({ status: 401, code: 'unauthenticated', requestId: 'r401' });
    expect(expired).toHaveLength(1);
  });

  it('does not send a CSRF value with the login request', async () => {
    const { api, expired } = client();
    await expect(api.login('x', 'y')).rejects.toBeInstanceOf(ApiError);
    expect(seen.at(-1)?.csrf).toBe('');
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).toEqual({ username: 'x', password: 'y' });
    expect(expired).toHaveLength(0);
  });

  it('keeps the field of a validation error and the X-Request-Id header', async () => {
    const { api } = client();
    const err = await api.createUser({ username: 'a', display_name: 'A', password: 'p', roles: ['officer'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'invalid_argument', field: '/roles/0', kind: 'api' });
    expect((err as ApiError).requestId).toMatch(/^rid-\d+$/);
  });

  it('returns nothing for 204 No Content', async () => {
    const { api } = client();
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it('turns a non-JSON error page into a bad-response error', async () => {
    const { api } = client();
    await expect(api.request('GET', '/api/v1/proxy')).rejects.toMatchObject({ status: 502, kind: 'bad_response', code: 'internal' });
  });

  it('turns a refused connection into a network error', async () => {
    const api = new Api({ base: 'http://127.0.0.1:1', csrf: () => '', onUnauthenticated: () => {} });
    await expect(api.orgs()).rejects.toMatchObject({ status: 0, kind: 'network', code: 'unavailable' });
  });

  it('encodes path parameters', async () => {
    const { api } = client();
    await api.ackAlert('a/b c').catch(() => undefined);
    expect(seen.at(-1)?.url).toBe('/api/v1/alerts/a%2Fb%20c/ack');
  });
});

describe('csrfToken', () => {
  it('reads the istmo_csrf cookie among others, and is empty without one', async () => {
    const { csrfToken } = await import('../src/shell/api');
    expect(csrfToken('a=1; istmo_csrf=0a1b2c; b=2')).toBe('0a1b2c');
    expect(csrfToken('a=1')).toBe('');
  });
});
