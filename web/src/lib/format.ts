// Localized dates and numbers. Operations run on Panama time (UTC−5, no daylight saving), so
// every officer, in Panama or in the United States, reads the same clock time for an event.
export const OPS_TIME_ZONE = 'America/Panama';

// The app's two languages (shell/i18n.ts keeps the current one) and the locales they format in.
export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];

export function isLang(v: unknown): v is Lang {
  return v === 'es' || v === 'en';
}

const LOCALES: Record<Lang, string> = { es: 'es-PA', en: 'en-US' };

export function locale(lang: Lang): string {
  return LOCALES[lang];
}

// Accepts RFC 3339 text or a Unix time (seconds below 1e12, else milliseconds).
export function toDate(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  let d: Date;
  if (typeof value === 'number') {
    d = new Date(Math.abs(value) < 1e12 ? value * 1000 : value);
  } else if (/^-?\d+(\.\d+)?$/.test(value)) {
    return toDate(Number(value));
  } else {
    d = new Date(value);
  }
  return Number.isNaN(d.getTime()) ? null : d;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

// "22 nov 2026, 18:53" / "Nov 22, 2026, 6:53 PM". Unparseable input is shown as it came.
export function formatDateTime(value: string | number | null | undefined, lang: Lang, timeZone = OPS_TIME_ZONE): string {
  const d = toDate(value);
  if (!d) return value === null || value === undefined ? '' : String(value);
  const f = cached(`dt|${lang}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale(lang), {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
    }),
  );
  return f.format(d);
}

export function formatDate(value: string | number | null | undefined, lang: Lang, timeZone = OPS_TIME_ZONE): string {
  const d = toDate(value);
  if (!d) return value === null || value === undefined ? '' : String(value);
  const f = cached(`d|${lang}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale(lang), { year: 'numeric', month: 'short', day: 'numeric', timeZone }),
  );
  return f.format(d);
}

export function formatNumber(n: number, lang: Lang, fractionDigits = 0): string {
  const f = cached(`n|${lang}|${fractionDigits}`, () =>
    new Intl.NumberFormat(locale(lang), {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    }),
  );
  return f.format(n);
}

// ISO 3166-1 alpha-3 → alpha-2 for the countries the product meets: the partners, and the
// nationalities seen in the Darién (data/migration/SOURCES.md) and the region.
const ALPHA3: Record<string, string> = {
  PAN: 'PA', USA: 'US', COL: 'CO', CRI: 'CR', VEN: 'VE', ECU: 'EC', HTI: 'HT', CHN: 'CN', CHL: 'CL',
  PER: 'PE', IND: 'IN', AFG: 'AF', BRA: 'BR', CMR: 'CM', VNM: 'VN', SEN: 'SN', CUB: 'CU', DOM: 'DO',
  NPL: 'NP', BGD: 'BD', UZB: 'UZ', PAK: 'PK', SOM: 'SO', ERI: 'ER', ETH: 'ET', GHA: 'GH', NGA: 'NG',
  MEX: 'MX', GTM: 'GT', HND: 'HN', SLV: 'SV', NIC: 'NI', BLZ: 'BZ', ARG: 'AR', BOL: 'BO', URY: 'UY',
  PRY: 'PY', RUS: 'RU', TUR: 'TR', SYR: 'SY', YEM: 'YE', MRT: 'MR', GIN: 'GN', AGO: 'AO', COD: 'CD',
};

// Country codes from the API (ISO 3166-1 alpha-2 or alpha-3) as a localized name when known.
export function formatCountry(code: string, lang: Lang): string {
  const alpha2 = code.length === 3 ? ALPHA3[code.toUpperCase()] : code;
  if (!alpha2) return code;
  try {
    const names = new Intl.DisplayNames([locale(lang)], { type: 'region' });
    return names.of(alpha2.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

// Shortens a long hex hash for a table cell: "3fa2c9…81be".
export function shortHash(hash: string, keep = 6): string {
  return hash.length <= keep * 2 + 1 ? hash : `${hash.slice(0, keep)}…${hash.slice(-4)}`;
}

// An audit or alert detail for a table cell: text as it is; a JSON object as "key: value"
// pairs (nested values as compact JSON); nothing for null or an empty object.
export function formatDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') {
    const trimmed = detail.trim();
    if (trimmed.startsWith('{')) {
      try {
        return formatDetail(JSON.parse(trimmed) as unknown);
      } catch {
        return detail;
      }
    }
    return detail;
  }
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return detail.map((d) => formatDetail(d)).join(', ');
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

// A fraction as a percentage: 0.6301 → "63.0 %" / "63.0%"; `signed` puts + before a rise
// (a year-on-year change). Empty for null (no figure to compare with).
export function formatPercent(fraction: number | null | undefined, lang: Lang, fractionDigits = 1, signed = false): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '';
  const f = cached(`p|${lang}|${fractionDigits}|${signed}`, () =>
    new Intl.NumberFormat(locale(lang), {
      style: 'percent',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
      signDisplay: signed ? 'exceptZero' : 'auto',
    }),
  );
  return f.format(fraction);
}

// Panama keeps UTC−05:00 all year (no daylight saving), so the officer's wall-clock time at a
// station converts to UTC by adding five hours.
const PANAMA_OFFSET_MS = 5 * 3600 * 1000;

// "2024-08-19T10:30" typed in Panama time → "2024-08-19T15:30:00Z"; null if not a time.
export function panamaLocalToIso(local: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mm, ss] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh), Number(mm), Number(ss ?? 0));
  const date = new Date(ms + PANAMA_OFFSET_MS);
  if (Number.isNaN(date.getTime())) return null;
  // Reject 2024-02-31 and the like: the fields must survive the round trip.
  const back = new Date(ms);
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return null;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

// A moment as the value of an <input type="datetime-local"> in Panama time: "2024-08-19T10:30".
export function toPanamaLocal(d: Date): string {
  return new Date(d.getTime() - PANAMA_OFFSET_MS).toISOString().slice(0, 16);
}

// A number typed with either decimal mark: "12.5" (Panama's and the United States' way) and
// "12,5" are both twelve and a half. Thousands separators are refused rather than guessed: "1,250"
// and "1.250" could each mean either, so a mark followed by exactly three digits is refused.
export function parseAmount(text: string): number | null {
  const s = text.trim().replace(/\s/g, '');
  if (!/^\d+([.,]\d+)?$/.test(s) || /^\d+[.,]\d{3}$/.test(s)) return null;
  const v = Number(s.replace(',', '.'));
  return Number.isFinite(v) ? v : null;
}
