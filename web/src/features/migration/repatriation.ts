// Repatriation: flights (list, schedule, detail with the manifest built from eligible cases,
// departure or cancellation) and cases (list with filters, open from an encounter, change the
// legal basis, note or open/closed status). Actions are offered to officers and supervisors of
// the owning organization only (src/migration/routes.cc); the server decides in the end. A case
// is opened from an encounter found by name, document or birth date (a search picker).
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { CASE_STATUSES, LEGAL_BASES, type Flight, type LegalBasis, type RepatriationCase } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill, loading, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import type { Country } from '../../ui/country-picker';
import { parseDateText } from '../../ui/date-field';
import { dialogShell, submitting } from '../../ui/dialog';
import { searchPicker } from '../../ui/search-picker';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import { countries, searchEncounters, type DeskEncounter } from './desk-api';
import { deskCountry, deskDate } from './desk-ui';
import { canChange, CASE_WORKERS, encounterQuery, NO_ENCOUNTER_FILTERS, panamaToday, pickerQueries } from './logic';
import { t, type MessageKey } from './messages';
import {
  caseStatusLabel, country, flightStatusLabel, legalBasisLabel, migrationPage, sexLabel,
} from './ui';

// What a foreign partner sees is a deliberate choice: new cases and flights are released to
// Panama's agencies only until the officer ticks more.
const DOMESTIC = ['PAN'];

const day = (d: string) => formatDate(`${d}T12:00:00Z`, lang(), 'UTC');

export function repatriationView(ctx: Ctx): void {
  const flightsSlot = h('div', { class: 'panel-body' }, loading());
  const casesSlot = h('div', { class: 'panel-body' }, loading());
  const worker = hasAny(ctx.session.user.roles, CASE_WORKERS);
  const reloadFlights = () => void fill(flightsSlot, loadFlights);
  const reloadCases = () => void fill(casesSlot, loadCases);
  const q = new URLSearchParams(location.search);
  let status = q.get('status') ?? '';
  let nationality = q.get('nationality') ?? '';
  let eligible = q.get('eligible') === 'true';

  const newFlight = worker ? h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'flight-new', onclick: () => flightDialog(ctx, (f) => ctx.navigate(flightPath(f.id))) }, t('mig.flight.new')) : null;
  const newCase = worker ? h('button', { type: 'button', class: 'btn', 'data-testid': 'case-new', onclick: () => openCaseDialog(ctx, '', reloadCases) }, t('mig.case.new')) : null;

  const statusSel = h('select', { id: 'c-status' }, h('option', { value: '' }, t('mig.filter.any')),
    ...CASE_STATUSES.map((s) => h('option', { value: s, selected: s === status }, caseStatusLabel(s))));
  const natHost = h('span');
  let natValue = () => nationality as string | '' | null;
  const natProblem = h('div', { class: 'field-error', hidden: true }, t('mig.problem.country'));
  void countries(ctx.api).then((list: Country[]) => {
    const nat = deskCountry(list, 'c-nationality', 'c-nationality', nationality, t('mig.filter.any'));
    natHost.replaceChildren(nat.el);
    natValue = nat.value;
  }, () => natHost.replaceChildren(t('common.none')));
  const eligibleBox = h('input', { type: 'checkbox', id: 'c-eligible', checked: eligible });
  const caseFilters = h('form', { class: 'filters', novalidate: true, 'data-testid': 'case-filters' },
    h('div', { class: 'field' }, h('label', { for: 'c-status' }, t('mig.case.status')), statusSel),
    h('div', { class: 'field' }, h('label', { for: 'c-nationality' }, t('mig.field.nationality')), natHost, natProblem),
    h('div', { class: 'field field-check' }, h('label', { class: 'check' }, eligibleBox, t('mig.case.eligibleOnly'))),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('mig.filter.apply'))));
  caseFilters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = natValue();
    natProblem.hidden = n !== null;
    if (n === null) return;
    status = statusSel.value;
    nationality = n;
    eligible = eligibleBox.checked;
    const p = new URLSearchParams();
    if (status) p.set('status', status);
    if (nationality) p.set('nationality', nationality);
    if (eligible) p.set('eligible', 'true');
    history.replaceState(null, '', `/migration/repatriation${p.size ? `?${p}` : ''}`);
    reloadCases();
  });

  ctx.main.replaceChildren(migrationPage(ctx, 'repatriation', 'repatriation-page', t('mig.rep.title'), t('mig.rep.lead'), null,
    h('section', { class: 'panel' },
      h('div', { class: 'panel-title row' }, h('h2', null, t('mig.flight.listTitle')), newFlight), flightsSlot),
    h('section', { class: 'panel' },
      h('div', { class: 'panel-title row' }, h('h2', null, t('mig.case.listTitle')), newCase),
      h('div', { class: 'panel-body' }, caseFilters), casesSlot)));

  const loadFlights = async () => {
    const { items } = await ctx.api.flights();
    if (items.length === 0) return empty(t('mig.flight.empty'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'flights-table' },
      h('thead', null, h('tr', null,
        h('th', null, t('mig.flight.date')), h('th', null, t('mig.flight.destination')), h('th', { class: 'num' }, t('mig.flight.seats')),
        h('th', null, t('mig.flight.status')), h('th', null, t('mig.field.releasability')))),
      h('tbody', null, items.map((f) => h('tr', { 'data-id': f.id },
        h('td', { class: 'nowrap' }, h('a', { href: flightPath(f.id), 'data-link': true, 'data-testid': `flight-${f.flight_date}` }, day(f.flight_date))),
        h('td', null, country(f.destination_country)),
        h('td', { class: 'num' }, t('mig.flight.seatsValue', { manifested: formatNumber(f.manifested, lang()), capacity: formatNumber(f.capacity, lang()) })),
        h('td', null, h('span', { class: `state flight-${f.status}` }, flightStatusLabel(f.status))),
        h('td', { class: 'small' }, releasabilityLabel(f.releasability)))))));
  };

  const loadCases = async () => {
    const { items } = await ctx.api.cases({ status, nationality, eligible, limit: 1000 });
    if (items.length === 0) return empty(t('mig.case.empty'));
    return h('div', null,
      h('p', { class: 'muted small' }, t('mig.case.count', { count: items.length })),
      casesTable(ctx, items, reloadCases, 'cases-table'));
  };
  reloadFlights();
  reloadCases();
}

