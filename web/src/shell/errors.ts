// The API's JSON errors, turned into something an officer can read. The server always answers
// {"error":{"code","message","field","request_id","reason"?,"params"?}}; proxies, a stopped
// server or a dropped network produce anything else, and those cases get their own clear
// message. The server's `message` is English for API clients; the page shows the translation of
// its `reason` (with `params`), so that no English reaches a Spanish page.
import type { MessageKey, Translate } from './i18n';

export const ERROR_CODES = [
  'invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'conflict',
  'unavailable', 'resource_exhausted', 'too_large', 'data_loss', 'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

// The machine reasons the server gives beside the code (docs/api.md, "Error reasons"); each has
// a message `error.reason.<reason>` in the shell's catalog, with the reason's params.
export const ERROR_REASONS = [
  'no_face', 'several_faces', 'face_too_small', 'image_unreadable', 'image_too_large', 'face_models_unavailable',
  'password_too_short', 'password_common', 'password_too_long',
  'not_found',
  'required', 'too_long', 'invalid_date', 'date_in_future', 'unknown_country', 'country_alpha2', 'invalid_value',
  'unknown_station', 'unknown_organization', 'correction_reason_required',
  'not_open', 'stale_cursor', 'duplicate',
  // Emitted by the server beside the contract's list (docs/api.md, "Error reasons").
  'too_many_words', 'invalid_text', 'range_too_long', 'no_change', 'assignee_not_in_org', 'username_invalid',
  'self_disable', 'self_admin_removal',
  // Maritime: area-of-interest uploads (docs/api.md).
  'zone_geometry_invalid', 'zone_file_invalid',
  // Maritime: interdiction cases (src/maritime/cases.cc).
  'invalid_transition', 'case_closed', 'too_many', 'unknown_alert', 'unknown_encounter', 'unknown_org',
  // Canal: a risk rule's expression that does not check (src/canal/rules.h), with its position.
  'rule_syntax',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

// The record kinds a not_found names in params.object (a withheld record is not_found too).
export const NOT_FOUND_OBJECTS = [
  'encounter', 'case', 'flight', 'watchlist', 'entry', 'person', 'user', 'organization', 'alert', 'photo', 'station',
  'zone', 'feed', 'suppression', 'crew',
  // Canal.
  'container', 'party', 'transit', 'vessel', 'rule', 'list', 'unit', 'inspection', 'line', 'port',
] as const;

export type ErrorParams = Readonly<Record<string, string | number>>;

// Failures that may pass if the same call is made again; anything else (a withheld record, a
// refused value) answers the same way every time, so no Retry button is offered for it.
const TRANSIENT: readonly ErrorCode[] = ['unavailable', 'resource_exhausted', 'internal'];

export class ApiError extends Error {
  constructor(
    readonly status: number,             // HTTP status; 0 when no response arrived
    readonly code: ErrorCode,
    message: string,                      // the server's message (not translated), may be empty
    readonly field: string,               // JSON pointer of the offending field, may be empty
    readonly requestId: string,           // X-Request-Id / request_id, may be empty
    readonly kind: 'api' | 'network' | 'bad_response' = 'api',
    readonly reason = '',                 // the server's machine reason (ERROR_REASONS), may be empty
    readonly params: ErrorParams = {},    // the reason's parameters
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The code the server would use for an HTTP status, for bodies that carry none.
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400: return 'invalid_argument';
    case 401: return 'unauthenticated';
    case 403: return 'permission_denied';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'too_large';
    case 429: return 'resource_exhausted';
    case 503: return 'unavailable';
    default: return status >= 500 ? 'internal' : 'invalid_argument';
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

// Builds an ApiError from a failed response's status, body text and X-Request-Id header.
export function parseApiError(status: number, bodyText: string, headerRequestId = ''): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  const err = (parsed as { error?: unknown } | undefined)?.error;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const code = isErrorCode(e.code) ? e.code : codeForStatus(status);
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return new ApiError(status, code, str(e.message), str(e.field),
                        str(e.request_id) || headerRequestId, 'api', str(e.reason), readParams(e.params));
  }
  return new ApiError(status, codeForStatus(status), '', '', headerRequestId, 'bad_response');
}

// Only strings and numbers are kept: they are what the messages interpolate.
function readParams(v: unknown): ErrorParams {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const out: Record<string, string | number> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x === 'string' || typeof x === 'number') out[k] = x;
  }
  return out;
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, 'unavailable', detail, '', '', 'network');
}

