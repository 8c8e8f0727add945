// Register an encounter at a reception station (POST /api/v1/migration/encounters, officer):
// the form with a face photo sent as base64 in the JSON body, and the answer — the saved
// encounter, whether the face was enrolled, the person's earlier encounters (by face or
// document) and any watchlist hit, shown first and in the critical style, each with the new
// photo beside the earlier one and what differs from what was just entered.
import { formatDateTime } from '../../lib/format';
import { DOCUMENT_TYPES, SEXES, type Encounter, type Station } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { ApiError, describeError, fieldOfPointer } from '../../shell/errors';
import { errorBox, loading } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import type { Country } from '../../ui/country-picker';
import { markBusy } from '../../ui/form-fields';
import { photoPicker } from '../../ui/photo-picker';
import { initialReleasability } from '../../lib/releasability';
import { releasabilityField } from '../../ui/releasability';
import { countries, me, type DeskEarlier, type DeskRegistration, type DeskUser } from './desk-api';
import { comparison, deskCountry, deskDate, deskDateTime, deskFile, nameInput } from './desk-ui';
import {
  buildEncounterBody, checkEncounterForm, type EncounterForm, type FieldProblem,
} from './logic';
import { t, type MessageKey } from './messages';
import {
  country, documentLabel, matchLabel, migrationPage, stationNames,
  stationOptions, stations, watchlistHitsBox,
} from './ui';

type FieldName = keyof EncounterForm;

export function registerEncounterView(ctx: Ctx): void {
  const formSlot = h('div', { class: 'panel-body' }, loading());
  const result = h('div', { class: 'register-result', 'data-testid': 'register-result', 'aria-live': 'polite' },
    h('div', { class: 'empty' }, t('mig.reg.resultEmpty')));
  ctx.main.replaceChildren(migrationPage(ctx, 'register', 'register-page', t('mig.reg.title'), t('mig.reg.lead'), null,
    h('div', { class: 'register-grid' },
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.reg.formTitle')), formSlot),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.reg.resultTitle')), h('div', { class: 'panel-body' }, result)))));

  void (async () => {
    try {
      const [list, nations, user] = await Promise.all([
        stations(ctx.api), countries(ctx.api),
        me(ctx.api).catch((): DeskUser => ctx.session.user),
      ]);
      formSlot.replaceChildren(buildForm(ctx, list, nations, user, result));
    } catch (e) {
      formSlot.replaceChildren(errorBox(e, () => registerEncounterView(ctx)));
    }
  })();
}