export function flightPath(id: string): string {
  return `/migration/repatriation/flights/${encodeURIComponent(id)}`;
}

function casesTable(ctx: Ctx, items: RepatriationCase[], changed: () => void, testid: string): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': testid },
    h('thead', null, h('tr', null,
      h('th', null, t('mig.col.name')), h('th', null, t('mig.col.nationality')), h('th', null, t('mig.case.basis')),
      h('th', null, t('mig.case.status')), h('th', null, t('mig.case.note')), h('th', null, t('mig.case.updated')), h('th', null))),
    h('tbody', null, items.map((k) => h('tr', { 'data-id': k.id },
      h('td', null, h('a', { href: `/migration/encounters/${encodeURIComponent(k.encounter_id)}`, 'data-link': true }, k.name)),
      h('td', null, country(k.nationality)),
      h('td', null, legalBasisLabel(k.legal_basis)),
      h('td', null, h('span', { class: `state case-${k.status}` }, caseStatusLabel(k.status)),
        k.eligible ? h('span', { class: 'chip chip-ok' }, t('mig.case.eligible')) : null),
      h('td', { class: 'small' }, k.note),
      h('td', { class: 'nowrap small' }, formatDateTime(k.updated_at, lang())),
      h('td', { class: 'actions' }, canChange(ctx.session.user, k)
        ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'case-edit', onclick: () => editCaseDialog(ctx, k, changed) }, t('mig.case.edit'))
        : null))))));
}

function basisSelect(id: string, value: LegalBasis): HTMLSelectElement {
  return h('select', { id }, ...LEGAL_BASES.map((b) => h('option', { value: b, selected: b === value }, legalBasisLabel(b))));
}

