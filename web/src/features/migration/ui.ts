// Pieces shared by the Migration pages: the area's tabs, station names, and the encounter table.
import { formatCountry, formatDate, formatDateTime, formatNumber } from '../../lib/format';
import type { EarlierEncounter, Encounter, Role, Station, WatchlistHit } from '../../lib/types';
import type { Api } from '../../shell/api';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import { releasabilityLabel } from '../../ui/releasability';
import { IDENTIFIERS, WATCHLIST_READERS } from './biometrics';
import { READERS, REGISTRARS } from './logic';
import { t, type MessageKey } from './messages';

export type MigrationTab = 'overview' | 'register' | 'identify' | 'encounters' | 'watchlists' | 'trends' | 'repatriation';

const TABS: { tab: MigrationTab; path: string; label: MessageKey; roles?: readonly Role[] }[] = [
  { tab: 'overview', path: '/migration', label: 'mig.tab.overview' },
  { tab: 'register', path: '/migration/encounters/new', label: 'mig.tab.register', roles: REGISTRARS },
  { tab: 'identify', path: '/migration/identify', label: 'mig.tab.identify', roles: IDENTIFIERS },
  { tab: 'encounters', path: '/migration/encounters', label: 'mig.tab.encounters', roles: READERS },
  { tab: 'watchlists', path: '/migration/watchlists', label: 'mig.tab.watchlists', roles: WATCHLIST_READERS },
  { tab: 'trends', path: '/migration/trends', label: 'mig.tab.trends', roles: READERS },
  { tab: 'repatriation', path: '/migration/repatriation', label: 'mig.tab.repatriation', roles: READERS },
];

// The Migration area's sub-navigation; tabs the user's roles cannot open are not shown.
export function migrationTabs(ctx: Ctx, current: MigrationTab): HTMLElement | null {
  const shown = TABS.filter((x) => !x.roles || hasAny(ctx.session.user.roles, x.roles));
  if (shown.length <= 1) return null;
  return h('nav', { class: 'tabs', 'aria-label': t('mig.tabs') },
    ...shown.map((x) => h('a', {
      href: x.path, 'data-link': true, class: x.tab === current ? 'tab active' : 'tab',
      'aria-current': x.tab === current ? 'page' : null, 'data-testid': `mig-tab-${x.tab}`,
    }, t(x.label))));
}

// The page frame of every Migration sub-page: tabs, title, lead, toolbar.
export function migrationPage(ctx: Ctx, tab: MigrationTab, testid: string, title: string, lead: string | null,
  toolbar: Node | null, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'page migration-page', 'data-testid': testid },
    migrationTabs(ctx, tab),
    h('header', { class: 'page-head row' },
      h('div', null, h('h1', null, title), lead ? h('p', { class: 'lead' }, lead) : null),
      toolbar ? h('div', { class: 'toolbar' }, toolbar) : null),
    ...body);
}

let stationsCache: Promise<Station[]> | null = null;
export function stations(api: Api): Promise<Station[]> {
  stationsCache ??= api.stations().then((r) => r.items);
  stationsCache.catch(() => { stationsCache = null; });
  return stationsCache;
}

export function stationNames(list: Station[]): Map<string, string> {
  return new Map(list.map((s) => [s.id, s.name]));
}

export function stationOptions(list: Station[], selected: string, anyLabel: string | null): HTMLOptionElement[] {
  const out: HTMLOptionElement[] = [];
  if (anyLabel !== null) out.push(h('option', { value: '', selected: selected === '' }, anyLabel));
  for (const s of list) out.push(h('option', { value: s.id, selected: s.id === selected }, s.name));
  return out;
}

// "Venezuela (VEN)"; the code alone when the name is not known.
export function country(code: string): string {
  const name = formatCountry(code, lang());
  return name === code ? code : `${name} (${code})`;
}

export function sexLabel(s: string): string {
  return ['F', 'M', 'X'].includes(s) ? t(`mig.sex.${s}` as MessageKey) : s;
}

export function documentLabel(e: Pick<Encounter, 'document_type' | 'document_number'>): string {
  if (!e.document_type || !e.document_number) return t('common.none');
  return `${t(`mig.doc.${e.document_type}` as MessageKey)} ${e.document_number}`;
}

export function matchLabel(e: EarlierEncounter): string {
  if (e.matched_by === 'face') {
    return e.distance === null ? t('mig.match.face') : t('mig.match.faceDistance', { distance: formatNumber(e.distance, lang(), 2) });
  }
  return e.matched_by === 'document' ? t('mig.match.document') : e.matched_by;
}

export interface EncounterTableOptions {
  names: Map<string, string>;        // station id → name
  testid: string;
  showMatch?: boolean;               // earlier encounters: how they were linked
}

