// The desk's controls with the Migration catalog's words: the app's date, country and file
// controls (web/src/ui), the name input with its counter, photos as thumbnails that open full
// size, the "not found or not released" notice, and the side-by-side comparison of a new
// record with an earlier one.
import { formatDate, formatNumber } from '../../lib/format';
import { h } from '../../shell/dom';
import { ApiError } from '../../shell/errors';
import { lang } from '../../shell/i18n';
import { countryPicker, type Country, type CountryPicker } from '../../ui/country-picker';
import { dateField, dateTimeField, type DateField, type DateTimeField } from '../../ui/date-field';
import { fileControl, type FileControl } from '../../ui/file-field';
import type { PersonSummary } from './desk-api';
import { differingFields, MAX_NAME_BYTES, nameBytes, type ComparedField } from './logic';
import { t, type MessageKey } from './messages';
import { country, sexLabel } from './ui';
import './desk.css';

const dateLabels = () => ({
  day: t('desk.date.day'), month: t('desk.date.month'), year: t('desk.date.year'), chooseMonth: t('desk.date.chooseMonth'),
  dayPlaceholder: t('desk.date.dd'), yearPlaceholder: t('desk.date.yyyy'),
});

export function deskDate(id: string, testid: string, value = '', mode: 'date' | 'month' = 'date', onChange?: () => void): DateField {
  return dateField({ id, testid, lang: lang(), labels: dateLabels(), mode, value, onChange });
}

export function deskDateTime(id: string, testid: string): DateTimeField {
  return dateTimeField({ id, testid, lang: lang(), labels: dateLabels(), timeLabel: t('desk.date.time'), timePlaceholder: t('desk.date.hhmm') });
}

export function deskCountry(list: readonly Country[], id: string, testid: string, value = '', placeholder?: string): CountryPicker {
  return countryPicker({ id, testid, list, lang: lang(), value, placeholder: placeholder ?? t('desk.country.placeholder'), noMatch: t('desk.country.none') });
}

export function deskFile(input: HTMLInputElement, testid: string, camera: boolean): FileControl {
  return fileControl(input, { testid, camera, labels: { choose: t('desk.file.choose'), camera: t('desk.file.camera'), none: t('desk.file.none') } });
}

// A name input that shows how much of the API's limit is used, instead of cutting the name.
export function nameInput(id: string, value = ''): { input: HTMLInputElement; counter: HTMLElement; refresh(): void } {
  const input = h('input', { id, required: true, autocomplete: 'off', spellcheck: 'false', value, class: 'name-input' });
  const counter = h('span', { class: 'name-counter muted small', 'data-testid': `${id}-counter`, 'aria-live': 'polite' });
  const refresh = () => {
    const used = nameBytes(input.value.trim());
    counter.textContent = t('desk.name.counter', { used: formatNumber(used, lang()), max: formatNumber(MAX_NAME_BYTES, lang()) });
    counter.classList.toggle('over', used > MAX_NAME_BYTES);
  };
  input.addEventListener('input', refresh);
  refresh();
  return { input, counter, refresh };
}

// A photo the API serves (an encounter's or a face's photo_url): the thumbnail, and the full
// photo on click. A photo that is gone (purged, withheld) shows as "no photo".
export function photoThumb(url: string | null | undefined, alt: string, testid: string): HTMLElement {
  if (!url) return h('span', { class: 'photo-thumb photo-none muted small', 'data-testid': testid }, t('desk.photo.none'));
  const thumb = `${url}${url.includes('?') ? '&' : '?'}size=thumb`;
  const img = h('img', { src: thumb, alt, loading: 'lazy', 'data-testid': `${testid}-img` });
  img.addEventListener('error', () => {
    img.replaceWith(h('span', { class: 'muted small' }, t('desk.photo.none')));
  });
  const button = h('button', { type: 'button', class: 'photo-thumb', 'data-testid': testid, title: t('desk.photo.enlarge'), 'aria-expanded': 'false' }, img);
  button.addEventListener('click', () => {
    const full = button.classList.toggle('enlarged');
    img.src = full ? url : thumb;
    button.setAttribute('aria-expanded', String(full));
    button.title = full ? t('desk.photo.shrink') : t('desk.photo.enlarge');
  });
  return button;
}

// A record that the server does not show: absent, or not released to the caller's
// organization — the same answer on purpose, and retrying cannot change it.
export function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

export function notFoundBox(what: MessageKey): HTMLElement {
  return h('div', { class: 'notice notice-missing', role: 'status', 'data-testid': 'not-found' },
    h('strong', null, t(what)), h('p', { class: 'small' }, t('desk.notFound.why')));
}

function birthLabel(d: string | null | undefined): string {
  return d ? formatDate(`${d}T12:00:00Z`, lang(), 'UTC') : t('common.none');
}

const FIELD_LABEL: Record<ComparedField, MessageKey> = {
  name: 'mig.col.name', nationality: 'mig.col.nationality', birth_date: 'mig.field.birthDate',
};

// The new photo beside an earlier one, with the earlier record's name, nationality and birth
// date, each flagged when it differs from what was just entered.
export function comparison(o: {
  testid: string;
  newPhoto: string | null;           // a data: or object URL of the photo just taken
  earlierPhoto: string | null | undefined;
  entered: { name: string; nationality: string; birth_date: string };
  earlier: PersonSummary | null | undefined;
  caption: Node | string;
}): HTMLElement {
  const diffs = o.earlier ? differingFields(o.entered, o.earlier) : [];
  const row = (f: ComparedField, value: string) => h('div', { class: diffs.includes(f) ? 'cmp-row differs' : 'cmp-row', 'data-field': f },
    h('span', { class: 'cmp-key muted small' }, t(FIELD_LABEL[f])),
    h('span', { class: 'cmp-value wrap-anywhere' }, value),
    diffs.includes(f) ? h('span', { class: 'chip chip-differs', 'data-testid': 'differs' }, t('desk.cmp.differs')) : null);
  const e = o.earlier;
  return h('div', { class: 'compare', 'data-testid': o.testid },
    h('div', { class: 'compare-photos' },
      h('figure', null,
        o.newPhoto ? h('img', { src: o.newPhoto, alt: t('desk.cmp.newPhoto'), class: 'compare-new', 'data-testid': 'compare-new' })
          : h('span', { class: 'photo-thumb photo-none muted small' }, t('desk.photo.none')),
        h('figcaption', { class: 'muted small' }, t('desk.cmp.now'))),
      h('figure', null,
        photoThumb(o.earlierPhoto, t('desk.cmp.earlierPhoto'), 'compare-earlier'),
        h('figcaption', { class: 'muted small' }, t('desk.cmp.before')))),
    h('div', { class: 'compare-facts' },
      h('div', { class: 'small' }, o.caption),
      e ? [
        row('name', e.name),
        row('nationality', e.nationality ? country(e.nationality) : t('common.none')),
        row('birth_date', birthLabel(e.birth_date)),
        e.sex ? h('div', { class: 'cmp-row muted small' }, sexLabel(e.sex)) : null,
        diffs.length > 0 ? h('p', { class: 'differs-note small', 'data-testid': 'differs-note' }, t('desk.cmp.differsNote', { count: diffs.length })) : null,
      ] : h('p', { class: 'muted small' }, t('desk.cmp.unknown'))));
}
