// The HTTP client of the API (base path /api/v1). Every call goes with the session cookie (set
// by the server at sign-in, HttpOnly), a change also with the session's CSRF value; every call
// shows the progress bar and fails with an ApiError built from the server's JSON error.
import type {
  AdminUser, Alert, AlertComment, AlertQuery, AlertStatus, AlertSuppression, CaseOutcome, Country, CaseStats, InterdictionProperties, MaritimeCase, NewMaritimeCase, AuditPage, AuditVerify, Encounter, FeedHealth, NewFeed, Track, Vessel, VesselDetail, ZoneCollection, Flight, GeoLayer, Identification, Items, LegalBasis,
  LoginResponse, NewEncounter, NewWatchlistEntry, Org, PasswordPolicy, Registration, RepatriationCase, Role, Station, Trends, User,
  Watchlist, WatchlistDetail, WatchlistEntry,
  CanalContainer, CanalDashboard, CanalParty, CanalHistory, ImportReport, Inspection, InspectionDetail, InspectionQuery, InspectionResultBody, InspectionUnit,
  LaneRates, LaneSettings, ListVersion, NamedList, NewRule, Rule, RuleCheck, RuleField, RuleVersion, ScoredContainer, ScoreQuery, ScoreRun,
  Transit, TransitDetail, VesselBehaviour, WeightSuggestions, YieldReport,
} from '../lib/types';
import { ApiError, networkError, parseApiError } from './errors';
import { track } from './progress';

