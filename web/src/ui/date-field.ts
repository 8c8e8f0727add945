// The app's own date control: day, month and year as separate parts in the order and the month
// names of the app's language (not the browser's), typed with the keyboard — no native picker,
// which shows the browser's language and differs between phones. A whole date typed or pasted
// into any part ("17/05/1988", "1988-05-17") fills all three. Texts come from the caller, so that
// they stay in the feature's catalog. The pure parts (parse, compose, month names) are exported
// for web/test/migration-desk.test.ts.
import { locale, type Lang } from '../lib/format';
import { h } from '../shell/dom';
import './fields.css';

// ---- Pure parts ----------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// "YYYY-MM-DD" when the parts make a real calendar date (1000–9999), '' when all are empty,
// null when they are incomplete or impossible (31 April, 29 February 2023).
export function composeDate(year: string, month: string, day: string): string | '' | null {
  const y = year.trim();
  const m = month.trim();
  const d = day.trim();
  if (!y && !m && !d) return '';
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return null;
  const yy = Number(y);
  const mm = Number(m);
  const dd = Number(d);
  if (yy < 1000 || mm < 1 || mm > 12 || dd < 1) return null;
  const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  if (dd > last) return null;
  return `${pad(yy, 4)}-${pad(mm)}-${pad(dd)}`;
}

// "YYYY-MM" for a month and a year, '' when both are empty, null otherwise.
export function composeMonth(year: string, month: string): string | '' | null {
  const full = composeDate(year, month, '1');
  if (full === '') return '';
  if (!year.trim() && !month.trim()) return '';
  return full ? full.slice(0, 7) : null;
}

// A whole date as people type it: ISO "1988-05-17", or day, month and year separated by "/",
// "-", "." or spaces in the language's order (es: 17/05/1988; en: 05/17/1988). Null when it is
// not a real date.
export function parseDateText(text: string, lang: Lang): string | null {
  const s = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return composeDate(iso[1] ?? '', iso[2] ?? '', iso[3] ?? '') || null;
  const m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(s);
  if (!m) return null;
  const [a, b, y] = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
  return (lang === 'en' ? composeDate(y, a, b) : composeDate(y, b, a)) || null;
}

// "HH:MM" from "7:05", "0705" or "07:05"; null when it is not a time of day.
export function parseTimeText(text: string): string | null {
  const m = /^(\d{1,2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2]);
  return hh <= 23 && mm <= 59 ? `${pad(hh)}:${pad(mm)}` : null;
}

