// The HTTP client of the API (base path /api/v1). Every call carries the session's bearer
// token, shows the progress bar, and fails with an ApiError built from the server's JSON error.
import { ApiError, networkError, parseApiError } from './errors';
import { track } from './progress';
import type {
  AdminUser, Alert, AlertStatus, AuditPage, AuditVerify, GeoLayer, Items, LoginResponse, Org, Role, User,
} from './types';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface ApiOptions {
  base?: string;                               // origin prefix; '' means the page's own
  token: () => string | null;
  onUnauthenticated: (e: ApiError) => void;    // a 401 on an authenticated call
}

export class Api {
  private orgNamesCache: Promise<Map<string, string>> | null = null;

  constructor(private readonly opts: ApiOptions) {}

  // Organization id → short name (e.g. SENAFRONT), for records that name their organization
  // by id. Fetched once per client; an id it does not know is shown as it came.
  orgNames(): Promise<Map<string, string>> {
    this.orgNamesCache ??= this.orgs().then((r) => new Map(r.items.map((o) => [o.id, o.name])));
    this.orgNamesCache.catch(() => { this.orgNamesCache = null; });
    return this.orgNamesCache;
  }

  async request<T>(method: Method, path: string, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = this.opts.token();
    if (auth && token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await track(fetch(`${this.opts.base ?? ''}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      }));
    } catch (e) {
      throw networkError(e);
    }
    const requestId = res.headers.get('X-Request-Id') ?? '';
    const text = await res.text();
    if (!res.ok) {
      const err = parseApiError(res.status, text, requestId);
      if (auth && err.status === 401) this.opts.onUnauthenticated(err);
      throw err;
    }
    if (res.status === 204 || text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(res.status, 'internal', '', '', requestId, 'bad_response');
    }
  }

  login(username: string, password: string): Promise<LoginResponse> {
    return this.request('POST', '/api/v1/auth/login', { username, password }, false);
  }
  logout(): Promise<void> {
    return this.request('POST', '/api/v1/auth/logout');
  }
  me(): Promise<User> {
    return this.request('GET', '/api/v1/me');
  }
  orgs(): Promise<Items<Org>> {
    return this.request('GET', '/api/v1/orgs');
  }
  users(): Promise<Items<AdminUser>> {
    return this.request('GET', '/api/v1/users');
  }
  createUser(u: { username: string; display_name: string; password: string; roles: Role[] }): Promise<AdminUser> {
    return this.request('POST', '/api/v1/users', u);
  }
  updateUser(id: string, patch: { display_name?: string; roles?: Role[]; disabled?: boolean; password?: string }): Promise<AdminUser> {
    return this.request('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, patch);
  }
  audit(limit: number, beforeSeq?: number | null): Promise<AuditPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (beforeSeq !== undefined && beforeSeq !== null) q.set('before_seq', String(beforeSeq));
    return this.request('GET', `/api/v1/audit?${q}`);
  }
  verifyAudit(): Promise<AuditVerify> {
    return this.request('GET', '/api/v1/audit/verify');
  }
  alerts(status: AlertStatus, limit = 50): Promise<Items<Alert>> {
    const q = new URLSearchParams({ status, limit: String(limit) });
    return this.request('GET', `/api/v1/alerts?${q}`);
  }
  ackAlert(id: string): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`);
  }
  geoLayers(): Promise<Items<GeoLayer>> {
    return this.request('GET', '/api/v1/geo/layers');
  }
  geoLayer(name: string): Promise<GeoJSON.FeatureCollection> {
    return this.request('GET', `/api/v1/geo/${encodeURIComponent(name)}`);
  }
}
