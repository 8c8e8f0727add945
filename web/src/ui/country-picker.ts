// A country picker over the ISO 3166-1 list the server ships (GET /api/v1/countries): type a
// name in Spanish or English (accents and case aside) or a code, pick from the list with the
// mouse or the arrow keys and Enter. An alpha-3 code in any case ("ven") is taken as it is, an
// alpha-2 code ("ve") as its alpha-3 form; anything else is refused, so that "XXX" never
// reaches the server. The pure parts are exported for web/test/migration-desk.test.ts.
import type { Lang } from '../lib/format';
import type { Country } from '../lib/types';
import { h } from '../shell/dom';
import './fields.css';

export type { Country } from '../lib/types';

// ---- Pure parts ----------------------------------------------------------------------------

// Lower case without accents: "Perú" → "peru", "CÔTE" → "cote".
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

export function countryName(c: Country, lang: Lang): string {
  return lang === 'en' ? c.name_en : c.name_es;
}

// "Venezuela (VEN)": what the input shows once a country is chosen.
export function countryLabel(c: Country, lang: Lang): string {
  return `${countryName(c, lang)} (${c.alpha3})`;
}

// The country a text names exactly: an alpha-3 or alpha-2 code in any case, a name in either
// language (accents and case aside), or the picker's own label "Name (ABC)". Null otherwise.
export function resolveCountry(list: readonly Country[], text: string): Country | null {
  const s = text.trim();
  if (!s) return null;
  const labelled = /\(([A-Za-z]{3})\)\s*$/.exec(s);
  const code = (labelled?.[1] ?? s).toUpperCase();
  const byCode = list.find((c) => c.alpha3 === code) ?? (code.length === 2 ? list.find((c) => c.alpha2 === code) : undefined);
  if (byCode) return byCode;
  const f = fold(s);
  return list.find((c) => fold(c.name_es) === f || fold(c.name_en) === f) ?? null;
}

// The countries a typed text may mean, best first: exact codes, then names whose word begins
// with the text, then names that contain it (in either language). Empty text: none.
export function matchCountries(list: readonly Country[], text: string, lang: Lang, limit = 8): Country[] {
  const f = fold(text.replace(/\([A-Za-z]{3}\)\s*$/, ''));
  if (!f) return [];
  const upper = text.trim().toUpperCase();
  const scored: { c: Country; score: number }[] = [];
  for (const c of list) {
    const names = [fold(countryName(c, lang)), fold(lang === 'en' ? c.name_es : c.name_en)];
    let score = 0;
    if (c.alpha3 === upper || c.alpha2 === upper) score = 4;
    else if (names.some((n) => n.startsWith(f))) score = 3;
    else if (names.some((n) => n.split(/[\s,()'-]+/).some((w) => w.startsWith(f)))) score = 2;
    else if (names.some((n) => n.includes(f))) score = 1;
    if (score > 0) scored.push({ c, score });
  }
  scored.sort((a, b) => b.score - a.score || countryName(a.c, lang).localeCompare(countryName(b.c, lang), lang));
  return scored.slice(0, limit).map((x) => x.c);
}

// ---- The control ---------------------------------------------------------------------------

export interface CountryPickerOptions {
  id: string;
  testid: string;
  list: readonly Country[];
  lang: Lang;
  value?: string;                    // an alpha-3 code
  placeholder?: string;
  noMatch: string;                   // shown in the list when nothing matches
  onChange?(): void;
}

export interface CountryPicker {
  el: HTMLElement;
  input: HTMLInputElement;
  value(): string | '' | null;       // alpha-3, '' when empty, null when the text names no country
  set(code: string): void;
}

export function countryPicker(o: CountryPickerOptions): CountryPicker {
  const listId = `${o.id}-list`;
  const input = h('input', {
    id: o.id, type: 'text', role: 'combobox', autocomplete: 'off', spellcheck: 'false', class: 'country-input',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId, 'data-testid': o.testid,
    placeholder: o.placeholder ?? null,
  });
  const box = h('ul', { id: listId, role: 'listbox', class: 'picker-list', hidden: true, 'data-testid': `${o.testid}-options` });
  let shown: Country[] = [];
  let active = -1;

  const close = () => {
    box.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i: number) => {
    active = i;
    [...box.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    const li = box.children[i];
    if (li) {
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView?.({ block: 'nearest' });
    }
  };
  const pick = (c: Country) => {
    input.value = countryLabel(c, o.lang);
    close();
    o.onChange?.();
  };
  const open = () => {
    shown = matchCountries(o.list, input.value, o.lang);
    box.replaceChildren(...(shown.length === 0
      ? [h('li', { class: 'picker-empty muted small' }, o.noMatch)]
      : shown.map((c, i) => h('li', {
        id: `${o.id}-opt-${i}`, role: 'option', 'aria-selected': 'false', 'data-code': c.alpha3, class: 'picker-option',
        // mousedown, not click: the input's blur would close the list first.
        onmousedown: (ev: Event) => { ev.preventDefault(); pick(c); },
      }, countryName(c, o.lang), ' ', h('span', { class: 'mono muted' }, c.alpha3)))));
    box.hidden = input.value.trim() === '';
    input.setAttribute('aria-expanded', String(!box.hidden));
    active = -1;
  };
  input.addEventListener('input', open);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (box.hidden) open();
      if (shown.length === 0) return;
      ev.preventDefault();
      const step = ev.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + shown.length) % shown.length);
    } else if (ev.key === 'Enter' && !box.hidden) {
      const c = shown[active] ?? (shown.length === 1 ? shown[0] : resolveCountry(o.list, input.value));
      if (c) {
        ev.preventDefault();
        pick(c);
      }
    } else if (ev.key === 'Escape' && !box.hidden) {
      ev.preventDefault();
      close();
    }
  });
  // Leaving the field settles what was typed: a code or an exact name becomes its label.
  input.addEventListener('blur', () => {
    close();
    const c = resolveCountry(o.list, input.value);
    if (c) input.value = countryLabel(c, o.lang);
  });

  const set = (code: string) => {
    const c = resolveCountry(o.list, code);
    input.value = c ? countryLabel(c, o.lang) : code;
  };
  if (o.value) set(o.value);
  return {
    el: h('span', { class: 'picker' }, input, box),
    input,
    value() {
      if (!input.value.trim()) return '';
      return resolveCountry(o.list, input.value)?.alpha3 ?? null;
    },
    set,
  };
}