// Opens a case for the person of an encounter (POST /cases): the encounter given, or found by
// name, document number or birth date.
export function openCaseDialog(ctx: Ctx, encounterId: string, done: () => void): void {
  const { dialog, form, messages, save, open } = dialogShell(t('mig.case.newTitle'), 'case-dialog');
  let chosen = encounterId;
  const chosenNote = h('div', { class: 'small muted', 'data-testid': 'k-chosen' });
  const finder = encounterId ? null : searchPicker<DeskEncounter>({
    id: 'k-encounter', testid: 'k-search', placeholder: t('desk.case.searchPlaceholder'),
    labels: { searching: t('desk.search.searching'), none: t('desk.search.none'), failed: t('desk.search.failed') },
    search: async (text) => {
      const pages = await Promise.all(pickerQueries(text, (x) => parseDateText(x, lang()))
        .map((q) => searchEncounters(ctx.api, encounterQuery({ ...NO_ENCOUNTER_FILTERS, ...q }, 10))));
      const seen = new Set<string>();
      return pages.flatMap((p) => p.items).filter((e) => !seen.has(e.id) && seen.add(e.id) !== undefined);
    },
    option: (e) => h('span', { class: 'encounter-option', 'data-id': e.id },
      h('strong', { class: 'wrap-anywhere' }, e.name),
      h('span', { class: 'muted small' }, [day(e.birth_date), sexLabel(e.sex), country(e.nationality), e.document_number ?? '',
        formatDateTime(e.encountered_at, lang())].filter(Boolean).join(' · '))),
    label: (e) => e.name,
    onPick: (e) => {
      chosen = e?.id ?? '';
      chosenNote.textContent = e ? t('desk.case.chosen', { name: e.name, when: formatDateTime(e.encountered_at, lang()) }) : '';
    },
  });
  const fixed = encounterId ? h('input', { id: 'k-encounter', value: encounterId, class: 'mono', readonly: true }) : null;
  const basis = basisSelect('k-basis', 'none');
  const note = h('textarea', { id: 'k-note', rows: 3, maxlength: 2000 });
  const rel = releasabilityField('k-rel', DOMESTIC);
  open(
    h('label', { for: 'k-encounter' }, encounterId ? t('mig.case.encounter') : t('desk.case.search')),
    finder ? finder.el : fixed ?? '', chosenNote,
    finder ? h('p', { class: 'muted small' }, t('desk.case.searchHint')) : '',
    h('label', { for: 'k-basis' }, t('mig.case.basis')), basis,
    h('p', { class: 'muted small' }, t('mig.case.basisHint')),
    h('label', { for: 'k-note' }, t('mig.case.note')), note,
    rel.el);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!chosen) {
      messages.replaceChildren(h('div', { class: 'field-error', 'data-testid': 'k-missing' }, t('desk.case.pickFirst')));
      finder?.input.focus();
      return;
    }
    void submitting(save, form, messages, async () => {
      const k = await ctx.api.openCase({ encounter_id: chosen, legal_basis: basis.value as LegalBasis, note: note.value.trim(), releasability: rel.value() });
      toast(t('mig.case.opened', { name: k.name }));
      dialog.close();
      done();
    });
  });
}

function editCaseDialog(ctx: Ctx, k: RepatriationCase, done: () => void): void {
  const { dialog, form, messages, save, open } = dialogShell(t('mig.case.editTitle', { name: k.name }), 'case-dialog');
  const basis = basisSelect('k-basis', k.legal_basis);
  const note = h('textarea', { id: 'k-note', rows: 3, maxlength: 2000 });
  note.value = k.note;
  // Only open and closed are set by hand; manifested and repatriated follow the flight.
  const manual = k.status === 'open' || k.status === 'closed';
  const status = h('select', { id: 'k-status', disabled: !manual },
    ...(manual ? ['open', 'closed'] : [k.status]).map((s) => h('option', { value: s, selected: s === k.status }, caseStatusLabel(s))));
  open(
    h('label', { for: 'k-basis' }, t('mig.case.basis')), basis,
    h('label', { for: 'k-status' }, t('mig.case.status')), status,
    manual ? '' : h('p', { class: 'muted small' }, t('mig.case.statusByFlight')),
    h('label', { for: 'k-note' }, t('mig.case.note')), note);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const patch: { legal_basis?: LegalBasis; status?: 'open' | 'closed'; note?: string } = {};
    if (basis.value !== k.legal_basis) patch.legal_basis = basis.value as LegalBasis;
    if (manual && status.value !== k.status) patch.status = status.value as 'open' | 'closed';
    if (note.value.trim() !== k.note) patch.note = note.value.trim();
    if (Object.keys(patch).length === 0) { dialog.close(); return; }
    void submitting(save, form, messages, async () => {
      await ctx.api.updateCase(k.id, patch);
      toast(t('mig.case.saved', { name: k.name }));
      dialog.close();
      done();
    });
  });
}

function flightDialog(ctx: Ctx, done: (f: Flight) => void): void {
  const { dialog, form, messages, save, open } = dialogShell(t('mig.flight.newTitle'), 'flight-dialog');
  const date = deskDate('fl-date', 'fl-date');
  const destHost = h('span');
  let dest = (): string | '' | null => '';
  void countries(ctx.api).then((list) => {
    const picker = deskCountry(list, 'fl-dest', 'fl-dest', '', 'Colombia (COL)');
    destHost.replaceChildren(picker.el);
    dest = picker.value;
  }, (e: unknown) => destHost.replaceChildren(errorBox(e)));
  const capacity = h('input', { id: 'fl-capacity', type: 'number', required: true, min: 1, max: 500, value: 100, class: 'num-input' });
  const rel = releasabilityField('fl-rel', DOMESTIC);
  open(
    h('label', { for: 'fl-date' }, t('mig.flight.date')), date.el,
    h('label', { for: 'fl-dest' }, t('mig.flight.destination')), destHost,
    h('label', { for: 'fl-capacity' }, t('mig.flight.capacity')), capacity,
    rel.el);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = date.value();
    const c = dest();
    if (!d || d < panamaToday(new Date())) {
      messages.replaceChildren(h('div', { class: 'field-error' }, d ? t('desk.flight.past') : t('mig.problem.birthDate')));
      return;
    }
    if (!c) {
      messages.replaceChildren(h('div', { class: 'field-error' }, c === null ? t('mig.problem.country') : t('mig.problem.required')));
      return;
    }
    void submitting(save, form, messages, async () => {
      const f = await ctx.api.createFlight({
        flight_date: d, destination_country: c,
        capacity: Math.round(Number(capacity.value)), releasability: rel.value(),
      });
      toast(t('mig.flight.created', { date: day(f.flight_date) }));
      dialog.close();
      done(f);
    });
  });
}

