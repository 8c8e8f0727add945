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
  default_releasability?: string[];  // releasability targets ("USA", "ALL", "org:<id>") pre-ticked on this org's forms
}
export interface User {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  org: OrgRef;
  home_station?: string | null;      // station id the user works at, if assigned
  org_default_releasability?: string[] | null;   // the caller's organization's default releasability
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
// An ISO 3166-1 country with its names (GET /api/v1/countries).
export interface Country {
  alpha3: string;
  alpha2: string;
  name_en: string;
  name_es: string;
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
  releasability?: string[];
  acknowledged_by?: string | null;
  acknowledged_at?: string | null;
  assigned_to?: AlertAssignee | null;
  // Triage (issue 14): one open alert per vessel and kind, updated while the behaviour goes on.
  subject?: string | null;           // "mmsi:538001234"
  updated_at?: string;
  occurrences?: number;
  resolution?: AlertResolution | null;
  resolution_note?: string | null;
  case_id?: string | null;
  closed_by?: string | null;
  closed_at?: string | null;
  snoozed_until?: string | null;
}
export type AlertResolution = 'dismissed' | 'escalated' | 'resolved';
export const ALERT_RESOLUTIONS: readonly AlertResolution[] = ['dismissed', 'escalated', 'resolved'];
export type SnoozedFilter = 'exclude' | 'include' | 'only';
// GET /api/v1/alerts: every filter may be left out.
export interface AlertQuery {
  status?: AlertStatus | '';
  module?: Module | '';
  kind?: string;
  severity?: Severity | '';
  subject?: string;
  snoozed?: SnoozedFilter;
  limit?: number;
}
// A vessel (or other subject) whose alerts an organization no longer wants, for a while or until
// lifted; kind null is every kind.
export interface AlertSuppression {
  id: string;
  owner_org: string;
  module: Module;
  subject: string;
  kind: string | null;
  reason: string;
  created_by: string;
  created_at: string;
  until: string | null;
}
export interface AlertAssignee {
  user_id: string;
  username: string;
  by: string;
  at: string;
}
export interface AlertComment {
  id: string;
  alert_id: string;
  created_at: string;
  author: string;
  author_id: string;
  author_org: string;
  body: string;
}
export interface PasswordPolicy {
  min_length: number;
  max_length?: number;
  rejects_common?: boolean;
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

// Migration (Darién): /api/v1/migration/…, see src/migration/routes.cc.
export type Sex = 'F' | 'M' | 'X';
export const SEXES: readonly Sex[] = ['F', 'M', 'X'];
export type DocumentType = 'passport' | 'national_id' | 'other';
export const DOCUMENT_TYPES: readonly DocumentType[] = ['passport', 'national_id', 'other'];
export type AgeGroup = 'adult' | 'minor';
export const AGE_GROUPS: readonly AgeGroup[] = ['adult', 'minor'];
export type LegalBasis = 'none' | 'asylum_pending' | 'recognized' | 'other_status';
export const LEGAL_BASES: readonly LegalBasis[] = ['none', 'asylum_pending', 'recognized', 'other_status'];
export type CaseStatus = 'open' | 'manifested' | 'repatriated' | 'closed';
export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'manifested', 'repatriated', 'closed'];
export type FlightStatus = 'scheduled' | 'departed' | 'cancelled';
export const FLIGHT_STATUSES: readonly FlightStatus[] = ['scheduled', 'departed', 'cancelled'];
export type Granularity = 'month' | 'week';
export type MatchedBy = 'face' | 'document';
export const MATCHED_BY: readonly MatchedBy[] = ['face', 'document'];

export interface Station {
  id: string;
  name: string;
  lon: number;
  lat: number;
}

export interface Encounter {
  id: string;
  created_at: string;
  owner_org: string;                 // organization id
  releasability: string[];
  station_id: string;
  encountered_at: string;
  person_id: string;
  name: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
  document_type: DocumentType | null;
  document_number: string | null;
  age_years: number;
  age_group: AgeGroup;
  repeat: boolean;
  has_photo: boolean;
  created_by: string;
}

export interface EarlierEncounter extends Encounter {
  matched_by: MatchedBy;
  distance: number | null;
}

export interface WatchlistHit {
  watchlist_id: string;
  watchlist_name: string;
  person_id: string;
  reason: string;
  distance: number;
  alert_id: string;
}

export interface NewEncounter {
  station_id: string;
  encountered_at?: string;
  name: string;
  birth_date: string;
  sex: Sex;
  nationality: string;
  document_type?: DocumentType;
  document_number?: string;
  releasability?: string[];
  photo?: string;                    // base64 of the JPEG or PNG
}

export interface Registration {
  encounter: Encounter;
  earlier: EarlierEncounter[];
  watchlist_hits: WatchlistHit[];
  face_enrolled: boolean;
}

export interface TrendPoint {
  period: string;
  encounters: number;
  previous: number;
  repeats: number;
  change: number | null;             // a fraction: -0.375 is 37.5 % fewer
}
export interface TrendGroup {
  key: string;
  encounters: number;
  previous: number;
  share: number;
  change: number | null;
}
export interface Trends {
  granularity: Granularity;
  from: string;
  to: string;
  previous_from: string;
  previous_to: string;
  total: number;
  previous_total: number;
  change: number | null;
  repeats: number;
  repeat_share: number;
  series: TrendPoint[];
  by_nationality: TrendGroup[];
  by_sex: TrendGroup[];
  by_age_group: TrendGroup[];
  by_station: TrendGroup[];
  top_nationalities: TrendGroup[];
}

export interface RepatriationCase {
  id: string;
  created_at: string;
  updated_at: string;
  owner_org: string;
  releasability: string[];
  person_id: string;
  encounter_id: string;
  name: string;
  nationality: string;
  legal_basis: LegalBasis;
  status: CaseStatus;
  flight_id: string | null;
  note: string;
  eligible: boolean;
}

export interface Flight {
  id: string;
  created_at: string;
  owner_org: string;
  releasability: string[];
  flight_date: string;
  destination_country: string;
  capacity: number;
  status: FlightStatus;
  manifested: number;
  manifest?: RepatriationCase[];
}

// Biometrics: /api/v1/biometrics/…, see src/biometrics/routes.cc.
export interface FaceBox {
  left: number;                      // pixels of the decoded photo
  top: number;
  width: number;
  height: number;
}
export interface Candidate {
  template_id: string;
  person_id: string;
  owner_org: string;                 // organization id
  enrolled_at: string;
  distance: number;
  match: boolean;                    // within the server's match threshold
}
export interface Identification {
  face: { box: FaceBox };
  candidates: Candidate[];
  watchlist_hits: WatchlistHit[];
}
export interface Watchlist {
  id: string;
  created_at: string;
  owner_org: string;                 // organization id
  releasability: string[];
  name: string;
  entries: number;
}
export interface WatchlistEntry {
  id: string;
  created_at: string;
  watchlist_id: string;
  person_id: string;
  name: string;
  reason: string;
  has_face: boolean;                 // a photo was enrolled with the entry
}
export interface WatchlistDetail {
  watchlist: Watchlist;
  entries: WatchlistEntry[];
}
export interface NewWatchlistEntry {
  person_id?: string;
  name?: string;
  reason: string;
  photo?: string;                    // base64 of the JPEG or PNG
}

// Maritime (AIS): src/maritime/json.cc. Every field but mmsi and kind may be missing: a station
// is known from its first report, its identity only once it sent one.
export type StationKind = 'class_a' | 'class_b' | 'base_station' | 'aid_to_navigation' | 'sar_aircraft';
export const STATION_KINDS: readonly StationKind[] = ['class_a', 'class_b', 'base_station', 'aid_to_navigation', 'sar_aircraft'];

export interface VesselPosition {
  lat: number;
  lon: number;
  time: string;
  sog_kn?: number;
  cog_deg?: number;
  heading_deg?: number;
  nav_status?: number;
  nav_status_text?: string;
  flags?: string[];
}

export interface Vessel {
  mmsi: number;
  kind: StationKind;
  flag?: { iso2: string; name: string };
  name?: string;
  callsign?: string;
  imo?: number;
  ship_type?: number;
  ship_type_text?: string;
  dimensions?: { length_m: number; beam_m: number };
  draught_m?: number;
  destination?: string;
  eta?: string;
  first_seen?: string;
  static_time?: string;
  position?: VesselPosition;
}

// The compact form of stations (src/maritime/live.h): the map's layer view
// (GET /api/v1/maritime/vessels?view=layer) and every push of the live stream
// (/api/v1/maritime/live). A row's values follow `fields`; an absent value is null.
export type VesselRow = (number | string | null)[];
export interface VesselsMessage {
  type: 'vessels';
  seq: number;
  fields: string[];
  items: VesselRow[];
}
export type LiveMessage = VesselsMessage | { type: 'hello'; interval_ms: number } | { type: 'error'; message: string; field?: string };

export interface IdentityChange {
  time: string;
  field: string;
  old: string;
  new: string;
}

export interface VesselDetail extends Vessel {
  history: IdentityChange[];
  zones?: ZoneRef[];                     // the zones it is in now that the reader may see
}

export type ZoneKind = 'eez' | 'territorial_sea' | 'contiguous_zone' | 'canal' | 'anchorage' | 'port' | 'aoi';
export interface ZoneRef {
  id: string;
  name: string;
  kind: ZoneKind;
}
// A zone as GET /api/v1/maritime/zones gives it; an area of interest (kind aoi) also carries its
// record's owner, releasability, author and time.
export interface ZoneProperties extends ZoneRef {
  source?: string;
  owner_org?: string;
  releasability?: string[];
  created_by?: string;
  created?: string;
}
export interface ZoneCollection {
  type: 'FeatureCollection';
  attribution?: string[];
  features: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, ZoneProperties>[];
}

// A live AIS feed and its health (src/maritime/feeds.cc, FeedHealthJson).
export interface NewFeed {
  name: string;
  kind: 'tcp' | 'udp';
  host: string;
  port: number;
  station?: string;
}
export interface FeedHealth extends NewFeed {
  station: string;
  origin: 'config' | 'api';
  state: string;                         // connecting, connected, backoff, listening, stopped
  connects: number;
  reconnects: number;
  overlong_lines: number;
  resolve_errors?: number;               // TCP feeds: name lookups that failed or timed out
  connect_errors?: number;               // TCP feeds: connections refused or timed out
  bytes: number;
  messages_per_second: number;
  last_message_at?: string;
  last_error?: string;
  counters: { lines: number; messages: number; bad: Record<string, number>; bad_total: number };
}

export interface TrackPoint {
  time: string;
  lat: number;
  lon: number;
  sog_kn?: number;
  cog_deg?: number;
  heading_deg?: number;
  flags?: string[];
  source?: string;
}

export interface Track {
  mmsi: number;
  items: TrackPoint[];
  count: number;
}

// Behaviour detection (src/maritime/detect.h; GET /api/v1/maritime/detections and the detail of a
// maritime alert).
export const DETECTION_KINDS = [
  'gap', 'encounter', 'rendezvous', 'loitering', 'go_fast', 'implied_speed', 'duplicate_mmsi', 'invalid_mmsi',
  'on_land', 'not_available', 'identity_change', 'watchlist_entry',
] as const;
export type DetectionKind = (typeof DETECTION_KINDS)[number];

export interface EvidencePoint {
  mmsi: number;
  t: string;
  lat: number;
  lon: number;
  sog_kn: number | null;
}
export interface Detection {
  kind: string;
  mmsi: number;
  partner?: number;
  start: string;
  end: string;
  intentional: boolean;
  open: boolean;
  measured: number;
  zone?: string;
  thresholds: Record<string, number> | null;
  evidence: EvidencePoint[] | null;
  // An identity change's before and after (docs/maritime.md, "Identity changes").
  note?: { changes: IdentityFieldChange[]; since?: string; since_t?: string } | null;
}
export interface IdentityFieldChange {
  field: string;                     // name | callsign | flag
  old: string;
  new: string;
}

// Interdiction cases (GET/POST /api/v1/maritime/cases).
export type MaritimeCaseStatus = 'open' | 'underway' | 'interdicted' | 'closed';
export const MARITIME_CASE_STATUSES: readonly MaritimeCaseStatus[] = ['open', 'underway', 'interdicted', 'closed'];
export type DrugType = 'cocaine' | 'marijuana' | 'heroin' | 'methamphetamine' | 'fentanyl' | 'other';
export const DRUG_TYPES: readonly DrugType[] = ['cocaine', 'marijuana', 'heroin', 'methamphetamine', 'fentanyl', 'other'];

// Where an interdiction happened (src/maritime/cases.cc, CaseArea): Panama's waters by coast.
export const CASE_AREAS = [
  'bocas_del_toro', 'colon', 'guna_yala', 'chiriqui', 'azuero', 'gulf_of_panama', 'darien_pacific',
  'caribbean_outside_eez', 'pacific_outside_eez',
] as const;

export interface CasePosition {
  t: string;
  lat: number;
  lon: number;
  label?: string | null;
}
export interface CaseOutcome {
  boarded: boolean;
  seized: boolean;
  at?: string | null;
  lat?: number | null;
  lon?: number | null;
  area?: string | null;
  drugs: { type: DrugType; kg: number }[];
  arrests: { nationality: string; count: number }[];
  other_contraband: { description: string; quantity?: number | null }[];
}
export interface CaseCrew {
  encounter_id: string;
  visible: boolean;                  // false: the encounter is not released to the reader
  name?: string;
  nationality?: string;
  station?: string;
  registered_at?: string;
}
export interface CaseEvent {
  t: string;
  user: string;
  action: string;
  note?: string | null;
}
export interface MaritimeCase {
  id: string;
  number: string;
  title: string;
  summary: string;
  owner_org: string;
  owner_org_name?: string;
  releasability: string[];
  status: MaritimeCaseStatus;
  opened_at: string;
  opened_by: string;
  updated_at: string;
  alert_ids: string[];
  mmsis: number[];
  positions: CasePosition[];
  outcome: CaseOutcome | null;
  crew: CaseCrew[];
  timeline?: CaseEvent[];
}
export interface NewMaritimeCase {
  title: string;
  org_id?: string;
  releasability?: string[];
  alert_ids?: string[];
  mmsis?: number[];
  summary?: string;
}
export interface CaseStats {
  months: { month: string; cases: number; interdictions: number; seized: number; kg: Partial<Record<DrugType, number>> }[];
  areas: { area: string; cases: number; kg: number }[];
  drugs: { type: DrugType; kg: number; cases: number }[];
  arrests: { nationality: string; count: number }[];
}
export interface InterdictionProperties {
  id: string;
  number: string;
  status: MaritimeCaseStatus;
  seized: boolean;
  kg: number;
  area: string | null;
  at: string | null;
}

// ---- Canal: risk rules, scores, transits, inspections and yield (/api/v1/canal, docs/canal.md) ----
export interface LocalizedText {
  es: string;
  en: string;
}
export type CanalLane = 'red' | 'yellow' | 'green';
export const CANAL_LANES: readonly CanalLane[] = ['red', 'yellow', 'green'];
// How a line was selected: by the rules' lanes, at random (the baseline), by hand (an inspection
// queued by a supervisor), or not at all (a green line).
export type CanalSelection = 'rules' | 'random' | 'manual' | 'none';
export const CANAL_SELECTIONS: readonly CanalSelection[] = ['rules', 'random', 'manual', 'none'];
// The selections a scored line may have (GET /canal/scores?selection=).
export const SCORE_SELECTIONS: readonly CanalSelection[] = ['rules', 'random', 'none'];
export type RuleStatus = 'active' | 'retired';
export const RULE_STATUSES: readonly RuleStatus[] = ['active', 'retired'];
export type FieldType = 'text' | 'number' | 'list' | 'bool';
export type ListKind = 'ports' | 'countries' | 'parties' | 'hs' | 'text';
export const LIST_KINDS: readonly ListKind[] = ['ports', 'countries', 'parties', 'hs', 'text'];
export type InspectionStatus = 'queued' | 'assigned' | 'done' | 'cancelled';
export const INSPECTION_STATUSES: readonly InspectionStatus[] = ['queued', 'assigned', 'done', 'cancelled'];
export type InspectionResult = 'negative' | 'positive';
export const INSPECTION_RESULTS: readonly InspectionResult[] = ['negative', 'positive'];
export type ScanResult = 'clear' | 'anomaly' | 'not_done';
export const SCAN_RESULTS: readonly ScanResult[] = ['clear', 'anomaly', 'not_done'];
export type PhysicalExam = 'done' | 'not_done';
export const PHYSICAL_EXAMS: readonly PhysicalExam[] = ['done', 'not_done'];
export type SealCheck = 'intact' | 'broken' | 'mismatch' | 'not_checked';
export const SEAL_CHECKS: readonly SealCheck[] = ['intact', 'broken', 'mismatch', 'not_checked'];
export type CanalDrug = 'cocaine' | 'cannabis' | 'heroin' | 'methamphetamine' | 'fentanyl' | 'precursors' | 'other';
export const CANAL_DRUGS: readonly CanalDrug[] = ['cocaine', 'cannabis', 'heroin', 'methamphetamine', 'fentanyl', 'precursors', 'other'];

export interface RuleField {
  name: string;
  type: FieldType;
  description: LocalizedText;
}
export interface NamedList {
  id: string;
  name: string;
  kind: string;
  items: string[];
  version: number;
  owner_org: string;
  releasability: string[];
  updated_at: string;
}
export interface ListVersion {
  version: number;
  created_at: string;
  created_by: string;
  items: string[];
  note?: string | null;
}
export interface Rule {
  id: string;
  name: string;
  status: RuleStatus;
  status_reason?: string | null;
  version: number;
  expression: string;
  weight: number;
  explanation: LocalizedText;
  owner_org: string;
  releasability: string[];
  updated_at: string;
}
export interface RuleVersion {
  version: number;
  created_at: string;
  created_by: string;
  name: string;
  expression: string;
  weight: number;
  explanation: LocalizedText;
  note?: string | null;
}
export interface NewRule {
  name: string;
  expression: string;
  weight: number;
  explanation: LocalizedText;
  releasability?: string[];
  note?: string;
}
export type RuleCheck =
  | { ok: true; lists: string[] }
  | { ok: false; error: { message: string; line: number | null; column: number | null } };
export interface LaneRates {
  red_rate: number;
  yellow_rate: number;
  random_rate: number;
}
export interface LaneSettings extends LaneRates {
  version: number;
  updated_at: string | null;
  updated_by: string | null;
  thresholds: { red: number | null; yellow: number | null } | null;
  actual: { days: number; scored: number; red: number; yellow: number; random: number };
}
export interface ScoreRun {
  run_id: string;
  scored: number;
  red: number;
  yellow: number;
  green: number;
  random: number;
  queued: number;
  thresholds: { red: number | null; yellow: number | null };
}
// A fired rule; name and explanation are null when the rule is no longer visible to the reader.
export interface RuleReason {
  rule_id: string;
  version: number;
  name: string | null;
  weight: number;
  explanation: LocalizedText | null;
}
export interface PartyLink {
  party_id: string;
  name: string;
  address?: string;
}
export interface ScoredContainer {
  line_id: string;
  container_number: string;
  bill_of_lading: string;
  hs_code: string;
  port_of_loading: string;
  port_of_discharge: string;
  shipper: PartyLink;
  consignee: PartyLink;
  vessel_imo: string | null;
  score: number;
  lane: CanalLane;
  selection: CanalSelection | null;
  scored_at: string;
  reasons: RuleReason[];
  inspection: { id: string; status: InspectionStatus; result: InspectionResult | null } | null;
}
export interface ScoreQuery {
  lane?: string;
  selection?: string;
  min_score?: string;
  import_id?: string;
  transit_id?: string;
  limit?: number;
  after?: string;
}
export interface ContainerRisk {
  score: number;
  lane: CanalLane;
  selection: CanalSelection | null;
  scored_at: string;
  reasons: RuleReason[];
  facts: Record<string, unknown>;
}
export interface ManifestLine {
  id: string;
  created_at: string;
  owner_org: string;
  releasability: string[];
  import_id: string;
  line: number;
  bill_of_lading: string;
  container_number: string;
  seal_numbers: string[];
  shipper: PartyLink;
  consignee: PartyLink;
  notify: PartyLink | null;
  hs_code: string;
  port_of_loading: string;
  port_of_discharge: string;
  transshipment_ports: string[];
  weight_kg: number;
  declared_value: { amount: number; currency: string } | null;
  vessel_imo: string | null;
  voyage: string | null;
  risk?: ContainerRisk | null;
  inspection?: { id: string; status: InspectionStatus; result: InspectionResult | null } | null;
}
export interface CanalContainer {
  container_number: string;
  owner_code: string;
  category: string;
  lines: ManifestLine[];
}
export interface VesselBehaviourCounts {
  gaps: number;
  dark_hours: number;
  encounters: number;
  loitering: number;
  alerts: number;
  source_port_calls: number;
}
export interface TransitVessel {
  mmsi: string | null;
  name: string | null;
  flag: string | null;
  linked_by: 'imo' | 'mmsi' | null;
  behaviour: VesselBehaviourCounts;
}
export interface TransitRisk {
  containers: number;
  scored: number;
  max_score: number | null;
  red: number;
  yellow: number;
}
export interface Transit {
  id: string;
  created_at: string;
  owner_org: string;
  releasability: string[];
  import_id: string;
  transit_date: string;
  slot: string;
  vessel_imo: string;
  vessel_name: string;
  mmsi: string | null;
  direction: 'northbound' | 'southbound';
  lock_set: string;
  last_port: string | null;
  next_port: string | null;
  vessel?: TransitVessel | null;
  risk?: TransitRisk | null;
}
export interface VesselBehaviour {
  days: number;
  gaps: { start: string; end: string; hours: number; intentional: boolean; lat: number | null; lon: number | null }[];
  encounters: { start: string; end: string; partner_mmsi: string; partner_name: string | null; lat: number | null; lon: number | null }[];
  loitering: { start: string; end: string; hours: number; lat: number | null; lon: number | null }[];
  alerts: { id: string; kind: string; severity: Severity; title: string; updated_at: string }[];
  port_calls: { locode: string; name: string | null; country: string | null; arrived: string | null; departed: string | null; source_country: boolean }[];
}
export interface TransitDetail extends Transit {
  behaviour: VesselBehaviour | null;
  containers: { line_id: string; container_number: string; score: number | null; lane: CanalLane | null }[];
}
export interface InspectionUnit {
  id: string;
  name: string;
  terminal: string | null;
  active: boolean;
}
export interface DrugSeizure {
  type: CanalDrug;
  kg: number;
}
export interface InspectionResultBody {
  scan_result: ScanResult;
  physical_exam: PhysicalExam;
  seal_check: SealCheck;
  result: InspectionResult;
  drugs: DrugSeizure[];
  other_contraband: string;
  notes: string;
}
export interface Inspection extends Partial<InspectionResultBody> {
  id: string;
  owner_org: string;
  line_id: string;
  container_number: string;
  bill_of_lading: string;
  hs_code: string;
  port_of_loading: string;
  lane: CanalLane;
  selection: CanalSelection;
  score: number | null;
  reasons: RuleReason[];
  status: InspectionStatus;
  unit: { id: string; name: string } | null;
  created_at: string;
  assigned_at: string | null;
  completed_at?: string | null;
  completed_by?: string | null;
  cancel_reason?: string | null;
  note?: string | null;
}
export interface InspectionDetail extends Inspection {
  line?: ManifestLine | null;
  risk?: ContainerRisk | null;
}
export interface InspectionQuery {
  status?: string;
  unit_id?: string;
  lane?: string;
  selection?: string;
  result?: string;
  limit?: number;
  after?: string;
}
export interface Interval {
  inspected: number;
  positives: number;
  hit_rate: number | null;
  low: number | null;
  high: number | null;
}
export interface RuleYield extends Interval {
  rule_id: string;
  name: string;
  version: number;
  status: RuleStatus;
  fired: number;
  lift: number | null;
  beats_chance: boolean;
}
export interface YieldReport {
  baseline: Interval;
  rules: RuleYield[];
  rules_overall: Interval & { lift: number | null };
}
// GET /canal/rules/suggestions: a weight for each active rule of the caller's organization from
// its inspections (docs/canal.md, "Weights from yield").
export type WeightAction = 'weight' | 'retire' | 'insufficient';
export interface WeightSuggestion extends Interval {
  rule_id: string;
  name: string;
  version: number;
  versions: number[];
  weight: number;
  action: WeightAction;
  suggested_weight: number | null;
  shrunk_rate: number | null;
  lift: number | null;
  log_odds_ratio: number | null;
}
export interface WeightSuggestions {
  min_inspected: number;
  baseline: Interval & { rate_used: number | null };
  rules: WeightSuggestion[];
}
export interface CanalParty {
  id: string;
  key: string;
  spellings: { name: string; address: string; lines: number }[];
  containers: string[];
  lines: number;
}
export interface CanalHistory {
  lines: number;
  inspections: number;
  positives: number;
  kg_by_drug: Partial<Record<CanalDrug, number>>;
  last_positive: { inspection_id: string; line_id: string; container_number: string; completed_at: string; drugs: DrugSeizure[]; other_contraband: string } | null;
}
export interface CanalDashboard {
  transits_next_7_days: number;
  containers_scored_30d: number;
  lanes_30d: { red: number; yellow: number; green: number; random: number };
  queue: { queued: number; assigned: number; by_unit: { unit_id: string; name: string; assigned: number }[] };
  inspections_30d: { done: number; positives: number; hit_rate_rules: number | null; hit_rate_random: number | null; lift: number | null };
  seizures_30d: DrugSeizure[];
  top_rules: RuleYield[];
}
export interface ImportReport {
  import_id: string;
  lines: number;
  imported: number;
  unchanged: number;
  rejected: number;
  rejects: { line: number; field: string; message: string }[];
  rejects_truncated: boolean;
}
