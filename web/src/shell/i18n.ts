// Message lookup and the current language. Spanish is the default; the choice is kept in
// localStorage so that it survives a reload and a new sign-in.
//
// Catalogs are split: the shell has its own (messages.es.ts / messages.en.ts beside this file)
// and every feature has one in its folder. A feature's translator (translatorFor) looks a key up
// in the feature's catalog, then in the shell's, so a feature page may use both; the shell never
// sees a feature's keys except through the feature's descriptor.
import { isLang, LANGS, locale, type Lang } from '../lib/format';
import { en } from './messages.en';
import { es } from './messages.es';

export { isLang, LANGS, type Lang };
export const DEFAULT_LANG: Lang = 'es';

export type ShellKey = keyof typeof es;
// The keys of the shell's own pages and components.
export type MessageKey = ShellKey;
export type Catalog<K extends string> = Readonly<Record<K, string>>;
export type Catalogs<K extends string> = Readonly<Record<Lang, Catalog<K>>>;
export const SHELL_CATALOGS: Catalogs<ShellKey> = { es, en };

const STORAGE_KEY = 'istmo.lang';
type Params = Record<string, string | number>;
export type Translate<K extends string = ShellKey> = (key: K, params?: Params) => string;

// Replaces {name} placeholders and chooses plural forms; a missing parameter is left visible
// rather than blanked, so that a wrong call shows in the page instead of silently dropping words.
//
// A plural: `{count, plural, =0 {ninguna cara} one {# cara} other {# caras}}`. An exact `=N`
// branch wins, then the language's category (Intl.PluralRules: one, few, many, other…), then
// `other`; `#` in the chosen branch is the number formatted for the language. The branch may
// hold placeholders of its own.
export function interpolate(template: string, params?: Params, language: Lang = current): string {
  if (!params || !template.includes('{')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    out += template.slice(i, open);
    const head = /^\{(\w+)(\}|\s*,\s*plural\s*,)/.exec(template.slice(open));
    const close = head ? (head[2] === '}' ? open + head[0].length - 1 : matchingBrace(template, open)) : -1;
    if (!head || close < 0) {
      out += '{';
      i = open + 1;
      continue;
    }
    const name = head[1] as string;
    const whole = template.slice(open, close + 1);
    const has = Object.prototype.hasOwnProperty.call(params, name);
    if (head[2] === '}') out += has ? String(params[name]) : whole;
    else {
      const n = has ? Number(params[name]) : NaN;
      const branch = Number.isFinite(n) ? pluralBranch(template.slice(open + head[0].length, close), n, language) : null;
      out += branch === null ? whole : interpolate(replaceHash(branch, formatPluralNumber(n, language)), params, language);
    }
    i = close + 1;
  }
  return out + template.slice(i);
}

// The index of the brace closing the one at `open`, or -1.
function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === '{') depth++;
    else if (s[k] === '}' && --depth === 0) return k;
  }
  return -1;
}

// The branch of `body` ("=0 {…} one {…} other {…}") for n, or null when none fits.
function pluralBranch(body: string, n: number, language: Lang): string | null {
  const branches = new Map<string, string>();
  const selector = /\s*(=\d+(?:\.\d+)?|[a-z]+)\s*\{/g;
  let m: RegExpExecArray | null;
  while ((m = selector.exec(body)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(body, open);
    if (close < 0) return null;
    branches.set(m[1] as string, body.slice(open + 1, close));
    selector.lastIndex = close + 1;
  }
  const category = pluralRules(language).select(n);
  return branches.get(`=${n}`) ?? branches.get(category) ?? branches.get('other') ?? null;
}

// `#` outside nested braces → the number (a nested plural keeps its own `#`).
function replaceHash(branch: string, number: string): string {
  let depth = 0;
  let out = '';
  for (const ch of branch) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    out += ch === '#' && depth === 0 ? number : ch;
  }
  return out;
}

const pluralCache = new Map<Lang, Intl.PluralRules>();
function pluralRules(language: Lang): Intl.PluralRules {
  let r = pluralCache.get(language);
  if (!r) {
    r = new Intl.PluralRules(locale(language));
    pluralCache.set(language, r);
  }
  return r;
}

function formatPluralNumber(n: number, language: Lang): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: 2 }).format(n);
}

type Lookup = Readonly<Record<string, string | undefined>>;

// The text of `key` in `lang`: the feature's catalog first, then the shell's; a key missing in
// English falls back to the Spanish, and an unknown key shows as itself.
function lookup(lang: Lang, key: string, feature: Catalogs<string> | null): string {
  const f = feature as Readonly<Record<Lang, Lookup>> | null;
  const s = SHELL_CATALOGS as Readonly<Record<Lang, Lookup>>;
  return f?.[lang][key] ?? s[lang][key] ?? f?.es[key] ?? s.es[key] ?? key;
}

// A translator fixed to one language: the shell's keys, or a feature's and the shell's.
export function translator(lang: Lang): Translate;
export function translator<K extends string>(lang: Lang, feature: Catalogs<K>): Translate<K | ShellKey>;
export function translator(lang: Lang, feature?: Catalogs<string>): Translate<string> {
  return (key, params) => interpolate(lookup(lang, key, feature ?? null), params, lang);
}

function readStoredLang(): Lang {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLang(v) ? v : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

let current: Lang = readStoredLang();
const listeners = new Set<(lang: Lang) => void>();

export function lang(): Lang {
  return current;
}

// The shell's translator in the current language.
export const t: Translate = (key, params) => interpolate(lookup(current, key, null), params, current);

// A feature's translator in the current language (features/<id>/messages.ts makes one).
export function translatorFor<K extends string>(feature: Catalogs<K>): Translate<K | ShellKey> {
  return (key, params) => interpolate(lookup(current, key, feature), params, current);
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
