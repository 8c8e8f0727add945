// What an alert says, in the reader's language. The server sends an English `title` for API
// clients and a `detail` of {"code", "params", "link"} (docs/api.md, "Alerts"); the page builds
// its own title and facts from the code and params, rounds numbers for the language, names
// people rather than ids, and links the alert to its record. Alerts raised before the codes
// existed carry their params at the top of `detail`; they are read the same way.
import { formatNumber, type Lang } from './format';
import type { Alert } from './types';

type Translate = (key: string, params?: Record<string, string | number>) => string;

// Alert codes this app has messages for (shell catalog: alert.<code>.title / .detail); maritime
// alerts are `maritime_<detection kind>` (shell catalog: detection.<kind>).
export const ALERT_CODES = ['watchlist_hit'] as const;
export const MARITIME_CODE_PREFIX = 'maritime_';
export type AlertCode = (typeof ALERT_CODES)[number];

export interface AlertText {
  title: string;
  detail: string;          // one line of facts, may be empty
  link: string | null;     // the app's page of the record the alert is about
}

interface AlertDetail {
  code: string;
  params: Record<string, unknown>;
  link: { type: string; id: string } | null;
}

function asObject(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function readAlertDetail(a: Pick<Alert, 'kind' | 'detail'>): AlertDetail {
  let d = asObject(a.detail);
  if (!d && typeof a.detail === 'string') {
    try {
      d = asObject(JSON.parse(a.detail) as unknown);
    } catch {
      d = null;
    }
  }
  const code = typeof d?.code === 'string' ? d.code : a.kind;
  const params = asObject(d?.params) ?? d ?? {};
  const l = asObject(d?.link);
  const link = l && typeof l.type === 'string' && typeof l.id === 'string' && l.id !== '' ? { type: l.type, id: l.id } : null;
  return { code, params, link };
}

// The app's address of a record an alert links to; null for a kind of record it has no page for.
export function recordPath(link: { type: string; id: string } | null): string | null {
  if (!link) return null;
  const id = encodeURIComponent(link.id);
  switch (link.type) {
    case 'encounter': return `/migration/encounters/${id}`;
    case 'watchlist': return `/migration/watchlists/${id}`;
    case 'flight': return `/migration/repatriation/flights/${id}`;
    default: return null;
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

// The alert's title, facts and link. An alert of a code the app does not know keeps the
// server's title; its detail is left to the caller (formatDetail).
export function alertText(a: Pick<Alert, 'kind' | 'title' | 'detail'> & { id?: string; module?: string }, t: Translate, lang: Lang): AlertText | null {
  const { code, params, link } = readAlertDetail(a);
  if (code.startsWith(MARITIME_CODE_PREFIX) || (a.module === 'maritime' && !asObject(a.detail)?.code)) return maritimeText(a, code, params, t);
  if (code !== 'watchlist_hit') return null;
  // Alerts from before the codes name the list only in the English title.
  const legacy = /^Watchlist hit: (.+?)(?: – .*)?$/.exec(a.title);
  const watchlist = str(params.watchlist_name) || (legacy?.[1] ?? '');
  const person = str(params.person_name) || t('alert.unnamedPerson');
  const title = watchlist
    ? t('alert.watchlist_hit.title', { watchlist, person })
    : t('alert.watchlist_hit.titleShort', { person });
  const facts: string[] = [];
  if (typeof params.distance === 'number' && Number.isFinite(params.distance)) {
    facts.push(t('alert.watchlist_hit.distance', { distance: formatNumber(params.distance, lang, 2) }));
  }
  const reason = str(params.reason);
  if (reason) facts.push(t('alert.watchlist_hit.reason', { reason }));
  const encounter = link?.type === 'encounter' ? link : (str(params.encounter_id) ? { type: 'encounter', id: str(params.encounter_id) } : null);
  return { title, detail: facts.join(' · '), link: recordPath(encounter ?? (str(params.watchlist_id) ? { type: 'watchlist', id: str(params.watchlist_id) } : null)) };
}

// A maritime alert: "<kind>: <vessel>" with the partner and zone as facts, linked to the alert's
// own page (its evidence). A kind the app has no word for keeps the server's title.
function maritimeText(a: { id?: string; title: string; kind: string }, code: string, params: Record<string, unknown>, t: Translate): AlertText | null {
  const kind = code.startsWith(MARITIME_CODE_PREFIX) ? code.slice(MARITIME_CODE_PREFIX.length) : a.kind;
  const key = `detection.${kind}`;
  const kindText = t(key);
  if (kindText === key) return null;
  const mmsi = typeof params.mmsi === 'number' ? String(params.mmsi) : '';
  const vessel = str(params.name) || (mmsi ? t('alert.maritime.mmsi', { mmsi }) : '');
  const facts: string[] = [];
  const partner = str(params.partner_name) || (typeof params.partner === 'number' ? t('alert.maritime.mmsi', { mmsi: String(params.partner) }) : '');
  if (partner) facts.push(t('alert.maritime.partner', { vessel: partner }));
  if (str(params.watchlist_name)) facts.push(t('alert.maritime.watchlist', { watchlist: str(params.watchlist_name) }));
  const zone = str(params.zone_name) || str(params.zone);
  if (zone) facts.push(t('alert.maritime.zone', { zone }));
  return {
    title: vessel ? t('alert.maritime.title', { kind: kindText, vessel }) : kindText,
    detail: facts.join(' · '),
    link: a.id ? `/maritime/alerts/${encodeURIComponent(a.id)}` : null,
  };
}