function buildForm(ctx: Ctx, list: Station[], nations: Country[], user: DeskUser, result: HTMLElement): HTMLElement {
  const names = stationNames(list);
  const wrappers = new Map<string, { wrap: HTMLElement; error: HTMLElement; input: HTMLElement }>();
  const field = (name: FieldName, labelKey: MessageKey, input: HTMLElement, hint?: string) => {
    const error = h('div', { class: 'field-error', id: `f-${name}-error`, 'data-testid': `error-${name}`, hidden: true });
    input.setAttribute('aria-describedby', `f-${name}-error`);
    const wrap = h('div', { class: 'field', 'data-field': name },
      h('label', { for: `f-${name}` }, t(labelKey)), input,
      hint ? h('div', { class: 'muted small hint' }, hint) : null, error);
    wrappers.set(name, { wrap, error, input });
    return wrap;
  };

  // The officer's home station comes first; a station with one station offers that one.
  const home = user.home_station && list.some((x) => x.id === user.home_station) ? user.home_station : (list.length === 1 ? list[0]?.id ?? '' : '');
  const station = h('select', { id: 'f-station_id', required: true, 'data-testid': 'f-station' },
    h('option', { value: '' }, t('mig.reg.chooseStation')), ...stationOptions(list, home, null));
  // Empty: the server stamps the time of saving. Set only when the officer types one.
  const at = deskDateTime('f-encountered_at', 'f-at');
  const name = nameInput('f-name');
  const birth = deskDate('f-birth_date', 'f-birth');
  const sex = h('select', { id: 'f-sex', required: true },
    h('option', { value: '' }, t('mig.reg.choose')), ...SEXES.map((s) => h('option', { value: s }, t(`mig.sex.${s}` as MessageKey))));
  const nationality = deskCountry(nations, 'f-nationality', 'f-nationality');
  const docType = h('select', { id: 'f-document_type' },
    h('option', { value: '' }, t('mig.doc.none')), ...DOCUMENT_TYPES.map((d) => h('option', { value: d }, t(`mig.doc.${d}` as MessageKey))));
  const docNumber = h('input', { id: 'f-document_number', maxlength: 40, autocomplete: 'off', spellcheck: 'false', class: 'mono' });
  const relDefault = initialReleasability(user.org_default_releasability);
  const rel = releasabilityField('f-rel', relDefault.checked, relDefault.fromOrg);

  // Photo: checked on this side for type and size, previewed, kept as base64 for the body.
  let photoChanged = () => {};
  const picker = photoPicker({
    id: 'f-photo', testid: 'f-photo', noneText: t('mig.reg.photoNone'),
    setError: (m) => setError('photo', m), onCleanup: ctx.onCleanup, onChange: () => photoChanged(),
  });
  const photoControl = deskFile(picker.input, 'f-photo', true);
  photoChanged = photoControl.refresh;
  const resetPhoto = () => { picker.reset(); photoControl.refresh(); };

  const general = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'register-submit' }, t('mig.reg.submit'));

  function setError(name: string, message: string): boolean {
    const w = wrappers.get(name);
    if (!w) return false;
    w.error.textContent = message;
    w.error.hidden = message === '';
    w.wrap.classList.toggle('invalid', message !== '');
    if (message) w.input.setAttribute('aria-invalid', 'true');
    else w.input.removeAttribute('aria-invalid');
    return true;
  }
  const clearErrors = () => {
    for (const k of wrappers.keys()) setError(k, '');
    general.replaceChildren();
  };

  const form = h('form', { class: 'register-form', novalidate: true, 'data-testid': 'register-form' },
    h('fieldset', { class: 'group' }, h('legend', null, t('mig.reg.where')),
      h('div', { class: 'field-row' },
        field('station_id', 'mig.field.station', station),
        field('encountered_at', 'mig.field.encounteredAt', at.el, t('mig.reg.timeHint')))),
    h('fieldset', { class: 'group' }, h('legend', null, t('mig.reg.person')),
      field('name', 'mig.field.name', h('div', { class: 'name-wrap' }, name.input, name.counter), t('desk.name.hint')),
      h('div', { class: 'field-row' },
        field('birth_date', 'mig.field.birthDate', birth.el),
        field('sex', 'mig.field.sex', sex),
        field('nationality', 'mig.field.nationality', nationality.el, t('desk.country.hint')))),
    h('fieldset', { class: 'group' }, h('legend', null, t('mig.reg.document')),
      h('div', { class: 'field-row' },
        field('document_type', 'mig.field.documentType', docType),
        field('document_number', 'mig.field.documentNumber', docNumber))),
    h('fieldset', { class: 'group' }, h('legend', null, t('mig.field.photo')),
      field('photo', 'mig.reg.photoLabel', photoControl.el, t('mig.reg.photoHint')),
      picker.row),
    h('div', { class: 'field', 'data-field': 'releasability' }, rel.el),
    general,
    h('div', { class: 'form-actions' }, submit));
  // The releasability fieldset takes its errors like the other fields (/releasability/0).
  const relError = h('div', { class: 'field-error', hidden: true, 'data-testid': 'error-releasability' });
  rel.el.appendChild(relError);
  wrappers.set('releasability', { wrap: rel.el, error: relError, input: rel.el });
  // Wrappers that hold a group mark and focus its first control.
  for (const [k, el] of [['nationality', nationality.input], ['name', name.input], ['birth_date', birth.first],
    ['encountered_at', at.first], ['photo', picker.input]] as const) {
    const w = wrappers.get(k);
    if (w) w.input = el;
    el.setAttribute('aria-describedby', `f-${k}-error`);
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    const values: EncounterForm = {
      station_id: station.value, encountered_at: at.value(), name: name.input.value, birth_date: birth.value(), sex: sex.value,
      nationality: nationality.value(), document_type: docType.value, document_number: docNumber.value,
      releasability: rel.value(), photo: picker.value(),
    };
    const problems = checkEncounterForm(values, new Date());
    if (problems.length > 0) {
      for (const p of problems) setError(p.field, problemText(p));
      wrappers.get(problems[0]?.field ?? '')?.input.focus();
      return;
    }
    const idle = markBusy(form, submit, values.photo ? t('mig.reg.submittingPhoto') : t('mig.reg.submitting'), t('mig.reg.submit'));
    try {
      const body = buildEncounterBody(values);
      const reg = await ctx.api.request<DeskRegistration>('POST', '/api/v1/migration/encounters', body);
      const newPhoto = body.photo ? `data:image/${body.photo.startsWith('iVBOR') ? 'png' : 'jpeg'};base64,${body.photo}` : null;
      result.replaceChildren(resultPanel(reg, names, newPhoto, { name: body.name, nationality: body.nationality, birth_date: body.birth_date }));
      // A hit raised an alert: the shell refreshes its badge.
      if (reg.watchlist_hits.length > 0) window.dispatchEvent(new CustomEvent('istmo:alerts-changed'));
      // Ready for the next person at the same station: keep the place and releasability; the
      // time is the next saving's unless the officer sets it again.
      at.clear();
      name.input.value = '';
      name.refresh();
      birth.set('');
      sex.value = '';
      nationality.set('');
      docType.value = '';
      docNumber.value = '';
      resetPhoto();
      result.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      const fieldName = e instanceof ApiError ? fieldOfPointer(e.field) : '';
      const v = describeError(e, t);
      // The server names the field and says why in its own words (English); the page puts the
      // reason next to that field under a title in the user's language.
      const title = fieldName === 'photo' && e instanceof ApiError && e.code === 'invalid_argument' ? t('photo.rejected') : v.title;
      if (!fieldName || !setError(fieldName, v.detail ? `${title}: ${v.detail}` : title)) {
        general.replaceChildren(errorBox(e));
      } else {
        wrappers.get(fieldName)?.input.focus();
      }
    } finally {
      idle();
    }
  });
  return form;
}