export interface Download {
  blob: Blob;
  filename: string;                  // from Content-Disposition, else empty
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOptions {
  base?: string;                               // origin prefix; '' means the page's own
  csrf: () => string;                          // the session's CSRF value (csrfToken())
  onUnauthenticated: (e: ApiError) => void;    // a 401 on an authenticated call
}

// The CSRF value of the session (the readable istmo_csrf cookie), or "" when there is none.
export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'istmo_csrf') return value.join('=');
  }
  return '';
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
    // A Blob is a file sent as it is (a zone upload), with its own type; anything else is JSON.
    const file = body instanceof Blob ? body : null;
    if (body !== undefined) headers['Content-Type'] = file ? file.type || 'application/octet-stream' : 'application/json';
    // The session cookie goes with every same-origin request; a change also carries the CSRF
    // value the server set beside it (double submit).
    if (auth && method !== 'GET') headers['X-CSRF-Token'] = this.opts.csrf();
    let res: Response;
    try {
      res = await track(fetch(`${this.opts.base ?? ''}${path}`, {
        method,
        headers,
        body: file ?? (body === undefined ? null : JSON.stringify(body)),
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

  // A file (CSV) fetched like every other call (the session cookie goes with it), for a blob
  // download with the progress bar and the API's error on failure.
  async download(path: string): Promise<Download> {
    const headers: Record<string, string> = {};
    let res: Response;
    try {
      res = await track(fetch(`${this.opts.base ?? ''}${path}`, { method: 'GET', headers }));
    } catch (e) {
      throw networkError(e);
    }
    if (!res.ok) {
      const err = parseApiError(res.status, await res.text(), res.headers.get('X-Request-Id') ?? '');
      if (err.status === 401) this.opts.onUnauthenticated(err);
      throw err;
    }
    return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('Content-Disposition'), '') };
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
  // The organization's default releasability: targets as records use them ("USA", "org:<id>").
  updateOrg(id: string, patch: { default_releasability: string[] }): Promise<Org> {
    return this.request('PATCH', `/api/v1/orgs/${encodeURIComponent(id)}`, patch);
  }
  // The password rule, readable before signing in (the server's minimum and common-word check).
  passwordPolicy(): Promise<PasswordPolicy> {
    return this.request('GET', '/api/v1/auth/password-policy', undefined, false);
  }
  createUser(u: { username: string; display_name: string; password: string; roles: Role[]; home_station?: string | null }): Promise<AdminUser> {
    return this.request('POST', '/api/v1/users', u);
  }
  updateUser(id: string, patch: { display_name?: string; roles?: Role[]; disabled?: boolean; password?: string; home_station?: string | null }): Promise<AdminUser> {
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
  // The alerts that match every filter given (docs/api.md, "Alerts"); snoozed ones are left out
  // unless `snoozed` says otherwise.
  alertsWhere(q: AlertQuery): Promise<Items<Alert>> {
    const p = new URLSearchParams();
    for (const k of ['status', 'module', 'kind', 'severity', 'subject', 'snoozed'] as const) {
      const v = q[k];
      if (v) p.set(k, v);
    }
    p.set('limit', String(q.limit ?? 100));
    return this.request('GET', `/api/v1/alerts?${p}`);
  }
  alert(id: string): Promise<Alert> {
    return this.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}`);
  }
  dismissAlert(id: string, reason: string): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/dismiss`, { reason });
  }
  snoozeAlert(id: string, minutes: number): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/snooze`, { minutes });
  }
  unsnoozeAlert(id: string): Promise<Alert> {
    return this.request('DELETE', `/api/v1/alerts/${encodeURIComponent(id)}/snooze`);
  }
  alertSuppressions(module?: string): Promise<Items<AlertSuppression>> {
    return this.request('GET', `/api/v1/alerts/suppressions${module ? `?module=${encodeURIComponent(module)}` : ''}`);
  }
  suppressAlerts(s: { module: string; subject: string; kind?: string; reason: string; days?: number }): Promise<AlertSuppression> {
    return this.request('POST', '/api/v1/alerts/suppressions', s);
  }
  liftSuppression(id: string): Promise<void> {
    return this.request('DELETE', `/api/v1/alerts/suppressions/${encodeURIComponent(id)}`);
  }
  ackAlert(id: string): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/ack`);
  }
  assignAlert(id: string, userId: string): Promise<Alert> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/assign`, { user_id: userId });
  }
  alertComments(id: string): Promise<Items<AlertComment>> {
    return this.request('GET', `/api/v1/alerts/${encodeURIComponent(id)}/comments`);
  }
  commentAlert(id: string, body: string): Promise<AlertComment> {
    return this.request('POST', `/api/v1/alerts/${encodeURIComponent(id)}/comments`, { body });
  }
  geoLayers(): Promise<Items<GeoLayer>> {
    return this.request('GET', '/api/v1/geo/layers');
  }
  geoLayer(name: string): Promise<GeoJSON.FeatureCollection> {
    return this.request('GET', `/api/v1/geo/${encodeURIComponent(name)}`);
  }

  // Maritime (AIS): src/maritime/routes.cc.
  vessels(bbox: readonly [number, number, number, number], limit = 100000): Promise<Items<Vessel> & { count: number }> {
    const q = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(4)).join(','), limit: String(limit) });
    return this.request('GET', `/api/v1/maritime/vessels?${q.toString()}`);
  }
  searchVessels(text: string, limit = 50): Promise<Items<Vessel> & { count: number }> {
    const q = new URLSearchParams({ q: text, limit: String(limit) });
    return this.request('GET', `/api/v1/maritime/vessels/search?${q.toString()}`);
  }
  vessel(mmsi: number): Promise<VesselDetail> {
    return this.request('GET', `/api/v1/maritime/vessels/${mmsi}`);
  }
  vesselTrack(mmsi: number): Promise<Track> {
    return this.request('GET', `/api/v1/maritime/vessels/${mmsi}/track`);
  }
  zones(kind?: string): Promise<ZoneCollection> {
    return this.request('GET', `/api/v1/maritime/zones${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`);
  }
  // An area-of-interest file (GeoJSON or KML) as it is; `name` names a file's single zone.
  uploadZones(file: Blob, o: { name?: string; releasability: string[] }): Promise<ZoneCollection> {
    const q = new URLSearchParams({ releasability: o.releasability.join(',') });
    if (o.name) q.set('name', o.name);
    return this.request('POST', `/api/v1/maritime/zones?${q.toString()}`, file);
  }
  deleteZone(id: string): Promise<void> {
    return this.request('DELETE', `/api/v1/maritime/zones/${encodeURIComponent(id)}`);
  }
  feeds(): Promise<Items<FeedHealth>> {
    return this.request('GET', '/api/v1/maritime/feeds');
  }
  addFeed(f: NewFeed): Promise<FeedHealth> {
    return this.request('POST', '/api/v1/maritime/feeds', f);
  }
  removeFeed(name: string): Promise<void> {
    return this.request('DELETE', `/api/v1/maritime/feeds/${encodeURIComponent(name)}`);
  }

  // Interdiction cases: src/maritime (cases routes).
  maritimeCases(q: { status?: string; orgId?: string; since?: string; limit?: number } = {}): Promise<Items<MaritimeCase>> {
    const p = new URLSearchParams();
    if (q.status) p.set('status', q.status);
    if (q.orgId) p.set('org_id', q.orgId);
    if (q.since) p.set('since', q.since);
    p.set('limit', String(q.limit ?? 200));
    return this.request('GET', `/api/v1/maritime/cases?${p}`);
  }
  maritimeCase(id: string): Promise<MaritimeCase> {
    return this.request('GET', `/api/v1/maritime/cases/${encodeURIComponent(id)}`);
  }
  openMaritimeCase(c: NewMaritimeCase): Promise<MaritimeCase> {
    return this.request('POST', '/api/v1/maritime/cases', c);
  }
  updateMaritimeCase(id: string, patch: { title?: string; summary?: string; status?: string; org_id?: string }): Promise<MaritimeCase> {
    return this.request('PATCH', `/api/v1/maritime/cases/${encodeURIComponent(id)}`, patch);
  }
  addCasePosition(id: string, p: { t: string; lat: number; lon: number; label?: string }): Promise<MaritimeCase> {
    return this.request('POST', `/api/v1/maritime/cases/${encodeURIComponent(id)}/positions`, p);
  }
  setCaseOutcome(id: string, o: Omit<CaseOutcome, 'area'>): Promise<MaritimeCase> {
    return this.request('PUT', `/api/v1/maritime/cases/${encodeURIComponent(id)}/outcome`, o);
  }
  addCaseCrew(id: string, encounterId: string): Promise<MaritimeCase> {
    return this.request('POST', `/api/v1/maritime/cases/${encodeURIComponent(id)}/crew`, { encounter_id: encounterId });
  }
  removeCaseCrew(id: string, encounterId: string): Promise<MaritimeCase> {
    return this.request('DELETE', `/api/v1/maritime/cases/${encodeURIComponent(id)}/crew/${encodeURIComponent(encounterId)}`);
  }
  addCaseNote(id: string, body: string): Promise<MaritimeCase> {
    return this.request('POST', `/api/v1/maritime/cases/${encodeURIComponent(id)}/notes`, { body });
  }
  caseStats(range: { from?: string; to?: string } = {}): Promise<CaseStats> {
    return this.request('GET', `/api/v1/maritime/cases/stats?${rangeQuery(range)}`);
  }
  interdictionMap(range: { from?: string; to?: string } = {}): Promise<GeoJSON.FeatureCollection<GeoJSON.Point, InterdictionProperties>> {
    return this.request('GET', `/api/v1/maritime/cases/map?${rangeQuery(range)}`);
  }
  // ISO 3166-1 countries with their names in both languages (the country picker's list).
  countries(): Promise<Items<Country>> {
    return this.request('GET', '/api/v1/countries');
  }

  // Migration (Darién): src/migration/routes.cc.
  stations(): Promise<Items<Station>> {
    return this.request('GET', '/api/v1/migration/stations');
  }
  registerEncounter(e: NewEncounter): Promise<Registration> {
    return this.request('POST', '/api/v1/migration/encounters', e);
  }
  encounters(query: string): Promise<Items<Encounter>> {
    return this.request('GET', `/api/v1/migration/encounters?${query}`);
  }
  encounter(id: string): Promise<Encounter> {
    return this.request('GET', `/api/v1/migration/encounters/${encodeURIComponent(id)}`);
  }
  trends(query: string): Promise<Trends> {
    return this.request('GET', `/api/v1/migration/trends?${query}`);
  }
  trendsCsv(query: string): Promise<Download> {
    return this.download(`/api/v1/migration/trends.csv?${query}`);
  }
  cases(q: { status?: string; nationality?: string; personId?: string; eligible?: boolean; limit?: number } = {}): Promise<Items<RepatriationCase>> {
    const p = new URLSearchParams();
    if (q.status) p.set('status', q.status);
    if (q.nationality) p.set('nationality', q.nationality.toUpperCase());
    if (q.personId) p.set('person_id', q.personId);
    if (q.eligible) p.set('eligible', 'true');
    p.set('limit', String(q.limit ?? 1000));
    return this.request('GET', `/api/v1/migration/cases?${p}`);
  }
  openCase(c: { encounter_id: string; legal_basis: LegalBasis; note?: string; releasability?: string[] }): Promise<RepatriationCase> {
    return this.request('POST', '/api/v1/migration/cases', c);
  }
  updateCase(id: string, patch: { legal_basis?: LegalBasis; status?: 'open' | 'closed'; note?: string }): Promise<RepatriationCase> {
    return this.request('PATCH', `/api/v1/migration/cases/${encodeURIComponent(id)}`, patch);
  }
  flights(): Promise<Items<Flight>> {
    return this.request('GET', '/api/v1/migration/flights');
  }
  flight(id: string): Promise<Flight> {
    return this.request('GET', `/api/v1/migration/flights/${encodeURIComponent(id)}`);
  }
  createFlight(f: { flight_date: string; destination_country: string; capacity: number; releasability?: string[] }): Promise<Flight> {
    return this.request('POST', '/api/v1/migration/flights', f);
  }
  buildManifest(id: string): Promise<Flight> {
    return this.request('POST', `/api/v1/migration/flights/${encodeURIComponent(id)}/manifest`);
  }
  setFlightStatus(id: string, status: 'departed' | 'cancelled'): Promise<Flight> {
    return this.request('PATCH', `/api/v1/migration/flights/${encodeURIComponent(id)}`, { status });
  }

  // Biometrics: src/biometrics/routes.cc.
  identify(photo: string, candidates?: number): Promise<Identification> {
    return this.request('POST', '/api/v1/biometrics/identify', candidates ? { photo, candidates } : { photo });
  }
  watchlists(): Promise<Items<Watchlist>> {
    return this.request('GET', '/api/v1/biometrics/watchlists');
  }
  watchlist(id: string): Promise<WatchlistDetail> {
    return this.request('GET', `/api/v1/biometrics/watchlists/${encodeURIComponent(id)}`);
  }
  createWatchlist(w: { name: string; releasability: string[] }): Promise<Watchlist> {
    return this.request('POST', '/api/v1/biometrics/watchlists', w);
  }
  addWatchlistEntry(id: string, e: NewWatchlistEntry): Promise<WatchlistEntry> {
    return this.request('POST', `/api/v1/biometrics/watchlists/${encodeURIComponent(id)}/entries`, e);
  }
  removeWatchlistEntry(id: string, entryId: string): Promise<void> {
    return this.request('DELETE', `/api/v1/biometrics/watchlists/${encodeURIComponent(id)}/entries/${encodeURIComponent(entryId)}`);
  }

  // Canal: transits, risk rules and lists, scores, inspections and yield (src/canal/*routes.cc).
  canalFields(): Promise<{ fields: RuleField[] }> {
    return this.request('GET', '/api/v1/canal/fields');
  }
  canalLists(): Promise<{ lists: NamedList[] }> {
    return this.request('GET', '/api/v1/canal/lists');
  }
  canalList(id: string): Promise<NamedList & { versions: ListVersion[] }> {
    return this.request('GET', `/api/v1/canal/lists/${encodeURIComponent(id)}`);
  }
  createCanalList(l: { name: string; kind: string; items: string[]; releasability?: string[] }): Promise<NamedList> {
    return this.request('POST', '/api/v1/canal/lists', l);
  }
  updateCanalList(id: string, l: { items: string[]; note?: string }): Promise<NamedList> {
    return this.request('PUT', `/api/v1/canal/lists/${encodeURIComponent(id)}`, l);
  }
  checkRule(expression: string): Promise<RuleCheck> {
    return this.request('POST', '/api/v1/canal/rules/check', { expression });
  }
  rules(status?: string): Promise<{ rules: Rule[] }> {
    return this.request('GET', `/api/v1/canal/rules${status ? `?status=${encodeURIComponent(status)}` : ''}`);
  }
  rule(id: string): Promise<Rule & { versions: RuleVersion[] }> {
    return this.request('GET', `/api/v1/canal/rules/${encodeURIComponent(id)}`);
  }
  createRule(r: NewRule): Promise<Rule> {
    return this.request('POST', '/api/v1/canal/rules', r);
  }
  updateRule(id: string, r: Partial<NewRule>): Promise<Rule> {
    return this.request('PUT', `/api/v1/canal/rules/${encodeURIComponent(id)}`, r);
  }
  ruleSuggestions(): Promise<WeightSuggestions> {
    return this.request('GET', '/api/v1/canal/rules/suggestions');
  }
  retireRule(id: string, reason: string): Promise<Rule> {
    return this.request('POST', `/api/v1/canal/rules/${encodeURIComponent(id)}/retire`, { reason });
  }
  reactivateRule(id: string): Promise<Rule> {
    return this.request('POST', `/api/v1/canal/rules/${encodeURIComponent(id)}/reactivate`);
  }
  lanes(): Promise<LaneSettings> {
    return this.request('GET', '/api/v1/canal/lanes');
  }
  setLanes(r: LaneRates): Promise<LaneSettings> {
    return this.request('PUT', '/api/v1/canal/lanes', r);
  }
  score(importId?: string): Promise<ScoreRun> {
    return this.request('POST', '/api/v1/canal/score', importId ? { import_id: importId } : {});
  }
  scores(q: ScoreQuery = {}): Promise<{ containers: ScoredContainer[]; next_after: string | null }> {
    return this.request('GET', `/api/v1/canal/scores?${canalQuery(q)}`);
  }
  canalContainer(number: string): Promise<CanalContainer> {
    return this.request('GET', `/api/v1/canal/containers/${encodeURIComponent(number)}`);
  }
  transits(q: { upcoming?: boolean; from?: string; to?: string; limit?: number } = {}): Promise<Items<Transit>> {
    return this.request('GET', `/api/v1/canal/transits?${canalQuery(q)}`);
  }
  transit(id: string): Promise<TransitDetail> {
    return this.request('GET', `/api/v1/canal/transits/${encodeURIComponent(id)}`);
  }
  canalVessel(imo: string): Promise<VesselBehaviour & { vessel?: unknown }> {
    return this.request('GET', `/api/v1/canal/vessels/${encodeURIComponent(imo)}`);
  }
  importManifest(csvOrJson: string, type: 'text/csv' | 'application/json', releasability: string[] = []): Promise<ImportReport> {
    const q = releasability.length > 0 ? `?releasability=${encodeURIComponent(releasability.join(','))}` : '';
    return this.request('POST', `/api/v1/canal/manifests${q}`, new Blob([csvOrJson], { type }));
  }
  units(): Promise<{ units: InspectionUnit[] }> {
    return this.request('GET', '/api/v1/canal/units');
  }
  createUnit(u: { name: string; terminal?: string }): Promise<InspectionUnit> {
    return this.request('POST', '/api/v1/canal/units', u);
  }
  updateUnit(id: string, u: { name?: string; terminal?: string; active?: boolean }): Promise<InspectionUnit> {
    return this.request('PUT', `/api/v1/canal/units/${encodeURIComponent(id)}`, u);
  }
  inspections(q: InspectionQuery = {}): Promise<{ inspections: Inspection[]; next_after: string | null }> {
    return this.request('GET', `/api/v1/canal/inspections?${canalQuery(q)}`);
  }
  inspection(id: string): Promise<InspectionDetail> {
    return this.request('GET', `/api/v1/canal/inspections/${encodeURIComponent(id)}`);
  }
  queueInspection(i: { line_id: string; lane?: 'red' | 'yellow'; note?: string }): Promise<Inspection> {
    return this.request('POST', '/api/v1/canal/inspections', i);
  }
  assignInspection(id: string, unitId: string): Promise<Inspection> {
    return this.request('POST', `/api/v1/canal/inspections/${encodeURIComponent(id)}/assign`, { unit_id: unitId });
  }
  cancelInspection(id: string, reason: string): Promise<Inspection> {
    return this.request('POST', `/api/v1/canal/inspections/${encodeURIComponent(id)}/cancel`, { reason });
  }
  recordInspection(id: string, r: InspectionResultBody & { correction_reason?: string }): Promise<Inspection> {
    return this.request('POST', `/api/v1/canal/inspections/${encodeURIComponent(id)}/result`, r);
  }
  // By rule (every version together) or by version (one row per version that fired).
  canalYield(by: 'rule' | 'version' = 'rule'): Promise<YieldReport> {
    return this.request('GET', `/api/v1/canal/yield?by=${by}`);
  }
  canalParty(id: string): Promise<CanalParty> {
    return this.request('GET', `/api/v1/canal/parties/${encodeURIComponent(id)}`);
  }
  partyHistory(partyId: string): Promise<CanalHistory> {
    return this.request('GET', `/api/v1/canal/history/parties/${encodeURIComponent(partyId)}`);
  }
  portHistory(locode: string): Promise<CanalHistory> {
    return this.request('GET', `/api/v1/canal/history/ports/${encodeURIComponent(locode)}`);
  }
  canalDashboard(): Promise<CanalDashboard> {
    return this.request('GET', '/api/v1/canal/dashboard');
  }
}

function rangeQuery(r: { from?: string; to?: string }): string {
  const p = new URLSearchParams();
  if (r.from) p.set('from', r.from);
  if (r.to) p.set('to', r.to);
  return p.toString();
}

// The query of a canal list: the values given, in the order given, empty ones left out.
function canalQuery(q: object): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q) as [string, unknown][]) if (v !== undefined && v !== '' && v !== false) p.set(k, String(v));
  return p.toString();
}

// The file name of a download: the server's Content-Disposition, else the fallback.
export function filenameFromDisposition(header: string | null, fallback: string): string {
  const m = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  const name = m?.[1]?.trim();
  return name && !/[/\\]/.test(name) ? name : fallback;
}
