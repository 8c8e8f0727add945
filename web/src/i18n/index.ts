// Message lookup and the current language. Spanish is the default; the choice is kept in
// localStorage so that it survives a reload and a new sign-in.
import { en } from './en';
import { es, type MessageKey } from './es';

export type { MessageKey } from './es';
export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export const DEFAULT_LANG: Lang = 'es';
export const CATALOGS: Record<Lang, Record<MessageKey, string>> = { es, en };

const STORAGE_KEY = 'istmo.lang';
type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLang(v: unknown): v is Lang {
  return v === 'es' || v === 'en';
}

// Replaces {name} placeholders; a missing parameter is left visible rather than blanked, so
// that a wrong call shows in the page instead of silently dropping words.
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function translator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  return (key, params) => interpolate(catalog[key] ?? es[key] ?? key, params);
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
let currentT: Translate = translator(current);
const listeners = new Set<(lang: Lang) => void>();

export function lang(): Lang {
  return current;
}

export const t: Translate = (key, params) => currentT(key, params);

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  currentT = translator(next);
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