function summary(e: Encounter, names: Map<string, string>): string {
  return [formatDateTime(e.encountered_at, lang()), names.get(e.station_id) ?? e.station_id, country(e.nationality),
    e.document_number ? documentLabel(e) : null].filter(Boolean).join(' · ');
}

interface Entered { name: string; nationality: string; birth_date: string }

// The person's earlier encounters, as a list that fits the result column: how each was linked
// comes first, then the new photo beside the earlier one with what differs.
function earlierList(items: DeskEarlier[], names: Map<string, string>, newPhoto: string | null, entered: Entered): HTMLElement {
  return h('ul', { class: 'earlier-list', 'data-testid': 'earlier-table' }, items.map((x) =>
    h('li', { 'data-id': x.id },
      h('span', { class: `chip match-${x.matched_by}` }, matchLabel(x)),
      comparison({
        testid: 'earlier-compare', newPhoto, earlierPhoto: x.photo_url, entered, earlier: x,
        caption: h('span', null,
          h('a', { href: `/migration/encounters/${encodeURIComponent(x.id)}`, 'data-link': true, class: 'strong wrap-anywhere' }, x.name),
          h('div', { class: 'muted small' }, summary(x, names))),
      }))));
}

function problemText(p: FieldProblem): string {
  return t(`mig.problem.${p.problem}` as MessageKey);
}

function resultPanel(reg: DeskRegistration, names: Map<string, string>, newPhoto: string | null, entered: Entered): HTMLElement {
  const e = reg.encounter;
  const hits = watchlistHitsBox(reg.watchlist_hits, 'mig.reg.hitsAdvice', false);
  // Each hit: the photo just taken beside the listed one, with the listed person's record.
  if (hits) {
    hits.appendChild(h('div', { 'data-testid': 'hit-compare' }, reg.watchlist_hits.map((w) => comparison({
      testid: 'hit-compare-item', newPhoto, earlierPhoto: w.photo_url, entered, earlier: w.person,
      caption: h('strong', { class: 'wrap-anywhere' }, w.person?.name ?? w.watchlist_name),
    }))));
  }
  const saved = h('div', { class: 'ok-box', 'data-testid': 'register-saved' },
    h('strong', { class: 'wrap-anywhere' }, t('mig.reg.saved', { name: e.name })),
    h('div', { class: 'small' }, summary(e, names)),
    h('div', { class: 'result-flags' },
      h('span', { class: reg.face_enrolled ? 'chip chip-ok' : 'chip', 'data-testid': 'face-enrolled' },
        reg.face_enrolled ? t('mig.reg.faceEnrolled') : t('mig.reg.faceNotEnrolled')),
      e.repeat ? h('span', { class: 'chip chip-repeat' }, t('mig.repeat')) : h('span', { class: 'chip' }, t('mig.reg.firstTime')),
      e.age_group === 'minor' ? h('span', { class: 'chip chip-minor' }, t('mig.age.minor')) : null),
    h('div', { class: 'small' }, h('a', { href: `/migration/encounters/${encodeURIComponent(e.id)}`, 'data-link': true, 'data-testid': 'register-open' }, t('mig.reg.open'))));
  const earlier = h('div', { class: 'earlier', 'data-testid': 'earlier' },
    h('h3', null, t('mig.reg.earlierTitle', { count: reg.earlier.length })),
    reg.earlier.length === 0
      ? h('div', { class: 'empty' }, t('mig.reg.noEarlier'))
      : earlierList(reg.earlier, names, newPhoto, entered));
  return h('div', null, hits, saved, earlier);
}
