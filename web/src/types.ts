// Shapes of the API's JSON (base path /api/v1), as the server documents them in
// /api/openapi.json.
export type Role = 'officer' | 'analyst' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['officer', 'analyst', 'supervisor', 'admin'];

export interface OrgRef {
  id: string;
  name: string;
  full_name: string;
  country: string;
  kind: string;
}
export interface Org extends OrgRef {
  created_at: string;
}
export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  org: OrgRef;
}
// The users list names the organization by id (org_id); the caller's own user carries org.
export interface AdminUser extends Omit<User, 'org'> {
  org?: OrgRef;
  org_id?: string;
  disabled: boolean;
  created_at: string;
}
export interface LoginResponse {
  token: string;
  expires_at: string;
  user: User;
}
export interface Items<T> {
  items: T[];
}

export type Module = 'migration' | 'maritime' | 'canal' | 'cooperation' | 'biometrics';
export const MODULES: readonly Module[] = ['migration', 'maritime', 'canal', 'cooperation', 'biometrics'];
export type Severity = 'info' | 'warning' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];
export type AlertStatus = 'open' | 'acknowledged' | 'closed';
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'closed'];

export interface Alert {
  id: string;
  created_at: string;
  module: Module;
  kind: string;
  severity: Severity;
  title: string;
  detail: unknown;
  status: AlertStatus;
  owner_org: string;                 // organization id (or name)
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  actor_org: string;                 // organization id
  action: string;
  object_type: string;
  object_id: string;
  detail: unknown;                   // a JSON object (or text from older entries)
  hash: string;
}
export interface AuditPage {
  items: AuditEntry[];
  next_before_seq: number | null;
}
export interface AuditVerify {
  ok: boolean;
  entries: number;
  first_bad_seq: number | null;
}
export interface GeoLayer {
  name: string;
  title: string;
}