export interface ErrorView {
  title: string;      // what kind of failure, in the user's language
  detail: string;     // the server's own words, or a localized explanation
  field: string;      // "Field: /roles/0", or empty
  requestId: string;  // "Request 01H…", or empty: quote it to the administrator
}

export function isErrorReason(v: string): v is ErrorReason {
  return (ERROR_REASONS as readonly string[]).includes(v);
}

// Whether trying the same call again may succeed: a dropped network or a busy or failing
// server, not a refusal or a missing (or withheld) record.
export function isTransient(e: unknown): boolean {
  // A script chunk that failed to download (a dynamic import) is a TypeError, like fetch's.
  if (!(e instanceof ApiError)) return e instanceof TypeError;
  return e.kind !== 'api' || TRANSIENT.includes(e.code);
}

// The reason's message in the user's language. not_found names the kind of record when the
// server says which (params.object), so that "no encounter <id>" reads "Encuentro no encontrado
// o no visible para su organización" with no English and no id.
export function describeReason(e: ApiError, t: Translate): string {
  if (!isErrorReason(e.reason)) return '';
  if (e.reason === 'not_found') {
    const object = String(e.params.object ?? '');
    return (NOT_FOUND_OBJECTS as readonly string[]).includes(object)
      ? t(`error.notFound.${object}` as MessageKey)
      : t('error.reason.not_found');
  }
  if (e.reason === 'image_too_large') {
    const bytes = Number(e.params.max_bytes);
    if (e.params.max_bytes === undefined && e.params.max_pixels !== undefined) {
      return t('error.reason.image_too_large_pixels', { ...e.params });
    }
    return t('error.reason.image_too_large', { ...e.params, max_mib: Math.round((bytes / 1048576) * 10) / 10 });
  }
  if (e.reason === 'range_too_long') {
    const unit = e.params.unit === 'weeks' ? 'weeks' : 'months';
    return t(`error.reason.range_too_long.${unit}`, { ...e.params });
  }
  if (e.reason === 'invalid_text' && e.params.code_point === undefined) return t('error.reason.invalid_text_any');
  return t(`error.reason.${e.reason}` as MessageKey, { ...e.params });
}

// Any thrown value → the four lines the UI shows. An API error's detail is the translation of
// its reason; without a known reason, of its code for not_found (the server's English names an
// id the page already shows), else the server's own words (e.g. a field's specific rule).
export function describeError(e: unknown, t: Translate): ErrorView {
  if (e instanceof ApiError) {
    const title = t(`error.code.${e.code}` as MessageKey);
    let detail = describeReason(e, t) || e.message;
    if (e.kind === 'network') detail = t('error.network');
    else if (e.kind === 'bad_response') detail = t('error.badResponse', { status: e.status });
    else if (!describeReason(e, t) && e.code === 'not_found') detail = t('error.reason.not_found');
    return {
      title,
      detail,
      field: e.field ? t('error.field', { field: e.field }) : '',
      requestId: e.requestId ? t('error.requestId', { id: e.requestId }) : '',
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { title: t('error.title'), detail: message, field: '', requestId: '' };
}

// The form field an API error names: "/photo" → "photo", "/releasability/0" → "releasability",
// "?from" → "from". Empty for an error about no particular field.
export function fieldOfPointer(pointer: string): string {
  const m = /^[/?]([^/]+)/.exec(pointer);
  return m?.[1] ? m[1].replace(/~1/g, '/').replace(/~0/g, '~') : '';
}
