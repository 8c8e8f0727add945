// The Maritime area's sub-navigation (the vessel map, its alerts, interdiction cases and their
// statistics) and the pieces its alert and case pages share: the page frame, the zones map's
// layers, a vessel's name and its link to the vessel map.
import { h } from '../../shell/dom';
import { formatMmsi } from './logic';
import { t, type MessageKey } from './messages';
import './triage.css';

export type MaritimeTab = 'map' | 'alerts' | 'cases' | 'stats';

const TABS: { tab: MaritimeTab; path: string; label: MessageKey }[] = [
  { tab: 'map', path: '/maritime', label: 'mar.tab.map' },
  { tab: 'alerts', path: '/maritime/alerts', label: 'mar.tab.alerts' },
  { tab: 'cases', path: '/maritime/cases', label: 'mar.tab.cases' },
  { tab: 'stats', path: '/maritime/stats', label: 'mar.tab.stats' },
];

export function maritimeTabs(current: MaritimeTab): HTMLElement {
  return h('nav', { class: 'tabs', 'aria-label': t('mar.tabs') },
    ...TABS.map((x) => h('a', {
      href: x.path, 'data-link': true, class: x.tab === current ? 'tab active' : 'tab',
      'aria-current': x.tab === current ? 'page' : null, 'data-testid': `mar-tab-${x.tab}`,
    }, t(x.label))));
}

// The frame of the alert, case and statistics pages: tabs, title, lead and a toolbar.
export function maritimePage(tab: MaritimeTab, testid: string, title: string | Node, lead: string | null,
  toolbar: Node | null, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'page maritime-page', 'data-testid': testid },
    maritimeTabs(tab),
    h('header', { class: 'page-head row' },
      h('div', null, h('h1', { 'data-testid': 'page-title' }, title), lead ? h('p', { class: 'lead' }, lead) : null),
      toolbar ? h('div', { class: 'toolbar' }, toolbar) : null),
    ...body);
}

// The layers under the alert, case and interdiction maps (those the server does not offer are
// named under the map).
export const SEA_LAYERS = ['panama_eez', 'panama_territorial_sea', 'panama_land'];
// Panama's waters from Costa Rica to Colombia.
export const SEA_VIEW: [number, number, number, number] = [-83.3, 5.5, -77.0, 10.1];

// "NAME (538 001 234)", or the MMSI alone.
export function vesselLabel(mmsi: number, name?: string | null): string {
  return name ? `${name} (${formatMmsi(mmsi)})` : formatMmsi(mmsi);
}

// The vessel on the Maritime map (its card opens there).
export function vesselLink(mmsi: number, name?: string | null): HTMLElement {
  return h('a', { href: `/maritime?mmsi=${mmsi}`, 'data-link': true, 'data-testid': 'vessel-link', 'data-mmsi': mmsi }, vesselLabel(mmsi, name));
}

// An interdiction's area code ("darien_pacific") in the reader's language; an unknown one as it is.
export function areaLabel(area: string): string {
  const key = `mar.area.${area}` as MessageKey;
  const s = t(key);
  return s === key ? area : s;
}
