// The page of an area (Migration's overview, Maritime, Canal, Cooperation): what it is for, its
// map, its open alerts and their breakdown, and a panel for the area's own records. An area
// whose records have no API route yet says so in that panel instead of showing numbers it does
// not have. The area's feature supplies the texts, the map and the records.
import { formatNumber } from '../lib/format';
import { countByModule, countBySeverity, total } from '../lib/stats';
import { MODULES, SEVERITIES, type Module } from '../lib/types';
import type { Ctx } from '../shell/ctx';
import { h } from '../shell/dom';
import { empty, fill } from '../shell/feedback';
import { lang, t, type MessageKey } from '../shell/i18n';
import { alertTable } from './alert-list';
import { mountSeverityChart } from './chart';
import { mountMap, type BBox } from './map';

export interface AreaMap {
  layers: string[];
  view: BBox;
}

export interface AreaPageSpec {
  module: Module;
  title: string;
  purpose: string;
  tabs?: HTMLElement | null;         // the area's sub-navigation, above the title
  map?: AreaMap;
  // 'module': this area's open alerts by severity; 'all': every area's, by area and severity
  // (cooperation oversight).
  alertChart: 'module' | 'all';
  // The modules whose alerts belong to this area (default: the area's own); Migration also shows
  // the face watchlist hits raised at its stations.
  alertModules?: readonly Module[];
  records: { title: string; placeholder: string } | { title: string; load(): Promise<Node> };
}

export function areaPage(ctx: Ctx, spec: AreaPageSpec): void {
  const { module } = spec;
  const modules = spec.alertModules ?? [module];
  const all = spec.alertChart === 'all';
  const mapPanel = spec.map ? h('section', { class: 'panel panel-map' },
    h('h2', { class: 'panel-title' }, t('panel.map')),
    h('div', { class: 'map-host' })) : null;
  const chartSlot = h('div', { class: 'panel-body' });
  const listSlot = h('div', { class: 'panel-body' });
  const records = spec.records;
  const recordsSlot = h('div', { class: 'panel-body' }, 'placeholder' in records ? empty(records.placeholder) : null);
  const recordsPanel = h('section', { class: 'panel panel-records' },
    h('h2', { class: 'panel-title' }, records.title),
    recordsSlot);

  ctx.main.replaceChildren(h('section', { class: `page area area-${module}`, 'data-testid': `area-${module}` },
    spec.tabs ?? null,
    h('header', { class: 'page-head' },
      h('h1', null, spec.title),
      h('p', { class: 'lead' }, spec.purpose)),
    h('div', { class: mapPanel ? 'area-grid' : 'area-grid no-map' },
      h('div', { class: 'area-main' },
        mapPanel,
        mapPanel ? null : recordsPanel),
      h('div', { class: 'area-side' },
        h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t(all ? 'panel.alertsByModule' : 'panel.alertsBySeverity')),
          chartSlot),
        h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t('panel.alerts')),
          listSlot))),
    // Below the map and the alerts, across the page: a table of records needs the width.
    mapPanel ? recordsPanel : null));

  if (mapPanel && spec.map) {
    const handle = mountMap(mapPanel.querySelector('.map-host') as HTMLElement, ctx.api, spec.map);
    ctx.onCleanup(() => handle.destroy());
  }

  if ('load' in records) void fill(recordsSlot, () => records.load());

  let chartHandle: { destroy(): void } | null = null;
  ctx.onCleanup(() => chartHandle?.destroy());

  const load = async () => {
    const [{ items }, orgNames] = await Promise.all([
      ctx.api.alerts('open', 50),
      ctx.api.orgNames().catch(() => new Map<string, string>()),
    ]);
    const mine = items.filter((a) => modules.includes(a.module));
    chartHandle?.destroy();
    chartHandle = null;
    const shownTotal = all ? items.length : total(countBySeverity(mine));
    if (shownTotal === 0) {
      chartSlot.replaceChildren(empty(t(all ? 'panel.alertsEmptyAll' : 'panel.alertsEmpty')));
    } else if (all) {
      const by = countByModule(items);
      const mods = MODULES.filter((m) => SEVERITIES.some((s) => by[m][s] > 0));
      const host = h('div');
      chartSlot.replaceChildren(host, h('p', { class: 'muted small' }, t('chart.basis', { count: formatNumber(items.length, lang()) })));
      chartHandle = mountSeverityChart(host, {
        categories: mods.map((m) => t(`module.${m}` as MessageKey)),
        series: { info: mods.map((m) => by[m].info), warning: mods.map((m) => by[m].warning), critical: mods.map((m) => by[m].critical) },
      });
    } else {
      const by = countByModule(mine);
      const mods = modules.filter((m) => SEVERITIES.some((s) => by[m][s] > 0));
      const host = h('div');
      chartSlot.replaceChildren(host, h('p', { class: 'muted small' }, t('chart.basis', { count: formatNumber(items.length, lang()) })));
      chartHandle = mountSeverityChart(host, {
        categories: mods.map((m) => t(`module.${m}` as MessageKey)),
        series: { info: mods.map((m) => by[m].info), warning: mods.map((m) => by[m].warning), critical: mods.map((m) => by[m].critical) },
      }, 100 + 40 * mods.length);
    }
    return mine.length === 0
      ? empty(t('panel.alertsEmpty'))
      : alertTable(ctx.api, mine, { showModule: false, compact: true, orgNames, onChanged: () => void fill(listSlot, load) });
  };
  void fill(listSlot, load);
}
