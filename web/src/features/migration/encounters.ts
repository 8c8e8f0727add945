// Encounters: the filterable list (GET /api/v1/migration/encounters, newest first, "load more"
// by keyset) and one encounter with the person's other encounters and repatriation case.
import { formatNumber } from '../../lib/format';
import type { Encounter } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill, loading } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import { canCreateWatchlist } from './biometrics';
import {
  CASE_WORKERS, encounterFiltersQuery, encounterQuery, nextPageCursor, readEncounterFilters, type EncounterFilters, type PageCursor,
} from './logic';
import { t } from './messages';
import { openCaseDialog } from './repatriation';
import {
  country, encounterFacts, encounterTable, legalBasisLabel, caseStatusLabel, migrationPage, nationalityList, stationNames,
  stationOptions, stations,
} from './ui';

const PAGE = 50;

export function encountersView(ctx: Ctx): void {
  let filters: EncounterFilters = readEncounterFilters(location.search);
  const slot = h('div', { class: 'panel-body' }, loading());
  const count = h('span', { class: 'muted', 'data-testid': 'encounters-count' });
  const filterSlot = h('div', { class: 'panel-body' });
  const toolbar = ctx.hasRole('officer')
    ? h('a', { href: '/migration/encounters/new', 'data-link': true, class: 'btn btn-primary' }, t('mig.tab.register'))
    : null;
  ctx.main.replaceChildren(migrationPage(ctx, 'encounters', 'encounters-page', t('mig.enc.title'), t('mig.enc.lead'), toolbar,
    h('section', { class: 'panel' }, filterSlot),
    h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.enc.listTitle'), ' ', count), slot)));

  let names = new Map<string, string>();
  let items: Encounter[] = [];
  let cursor: PageCursor | null = null;
  const more = h('button', { type: 'button', class: 'btn', 'data-testid': 'encounters-more' }, t('mig.enc.more'));
  const foot = h('div', { class: 'table-foot' });
  const tableHost = h('div');

  const render = () => {
    count.textContent = t('mig.enc.count', { count: formatNumber(items.length, lang()) });
    tableHost.replaceChildren(items.length === 0 ? empty(t('mig.enc.empty')) : encounterTable(items, { names, testid: 'encounters-table' }));
    foot.replaceChildren(cursor ? more : (items.length > 0 ? h('span', { class: 'muted small' }, t('mig.enc.end')) : ''));
  };
  const load = async () => {
    const list = await ctx.api.encounters(encounterQuery(filters, PAGE));
    items = list.items;
    cursor = nextPageCursor(items, PAGE);
    render();
    return h('div', null, tableHost, foot);
  };
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    more.setAttribute('aria-busy', 'true');
    try {
      const c = cursor;
      const page = await ctx.api.encounters(encounterQuery(filters, c.limit, c.before));
      const fresh = page.items.filter((e) => !c.seen.has(e.id));
      cursor = page.items.length < c.limit ? null : nextPageCursor([...items, ...fresh], PAGE);
      items = [...items, ...fresh];
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
      const list = await stations(ctx.api);
      names = stationNames(list);
      filterSlot.replaceChildren(filterForm(list));
    } catch (e) {
      filterSlot.replaceChildren(errorBox(e));
    }
    void fill(slot, load);
  })();

  function filterForm(list: Parameters<typeof stationOptions>[0]): HTMLElement {
    const station = h('select', { id: 'e-station' }, ...stationOptions(list, filters.station_id, t('mig.filter.anyStation')));
    const nat = h('input', { id: 'e-nationality', maxlength: 3, value: filters.nationality, list: 'e-nat-list', class: 'code-input', placeholder: 'VEN' });
    const person = h('input', { id: 'e-person', value: filters.person_id, class: 'mono', size: 38, placeholder: t('mig.filter.personPlaceholder') });
    const from = h('input', { id: 'e-from', type: 'date', value: filters.from });
    const to = h('input', { id: 'e-to', type: 'date', value: filters.to });
    const form = h('form', { class: 'filters', 'data-testid': 'encounter-filters' },
      h('div', { class: 'field' }, h('label', { for: 'e-station' }, t('mig.field.station')), station),
      h('div', { class: 'field' }, h('label', { for: 'e-nationality' }, t('mig.field.nationality')), nat, nationalityList('e-nat-list')),
      h('div', { class: 'field' }, h('label', { for: 'e-from' }, t('mig.filter.from')), from),
      h('div', { class: 'field' }, h('label', { for: 'e-to' }, t('mig.filter.to')), to),
      h('div', { class: 'field' }, h('label', { for: 'e-person' }, t('mig.field.person')), person),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'encounter-filter-apply' }, t('mig.filter.apply')),
        h('button', { type: 'button', class: 'btn', onclick: () => {
          filters = { station_id: '', nationality: '', person_id: '', from: '', to: '' };
          station.value = ''; nat.value = ''; person.value = ''; from.value = ''; to.value = '';
          apply();
        } }, t('mig.filter.clear'))));
    const apply = () => {
      const q = encounterFiltersQuery(filters);
      history.replaceState(null, '', `/migration/encounters${q ? `?${q}` : ''}`);
      void fill(slot, load);
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      filters = { station_id: station.value, nationality: nat.value.trim().toUpperCase(), person_id: person.value.trim(), from: from.value, to: to.value };
      apply();
    });
    return form;
  }
}

export function encounterDetailView(ctx: Ctx, id: string): void {
  const slot = h('div', { class: 'panel-body' }, loading());
  const others = h('div', { class: 'panel-body' });
  const caseSlot = h('div', { class: 'panel-body' });
  // Supervisors (admins do not read encounters) may put the person on a watchlist.
  const listIt = h('span');
  ctx.main.replaceChildren(migrationPage(ctx, 'encounters', 'encounter-page', t('mig.det.title'), null,
    h('div', { class: 'actions-row' },
      h('a', { href: '/migration/encounters', 'data-link': true, class: 'btn' }, t('mig.det.back')), listIt),
    h('div', { class: 'detail-grid' },
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.facts')), slot),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.case')), caseSlot)),
    h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.det.others')), others)));

  void fill(slot, async () => {
    const [e, list, orgNames] = await Promise.all([
      ctx.api.encounter(id),
      stations(ctx.api),
      ctx.api.orgNames().catch(() => new Map<string, string>()),
    ]);
    const names = stationNames(list);
    const heading = ctx.main.querySelector('h1');
    if (heading) heading.textContent = `${t('mig.det.title')}: ${e.name}`;
    if (canCreateWatchlist(ctx.session.user)) {
      const q = new URLSearchParams({ person_id: e.person_id, name: e.name });
      listIt.replaceChildren(h('a', { href: `/migration/watchlists?${q}`, 'data-link': true, class: 'btn', 'data-testid': 'encounter-watchlist' }, t('bio.wl.addPerson')));
    }
    void fill(others, async () => {
      const same = await ctx.api.encounters(new URLSearchParams({ person_id: e.person_id, limit: '200' }).toString());
      const rest = same.items.filter((x) => x.id !== e.id);
      return rest.length === 0 ? empty(t('mig.det.noOthers')) : encounterTable(rest, { names, testid: 'person-encounters' });
    });
    void fill(caseSlot, () => caseOf(ctx, e));
    return encounterFacts(e, names, orgNames.get(e.owner_org) ?? e.owner_org);
  });
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
