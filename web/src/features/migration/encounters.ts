// Encounters: the search (name, document, birth date and the filters, with the total and
// "load more" by the API's cursor) and one encounter with its photo, the person's other
// encounters and repatriation case, the correction form and the history of corrections.
import { formatDateTime, formatNumber } from '../../lib/format';
import { DOCUMENT_TYPES, SEXES, type Encounter, type Station } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill, loading, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import type { Country } from '../../ui/country-picker';
import { formFields, markBusy } from '../../ui/form-fields';
import { canCreateWatchlist } from './biometrics';
import {
  correctEncounter, countries, encounter, encounterHistory, searchEncounters, type DeskEncounter, type Revision,
} from './desk-api';
import { deskCountry, deskDate, isNotFound, nameInput, notFoundBox, photoThumb } from './desk-ui';
import {
  CASE_WORKERS, correctionChanges, CORRECTABLE, encounterFiltersQuery, encounterQuery, MAX_NAME_BYTES, nameBytes,
  NO_ENCOUNTER_FILTERS, readEncounterFilters, type Correctable, type EncounterFilters,
} from './logic';
import { t, type MessageKey } from './messages';
import { openCaseDialog } from './repatriation';
import {
  caseStatusLabel, country, encounterFacts, encounterTable, legalBasisLabel, migrationPage, sexLabel, stationNames,
  stationOptions, stations,
} from './ui';

const PAGE = 50;

export function encountersView(ctx: Ctx): void {
  let filters: EncounterFilters = readEncounterFilters(location.search);
  const slot = h('div', { class: 'panel-body' }, loading());
  const count = h('span', { class: 'muted', 'data-testid': 'encounters-count' });
  const filterSlot = h('div', { class: 'panel-body' }, loading());
  const toolbar = ctx.hasRole('officer')
    ? h('a', { href: '/migration/encounters/new', 'data-link': true, class: 'btn btn-primary' }, t('mig.tab.register'))
    : null;
  ctx.main.replaceChildren(migrationPage(ctx, 'encounters', 'encounters-page', t('mig.enc.title'), t('mig.enc.lead'), toolbar,
    h('section', { class: 'panel' }, filterSlot),
    h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.enc.listTitle'), ' ', count), slot)));

  let names = new Map<string, string>();
  let items: Encounter[] = [];
  let total: number | null = null;
  let cursor: string | null = null;
  const more = h('button', { type: 'button', class: 'btn', 'data-testid': 'encounters-more' }, t('mig.enc.more'));
  const foot = h('div', { class: 'table-foot' });
  const tableHost = h('div');

  const render = () => {
    count.textContent = total === null
      ? t('mig.enc.count', { count: items.length })
      : t('desk.enc.total', { shown: formatNumber(items.length, lang()), total });
    tableHost.replaceChildren(items.length === 0 ? empty(t('mig.enc.empty')) : encounterTable(items, { names, testid: 'encounters-table' }));
    foot.replaceChildren(cursor ? more : (items.length > 0 ? h('span', { class: 'muted small' }, t('mig.enc.end')) : ''));
  };
  const load = async () => {
    const page = await searchEncounters(ctx.api, encounterQuery(filters, PAGE));
    items = page.items;
    total = typeof page.total === 'number' ? page.total : null;
    cursor = page.next_cursor ?? null;
    render();
    return h('div', null, tableHost, foot);
  };
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    more.setAttribute('aria-busy', 'true');
    try {
      const page = await searchEncounters(ctx.api, encounterQuery(filters, PAGE, cursor));
      const seen = new Set(items.map((e) => e.id));
      items = [...items, ...page.items.filter((e) => !seen.has(e.id))];
      if (typeof page.total === 'number') total = page.total;
      cursor = page.next_cursor ?? null;
      render();
    } catch (e) {
      foot.replaceChildren(errorBox(e), more);
    } finally {
      more.disabled = false;
      more.removeAttribute('aria-busy');
    }
  });

  void (async () => {
    try {
      const [list, nations] = await Promise.all([stations(ctx.api), countries(ctx.api)]);
      names = stationNames(list);
      filterSlot.replaceChildren(filterForm(list, nations));
    } catch (e) {
      filterSlot.replaceChildren(errorBox(e));
    }
    void fill(slot, load);
  })();

  function filterForm(list: Station[], nations: Country[]): HTMLElement {
    const fields = formFields('e');
    const name = h('input', { id: 'e-name', type: 'search', value: filters.name, autocomplete: 'off', spellcheck: 'false', 'data-testid': 'e-name', placeholder: t('desk.enc.namePlaceholder') });
    const doc = h('input', { id: 'e-document', value: filters.document_number, autocomplete: 'off', spellcheck: 'false', class: 'mono', 'data-testid': 'e-document' });
    const birth = deskDate('e-birth', 'e-birth', filters.birth_date);
    const station = h('select', { id: 'e-station' }, ...stationOptions(list, filters.station_id, t('mig.filter.anyStation')));
    const nat = deskCountry(nations, 'e-nationality', 'e-nationality', filters.nationality, t('mig.filter.any'));
    const person = h('input', { id: 'e-person', value: filters.person_id, class: 'mono', size: 38, placeholder: t('mig.filter.personPlaceholder') });
    const from = deskDate('e-from', 'e-from', filters.from);
    const to = deskDate('e-to', 'e-to', filters.to);
    const general = h('div', { 'aria-live': 'assertive' });
    const form = h('form', { class: 'filters', novalidate: true, 'data-testid': 'encounter-filters' },
      h('div', { class: 'search-fields' },
        fields.field('name', t('desk.enc.name'), name, t('desk.enc.nameHint')),
        fields.field('document_number', t('mig.field.documentNumber'), doc),
        fields.field('birth_date', t('mig.field.birthDate'), birth.el, null, birth.first)),
      fields.field('station_id', t('mig.field.station'), station),
      fields.field('nationality', t('mig.field.nationality'), nat.el, null, nat.input),
      fields.field('from', t('mig.filter.from'), from.el, null, from.first),
      fields.field('to', t('mig.filter.to'), to.el, null, to.first),
      fields.field('person_id', t('mig.field.person'), person),
      general,
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'encounter-filter-apply' }, t('mig.filter.apply')),
        h('button', { type: 'button', class: 'btn', onclick: () => {
          filters = { ...NO_ENCOUNTER_FILTERS };
          name.value = ''; doc.value = ''; birth.set(''); station.value = ''; nat.set(''); person.value = ''; from.set(''); to.set('');
          fields.clear();
          apply();
        } }, t('mig.filter.clear'))));
    const apply = () => {
      const q = encounterFiltersQuery(filters);
      history.replaceState(null, '', `/migration/encounters${q ? `?${q}` : ''}`);
      void fill(slot, load);
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fields.clear();
      const dates = { birth_date: birth.value(), from: from.value(), to: to.value() };
      const nationality = nat.value();
      let bad = false;
      for (const [k, v] of Object.entries(dates)) {
        if (v === null) { fields.setError(k, t('mig.problem.birthDate')); bad = true; }
      }
      if (nationality === null) { fields.setError('nationality', t('mig.problem.country')); bad = true; }
      if (bad) return;
      filters = {
        name: name.value, document_number: doc.value, birth_date: dates.birth_date ?? '', station_id: station.value,
        nationality: nationality ?? '', person_id: person.value.trim(), from: dates.from ?? '', to: dates.to ?? '',
      };
      apply();
    });
    return form;
  }
}