// The twelve month names of a language, January first ("enero" / "January").
export function monthNames(lang: Lang): string[] {
  const f = new Intl.DateTimeFormat(locale(lang), { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => f.format(new Date(Date.UTC(2024, i, 15))));
}

// The order of the parts on screen: day first in Spanish, month first in English.
export function partOrder(lang: Lang): ('day' | 'month' | 'year')[] {
  return lang === 'en' ? ['month', 'day', 'year'] : ['day', 'month', 'year'];
}

// ---- The control ---------------------------------------------------------------------------

export interface DateFieldLabels {
  day: string;                       // accessible names of the parts
  month: string;
  year: string;
  chooseMonth: string;               // the month list's empty choice
  dayPlaceholder: string;            // "dd"
  yearPlaceholder: string;           // "aaaa"
}

export interface DateFieldOptions {
  id: string;                        // given to the first part, so that <label for> reaches it
  testid: string;                    // the parts are `${testid}-day`, `-month`, `-year`
  lang: Lang;
  labels: DateFieldLabels;
  mode?: 'date' | 'month';           // 'month': month and year only (YYYY-MM)
  value?: string;                    // YYYY-MM-DD or YYYY-MM
  onChange?(): void;
}

export interface DateField {
  el: HTMLElement;
  first: HTMLElement;                // the part that takes focus (and the id)
  value(): string | '' | null;       // YYYY-MM-DD (or YYYY-MM), '' when empty, null when invalid
  set(value: string): void;
}

export function dateField(o: DateFieldOptions): DateField {
  const mode = o.mode ?? 'date';
  const day = h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'date-part date-day', size: 2,
    'aria-label': o.labels.day, placeholder: o.labels.dayPlaceholder, 'data-testid': `${o.testid}-day`,
  });
  const month = h('select', { class: 'date-part date-month', 'aria-label': o.labels.month, 'data-testid': `${o.testid}-month` },
    h('option', { value: '' }, o.labels.chooseMonth),
    ...monthNames(o.lang).map((name, i) => h('option', { value: pad(i + 1) }, name)));
  const year = h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'date-part date-year', size: 4, maxlength: 4,
    'aria-label': o.labels.year, placeholder: o.labels.yearPlaceholder, 'data-testid': `${o.testid}-year`,
  });
  const parts = { day, month, year };
  const order = partOrder(o.lang).filter((p) => mode === 'date' || p !== 'day');
  const shown = order.map((p) => parts[p]);
  const first = shown[0] ?? month;
  first.id = o.id;

  const set = (value: string) => {
    const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
    year.value = m?.[1] ?? '';
    month.value = m?.[2] ?? '';
    day.value = m?.[3] ?? '';
  };
  const value = () => (mode === 'month' ? composeMonth(year.value, month.value) : composeDate(year.value, month.value, day.value));
  const changed = () => o.onChange?.();

  // A whole date typed or pasted into a part fills all of them.
  const takeWhole = (text: string): boolean => {
    const full = parseDateText(text, o.lang) ?? (mode === 'month' && /^\d{4}-\d{2}$/.test(text.trim()) ? `${text.trim()}-01` : null);
    if (!full) return false;
    set(mode === 'month' ? full.slice(0, 7) : full);
    changed();
    return true;
  };
  for (const input of [day, year]) {
    input.addEventListener('paste', (ev) => {
      const text = ev.clipboardData?.getData('text') ?? '';
      if (takeWhole(text)) ev.preventDefault();
    });
    input.addEventListener('input', () => {
      if (/[^\d]/.test(input.value) && takeWhole(input.value)) return;
      // Two digits of the day complete it: move on, as on a paper form.
      if (input === day && /^\d{2}$/.test(day.value)) {
        const next = shown[shown.indexOf(day) + 1];
        next?.focus();
      }
      changed();
    });
  }
  // Leaving the day with "5" makes it "05"; letters are dropped.
  day.addEventListener('blur', () => {
    const digits = day.value.replace(/\D/g, '').slice(0, 2);
    day.value = digits.length === 1 ? pad(Number(digits)) : digits;
  });
  month.addEventListener('change', changed);
  if (o.value) set(o.value);
  const el = h('span', { class: 'date-field', role: 'group', 'data-testid': o.testid }, ...shown);
  return { el, first, value, set };
}

// Date and time of day for an event (the encounter time): the date control and an "HH:MM"
// field. Empty means "not set" (the caller then uses the time of saving).
export interface DateTimeField {
  el: HTMLElement;
  first: HTMLElement;
  value(): string | '' | null;       // "YYYY-MM-DDTHH:MM", '' when empty, null when incomplete
  clear(): void;
}

export function dateTimeField(o: DateFieldOptions & { timeLabel: string; timePlaceholder: string }): DateTimeField {
  const date = dateField(o);
  const time = h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'date-part date-time', size: 5, maxlength: 5,
    'aria-label': o.timeLabel, placeholder: o.timePlaceholder, 'data-testid': `${o.testid}-time`,
  });
  time.addEventListener('blur', () => {
    const t = parseTimeText(time.value);
    if (t) time.value = t;
  });
  const value = (): string | '' | null => {
    const d = date.value();
    const raw = time.value.trim();
    if (d === '' && !raw) return '';
    const t = parseTimeText(raw);
    return d && t ? `${d}T${t}` : null;
  };
  return {
    el: h('span', { class: 'date-time-field' }, date.el, time),
    first: date.first,
    value,
    clear() { date.set(''); time.value = ''; },
  };
}