export function flightDetailView(ctx: Ctx, id: string): void {
  const slot = h('div', null, loading());
  ctx.main.replaceChildren(migrationPage(ctx, 'repatriation', 'flight-page', t('mig.flight.title'), null,
    h('a', { href: '/migration/repatriation', 'data-link': true, class: 'btn' }, t('mig.flight.back')), slot));
  const reload = () => void fill(slot, load);
  const load = async (): Promise<Node> => {
    const [f, orgNames] = await Promise.all([ctx.api.flight(id), ctx.api.orgNames().catch(() => new Map<string, string>())]);
    const heading = ctx.main.querySelector('h1');
    if (heading) heading.textContent = t('mig.flight.heading', { date: day(f.flight_date), country: country(f.destination_country) });
    const mine = canChange(ctx.session.user, f);
    const messages = h('div', { 'aria-live': 'assertive' });
    const action = (key: MessageKey, testid: string, cls: string, confirmKey: MessageKey | null, run: () => Promise<Flight>) => {
      const b = h('button', { type: 'button', class: `btn ${cls}`, 'data-testid': testid }, t(key));
      b.addEventListener('click', async () => {
        if (confirmKey && !window.confirm(t(confirmKey))) return;
        b.disabled = true;
        b.setAttribute('aria-busy', 'true');
        messages.replaceChildren();
        try {
          const after = await run();
          toast(t('mig.flight.updated', { status: flightStatusLabel(after.status), count: formatNumber(after.manifested, lang()) }));
          reload();
        } catch (e) {
          messages.replaceChildren(errorBox(e));
          b.disabled = false;
          b.removeAttribute('aria-busy');
        }
      });
      return b;
    };
    const scheduled = f.status === 'scheduled';
    const actions = mine && scheduled ? h('div', { class: 'actions-row', 'data-testid': 'flight-actions' },
      action('mig.flight.build', 'flight-build', 'btn-primary', null, () => ctx.api.buildManifest(f.id)),
      action('mig.flight.depart', 'flight-depart', '', 'mig.flight.confirmDepart', () => ctx.api.setFlightStatus(f.id, 'departed')),
      action('mig.flight.cancel', 'flight-cancel', 'btn-danger', 'mig.flight.confirmCancel', () => ctx.api.setFlightStatus(f.id, 'cancelled'))) : null;
    const why = !mine
      ? h('p', { class: 'muted small' }, hasAny(ctx.session.user.roles, CASE_WORKERS) ? t('mig.flight.notOwner') : t('mig.flight.readOnly'))
      : !scheduled ? h('p', { class: 'muted small' }, t('mig.flight.closed', { status: flightStatusLabel(f.status) })) : null;
    const manifest = f.manifest ?? [];
    const seatsLeft = Math.max(0, f.capacity - f.manifested);
    return h('div', null,
      h('div', { class: 'kpis' },
        h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('mig.flight.status')),
          h('div', { class: 'kpi-value', 'data-testid': 'flight-status' }, flightStatusLabel(f.status))),
        h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('mig.flight.manifested')),
          h('div', { class: 'kpi-value' }, t('mig.flight.seatsValue', { manifested: formatNumber(f.manifested, lang()), capacity: formatNumber(f.capacity, lang()) })),
          h('div', { class: 'kpi-sub muted small' }, t('mig.flight.seatsLeft', { count: seatsLeft }))),
        h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('mig.flight.destination')), h('div', { class: 'kpi-value' }, country(f.destination_country))),
        h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, t('mig.field.owner')), h('div', { class: 'kpi-value' }, orgNames.get(f.owner_org) ?? f.owner_org),
          h('div', { class: 'kpi-sub muted small' }, releasabilityLabel(f.releasability)))),
      h('section', { class: 'panel' },
        h('h2', { class: 'panel-title' }, t('mig.flight.manifest', { count: manifest.length })),
        h('div', { class: 'panel-body' },
          actions, why, messages,
          scheduled && mine ? h('p', { class: 'muted small' }, t('mig.flight.buildHint', { country: country(f.destination_country) })) : null,
          manifest.length === 0 ? empty(t('mig.flight.manifestEmpty')) : casesTable(ctx, manifest, reload, 'manifest-table'))));
  };
  reload();
}
