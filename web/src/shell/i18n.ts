// Message lookup and the current language. Spanish is the default; the choice is kept in
// localStorage so that it survives a reload and a new sign-in.
//
// Catalogs are split: the shell has its own (messages.es.ts / messages.en.ts beside this file)
// and every feature has one in its folder. A feature's translator (translatorFor) looks a key up
// in the feature's catalog, then in the shell's, so a feature page may use both; the shell never
// sees a feature's keys except through the feature's descriptor.
import { isLang, LANGS, type Lang } from '../lib/format';
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

// Replaces {name} placeholders; a missing parameter is left visible rather than blanked, so
// that a wrong call shows in the page instead of silently dropping words.
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
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
  return (key, params) => interpolate(lookup(lang, key, feature ?? null), params);
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
export const t: Translate = (key, params) => interpolate(lookup(current, key, null), params);

// A feature's translator in the current language (features/<id>/messages.ts makes one).
export function translatorFor<K extends string>(feature: Catalogs<K>): Translate<K | ShellKey> {
  return (key, params) => interpolate(lookup(current, key, feature), params);
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