export function encounterDetailView(ctx: Ctx, id: string): void {
  const slot = h('div', { class: 'panel-body' }, loading());
  const others = h('div', { class: 'panel-body' });
  const caseSlot = h('div', { class: 'panel-body' });
  const correctSlot = h('div');
  const historySlot = h('div', { class: 'panel-body' });
  // Supervisors (admins do not read encounters) may put the person on a watchlist.
  const listIt = h('span');
  const below = h('div');
  ctx.main.replaceChildren(migrationPage(ctx, 'encounters', 'encounter-page', t('mig.det.title'), null,
    h('div', { class: 'actions-row' },
      h('a', { href: '/migration/encounters', 'data-link': true, class: 'btn' }, t('mig.det.back')), listIt),
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.facts')), slot),
      h('div', null,
        h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.case')), caseSlot),
        correctSlot)),
    below));

  const load = async (): Promise<Node> => {
    let e: DeskEncounter;
    let list: Station[];
    let orgNames: Map<string, string>;
    try {
      [e, list, orgNames] = await Promise.all([
        encounter(ctx.api, id),
        stations(ctx.api),
        ctx.api.orgNames().catch(() => new Map<string, string>()),
      ]);
    } catch (err) {
      // Absent or withheld: the same answer, and trying again cannot change it.
      if (!isNotFound(err)) throw err;
      caseSlot.replaceChildren(empty(t('common.none')));
      return notFoundBox('desk.notFound.encounter');
    }
    const names = stationNames(list);
    const heading = ctx.main.querySelector('h1');
    if (heading) {
      heading.textContent = `${t('mig.det.title')}: ${e.name}`;
      heading.classList.add('wrap-anywhere');
    }
    if (canCreateWatchlist(ctx.session.user)) {
      const q = new URLSearchParams({ person_id: e.person_id, name: e.name });
      listIt.replaceChildren(h('a', { href: `/migration/watchlists?${q}`, 'data-link': true, class: 'btn', 'data-testid': 'encounter-watchlist' }, t('bio.wl.addPerson')));
    }
    below.replaceChildren(
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.others')), others),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('desk.hist.title')), historySlot));
    void fill(others, async () => {
      const same = await ctx.api.encounters(new URLSearchParams({ person_id: e.person_id, limit: '200' }).toString());
      const rest = same.items.filter((x) => x.id !== e.id);
      return rest.length === 0 ? empty(t('mig.det.noOthers')) : encounterTable(rest, { names, testid: 'person-encounters' });
    });
    void fill(caseSlot, () => caseOf(ctx, e));
    void fill(historySlot, () => historyList(ctx, e.id, orgNames));
    // Officers and supervisors of the owning organization correct the record.
    const user = ctx.session.user;
    if (hasAny(user.roles, CASE_WORKERS) && e.owner_org === user.org.id) {
      const nations = await countries(ctx.api);
      correctSlot.replaceChildren(correctionPanel(ctx, e, nations));
    }
    return h('div', null,
      h('div', { class: 'encounter-photo', 'data-testid': 'encounter-photo' },
        e.has_photo || e.photo_url ? photoThumb(e.photo_url, t('desk.photo.alt', { name: e.name }), 'encounter-photo-thumb') : null),
      encounterFacts(e, names, orgNames.get(e.owner_org) ?? e.owner_org));
  };
  void fill(slot, load);
}

