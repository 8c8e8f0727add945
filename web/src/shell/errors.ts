// The API's JSON errors, turned into something an officer can read. The server always answers
// {"error":{"code","message","field","request_id"}}; proxies, a stopped server or a dropped
// network produce anything else, and those cases get their own clear message.
import type { MessageKey, Translate } from './i18n';

export const ERROR_CODES = [
  'invalid_argument', 'unauthenticated', 'permission_denied', 'not_found', 'conflict',
  'unavailable', 'resource_exhausted', 'too_large', 'data_loss', 'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly status: number,             // HTTP status; 0 when no response arrived
    readonly code: ErrorCode,
    message: string,                      // the server's message (not translated), may be empty
    readonly field: string,               // JSON pointer of the offending field, may be empty
    readonly requestId: string,           // X-Request-Id / request_id, may be empty
    readonly kind: 'api' | 'network' | 'bad_response' = 'api',
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
                        str(e.request_id) || headerRequestId, 'api');
  }
  return new ApiError(status, codeForStatus(status), '', '', headerRequestId, 'bad_response');
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

// Any thrown value → the four lines the UI shows.
export function describeError(e: unknown, t: Translate): ErrorView {
  if (e instanceof ApiError) {
    const title = t(`error.code.${e.code}` as MessageKey);
    let detail = e.message;
    if (e.kind === 'network') detail = t('error.network');
    else if (e.kind === 'bad_response') detail = t('error.badResponse', { status: e.status });
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