export function encounterTable(items: (Encounter | EarlierEncounter)[], o: EncounterTableOptions): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data encounter-table', 'data-testid': o.testid },
    h('thead', null, h('tr', null,
      h('th', null, t('mig.col.time')), h('th', null, t('mig.col.station')), h('th', null, t('mig.col.name')),
      h('th', null, t('mig.col.sexAge')), h('th', null, t('mig.col.nationality')), h('th', null, t('mig.col.document')),
      o.showMatch ? h('th', null, t('mig.col.match')) : h('th', null, t('mig.col.flags')))),
    h('tbody', null, items.map((e) => h('tr', { 'data-id': e.id },
      h('td', null, h('a', { href: `/migration/encounters/${encodeURIComponent(e.id)}`, 'data-link': true }, formatDateTime(e.encountered_at, lang()))),
      h('td', null, o.names.get(e.station_id) ?? e.station_id),
      h('td', { class: 'name-cell' }, e.name),
      h('td', null, `${sexLabel(e.sex)} · ${t('mig.ageYears', { age: e.age_years })}`,
        e.age_group === 'minor' ? h('span', { class: 'chip chip-minor' }, t('mig.age.minor')) : null),
      h('td', null, country(e.nationality)),
      h('td', { class: 'mono' }, documentLabel(e)),
      o.showMatch && 'matched_by' in e
        ? h('td', null, h('span', { class: `chip match-${e.matched_by}` }, matchLabel(e)))
        : h('td', null,
          e.repeat ? h('span', { class: 'chip chip-repeat' }, t('mig.repeat')) : null,
          e.has_photo ? h('span', { class: 'chip' }, t('mig.hasPhoto')) : null))))));
}

// Definition list rows for an encounter.
export function encounterFacts(e: Encounter, names: Map<string, string>, orgName: string): HTMLElement {
  const row = (k: MessageKey, v: Node | string) => [h('dt', null, t(k)), h('dd', null, v)];
  return h('dl', { class: 'facts', 'data-testid': 'encounter-facts' },
    ...row('mig.col.name', h('strong', { class: 'wrap-anywhere' }, e.name)),
    ...row('mig.col.time', formatDateTime(e.encountered_at, lang())),
    ...row('mig.col.station', names.get(e.station_id) ?? e.station_id),
    ...row('mig.field.birthDate', `${formatDate(`${e.birth_date}T12:00:00Z`, lang())} · ${t('mig.ageYears', { age: e.age_years })} · ${t(`mig.age.${e.age_group}` as MessageKey)}`),
    ...row('mig.field.sex', sexLabel(e.sex)),
    ...row('mig.col.nationality', country(e.nationality)),
    ...row('mig.col.document', documentLabel(e)),
    ...row('mig.field.person', h('span', { class: 'mono' }, e.person_id)),
    ...row('mig.field.repeat', e.repeat ? t('mig.repeatYes') : t('mig.repeatNo')),
    ...row('mig.field.photo', e.has_photo ? t('mig.photoEnrolled') : t('mig.photoNone')),
    ...row('mig.field.releasability', releasabilityLabel(e.releasability)),
    ...row('mig.field.owner', orgName),
    ...row('mig.field.id', h('span', { class: 'mono' }, e.id)));
}

export function legalBasisLabel(b: string): string {
  return ['none', 'asylum_pending', 'recognized', 'other_status'].includes(b) ? t(`mig.basis.${b}` as MessageKey) : b;
}
export function caseStatusLabel(s: string): string {
  return ['open', 'manifested', 'repatriated', 'closed'].includes(s) ? t(`mig.caseStatus.${s}` as MessageKey) : s;
}
export function flightStatusLabel(s: string): string {
  return ['scheduled', 'departed', 'cancelled'].includes(s) ? t(`mig.flightStatus.${s}` as MessageKey) : s;
}

// Watchlist hits, in the critical style: the first thing shown in a result. `linkLists` links
// each hit to its watchlist's page (roles that may read watchlists).
export function watchlistHitsBox(hits: (WatchlistHit & { person?: { name: string } | null })[], advice: MessageKey, linkLists: boolean): HTMLElement | null {
  if (hits.length === 0) return null;
  return h('div', { class: 'hit-box', role: 'alert', 'data-testid': 'watchlist-hits' },
    h('strong', { class: 'hit-title' }, t('mig.reg.hitsTitle', { count: hits.length })),
    h('p', { class: 'small' }, t(advice)),
    h('ul', null, hits.map((w) => h('li', { 'data-watchlist': w.watchlist_id },
      linkLists
        ? h('a', { href: `/migration/watchlists/${encodeURIComponent(w.watchlist_id)}`, 'data-link': true, class: 'strong' }, w.watchlist_name)
        : h('strong', null, w.watchlist_name),
      w.person?.name ? [' — ', h('span', { class: 'wrap-anywhere', 'data-testid': 'hit-person' }, w.person.name)] : null,
      ' — ', w.reason, ' ',
      h('span', { class: 'muted small' }, t('mig.reg.hitDistance', { distance: formatNumber(w.distance, lang(), 2) })), ' ',
      w.alert_id ? h('a', { href: '/alerts', 'data-link': true }, t('mig.reg.hitAlert')) : null))));
}