const FIELD_KEYS: Record<Correctable, MessageKey> = {
  name: 'mig.col.name', birth_date: 'mig.field.birthDate', sex: 'mig.field.sex', nationality: 'mig.col.nationality',
  document_type: 'mig.field.documentType', document_number: 'mig.field.documentNumber',
};

// A field's value as people read it (a country's name, a sex's label).
function valueText(field: string, v: string | null): string {
  if (v === null || v === '') return t('common.none');
  if (field === 'nationality') return country(v);
  if (field === 'sex') return sexLabel(v);
  if (field === 'document_type') return ['passport', 'national_id', 'other'].includes(v) ? t(`mig.doc.${v}` as MessageKey) : v;
  return v;
}

// The corrections of the record, oldest first: who, when, what changed and why.
async function historyList(ctx: Ctx, id: string, orgNames: Map<string, string>): Promise<HTMLElement> {
  const { items } = await encounterHistory(ctx.api, id);
  if (items.length === 0) return empty(t('desk.hist.empty'));
  return h('ol', { class: 'history-list', 'data-testid': 'encounter-history' }, items.map((r: Revision) => h('li', { 'data-id': r.id },
    h('div', null, h('strong', null, r.changed_by), ' · ', orgNames.get(r.changed_by_org) ?? r.changed_by_org, ' · ',
      h('span', { class: 'muted' }, formatDateTime(r.changed_at, lang()))),
    h('div', { class: 'small' }, t('desk.hist.reason'), ' ', h('em', { class: 'wrap-anywhere' }, r.reason)),
    h('ul', { class: 'changes' }, r.changes.map((c) => h('li', { 'data-field': c.field },
      h('span', { class: 'muted' }, CORRECTABLE.includes(c.field as Correctable) ? t(FIELD_KEYS[c.field as Correctable]) : c.field), ': ',
      h('span', { class: 'old wrap-anywhere' }, valueText(c.field, c.old)), ' → ',
      h('strong', { class: 'wrap-anywhere' }, valueText(c.field, c.new))))))));
}

