// The API client against a real HTTP server on 127.0.0.1 (port chosen by the OS) that answers
// the way the contract says the Istmo API answers.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../src/shell/api';
import { ApiError } from '../src/shell/errors';

let server: Server;
let base = '';
const seen: { method: string; url: string; auth: string; body: string }[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    seen.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization ?? '', body });
    const json = (status: number, obj: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'X-Request-Id': `rid-${seen.length}` });
      res.end(JSON.stringify(obj));
    };
    if (req.url === '/api/v1/auth/logout') {
      res.writeHead(204, { 'X-Request-Id': 'rid-logout' });
      return res.end();
    }
    if (req.url === '/api/v1/me') {
      if (req.headers.authorization !== 'Bearer good') {
        return json(401, { error: { code: 'unauthenticated', message: 'token expired', field: '', request_id: 'r401' } });
      }
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

function client(token: string | null) {
  const expired: ApiError[] = [];
  const api = new Api({ base, token: () => token, onUnauthenticated: (e) => expired.push(e) });
  return { api, expired };
}

describe('Api', () => {
  it('sends the bearer token and parses the JSON answer', async () => {
    const { api } = client('good');
    const me = await api.me();
    expect(me.username).toBe('snm.analyst');
    expect(seen.at(-1)?.auth).toBe('Bearer good');
  });

  it('reports a 401 on an authenticated call as an expired session', async () => {
    const { api, expired } = client('stale');
    await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'unauthenticated', requestId: 'r401' });
    expect(expired).toHaveLength(1);
  });

  it('does not send a token with the login request', async () => {
    const { api, expired } = client('good');
    await expect(api.login('x', 'y')).rejects.toBeInstanceOf(ApiError);
    expect(seen.at(-1)?.auth).toBe('');
    expect(JSON.parse(seen.at(-1)?.body ?? '{}')).toEqual({ username: 'x', password: 'y' });
    expect(expired).toHaveLength(0);
  });

  it('keeps the field of a validation error and the X-Request-Id header', async () => {
    const { api } = client('good');
    const err = await api.createUser({ username: 'a', display_name: 'A', password: 'p', roles: ['officer'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'invalid_argument', field: '/roles/0', kind: 'api' });
    expect((err as ApiError).requestId).toMatch(/^rid-\d+$/);
  });

  it('returns nothing for 204 No Content', async () => {
    const { api } = client('good');
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it('turns a non-JSON error page into a bad-response error', async () => {
    const { api } = client('good');
    await expect(api.request('GET', '/api/v1/proxy')).rejects.toMatchObject({ status: 502, kind: 'bad_response', code: 'internal' });
  });

  it('turns a refused connection into a network error', async () => {
    const api = new Api({ base: 'http://127.0.0.1:1', token: () => null, onUnauthenticated: () => {} });
    await expect(api.orgs()).rejects.toMatchObject({ status: 0, kind: 'network', code: 'unavailable' });
  });

  it('encodes path parameters', async () => {
    const { api } = client('good');
    await api.ackAlert('a/b c').catch(() => undefined);
    expect(seen.at(-1)?.url).toBe('/api/v1/alerts/a%2Fb%20c/ack');
  });
});