// The correction form: the record's fields as they are, a reason (required), and only what
// changed is sent.
function correctionPanel(ctx: Ctx, e: Encounter, nations: Country[]): HTMLElement {
  const body = h('div', { class: 'panel-body' });
  const open = h('button', { type: 'button', class: 'btn', 'data-testid': 'correct-open' }, t('desk.fix.open'));
  body.append(h('p', { class: 'muted small' }, t('desk.fix.lead')), open);
  open.addEventListener('click', () => {
    const fields = formFields('x');
    const name = nameInput('x-name', e.name);
    const birth = deskDate('x-birth', 'x-birth', e.birth_date);
    const sex = h('select', { id: 'x-sex' }, ...SEXES.map((s) => h('option', { value: s, selected: s === e.sex }, sexLabel(s))));
    const nat = deskCountry(nations, 'x-nationality', 'x-nationality', e.nationality);
    const docType = h('select', { id: 'x-document_type' }, h('option', { value: '' }, t('mig.doc.none')),
      ...DOCUMENT_TYPES.map((d) => h('option', { value: d, selected: d === e.document_type }, t(`mig.doc.${d}` as MessageKey))));
    const docNumber = h('input', { id: 'x-document_number', value: e.document_number ?? '', maxlength: 40, class: 'mono', autocomplete: 'off' });
    const reason = h('textarea', { id: 'x-reason', rows: 2, maxlength: 500, 'data-testid': 'x-reason' });
    const general = h('div', { 'aria-live': 'assertive' });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'correct-submit' }, t('desk.fix.submit'));
    const form = h('form', { class: 'correct-form', novalidate: true, 'data-testid': 'correct-form' },
      fields.field('name', t('mig.field.name'), h('div', { class: 'name-wrap' }, name.input, name.counter), null, name.input),
      h('div', { class: 'field-row' },
        fields.field('birth_date', t('mig.field.birthDate'), birth.el, null, birth.first),
        fields.field('sex', t('mig.field.sex'), sex),
        fields.field('nationality', t('mig.field.nationality'), nat.el, null, nat.input)),
      h('div', { class: 'field-row' },
        fields.field('document_type', t('mig.field.documentType'), docType),
        fields.field('document_number', t('mig.field.documentNumber'), docNumber)),
      fields.field('reason', t('desk.fix.reason'), reason, t('desk.fix.reasonHint')),
      general,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      fields.clear();
      general.replaceChildren();
      const birthValue = birth.value();
      const natValue = nat.value();
      let bad = false;
      const problem = (f: string, k: MessageKey) => { fields.setError(f, t(k)); bad = true; };
      if (!name.input.value.trim()) problem('name', 'mig.problem.required');
      else if (nameBytes(name.input.value.trim()) > MAX_NAME_BYTES) problem('name', 'mig.problem.tooLong');
      if (!birthValue) problem('birth_date', birthValue === null ? 'mig.problem.birthDate' : 'mig.problem.required');
      if (!natValue) problem('nationality', natValue === null ? 'mig.problem.country' : 'mig.problem.required');
      if (!reason.value.trim()) problem('reason', 'desk.fix.reasonRequired');
      if (bad) return;
      const changes = correctionChanges(
        { name: e.name, birth_date: e.birth_date, sex: e.sex, nationality: e.nationality, document_type: e.document_type, document_number: e.document_number },
        { name: name.input.value, birth_date: birthValue ?? '', sex: sex.value, nationality: natValue ?? '', document_type: docType.value, document_number: docNumber.value });
      if (Object.keys(changes).length === 0) {
        general.replaceChildren(h('div', { class: 'notice', 'data-testid': 'correct-nochange' }, t('desk.fix.noChange')));
        return;
      }
      const idle = markBusy(form, submit, t('desk.fix.saving'), t('desk.fix.submit'));
      try {
        await correctEncounter(ctx.api, e.id, { ...changes, reason: reason.value.trim() });
        toast(t('desk.fix.saved'));
        ctx.navigate(location.pathname);
      } catch (err) {
        fields.showApiError(err, general);
      } finally {
        idle();
      }
    });
    body.replaceChildren(form);
    name.input.focus();
  });
  return h('section', { class: 'panel', 'data-testid': 'correct-panel' }, h('h2', { class: 'panel-title' }, t('desk.fix.title')), body);
}

// The person's repatriation case (a person has at most one), or the action that opens one.
async function caseOf(ctx: Ctx, e: Encounter): Promise<HTMLElement> {
  const { items } = await ctx.api.cases({ personId: e.person_id, limit: 1 });
  const k = items.find((c) => c.person_id === e.person_id);
  if (k) {
    return h('div', { 'data-testid': 'encounter-case' },
      h('p', null, h('strong', null, caseStatusLabel(k.status)), ' · ', legalBasisLabel(k.legal_basis), ' · ', country(k.nationality)),
      k.note ? h('p', { class: 'muted' }, k.note) : null,
      k.flight_id ? h('p', null, h('a', { href: `/migration/repatriation/flights/${encodeURIComponent(k.flight_id)}`, 'data-link': true }, t('mig.det.flight'))) : null,
      h('a', { href: '/migration/repatriation', 'data-link': true }, t('mig.det.toCases')));
  }
  const canOpen = hasAny(ctx.session.user.roles, CASE_WORKERS);
  return h('div', null,
    h('p', { class: 'muted' }, t('mig.det.noCase')),
    canOpen ? h('button', {
      type: 'button', class: 'btn btn-primary', 'data-testid': 'open-case',
      onclick: () => openCaseDialog(ctx, e.id, () => ctx.navigate(location.pathname)),
    }, t('mig.case.new')) : null);
}
