// One of the four areas: what it is for, its map, its open alerts and their breakdown.
// The area's own records (encounters, vessels, transits, activities) come with their API routes;
// until then the page says so instead of showing numbers it does not have.
import type { Ctx } from '../app';
import { alertTable } from '../components/alert-list';
import { mountSeverityChart } from '../components/chart';
import { empty, fill } from '../components/feedback';
import { mountMap, type BBox } from '../components/map';
import { encounterTable, migrationTabs, stationNames, stations } from '../components/migration-ui';
import { h } from '../dom';
import { formatNumber } from '../format';
import { lang, t, type MessageKey } from '../i18n';
import { hasAny, READERS } from '../migration';
import { countByModule, countBySeverity, total } from '../stats';
import { MODULES, SEVERITIES, type Module } from '../types';

interface AreaMap {
  layers: string[];
  view: BBox;
}

const MAPS: Partial<Record<Module, AreaMap>> = {
  // Darién: the reception stations between Metetí and the Colombian border.
  migration: { layers: ['panama_land', 'stations'], view: [-78.35, 7.95, -77.15, 8.9] },
  // Both coasts and the territorial sea, from Costa Rica to Colombia.
  maritime: { layers: ['panama_territorial_sea', 'panama_land'], view: [-83.3, 6.8, -77.0, 10.1] },
  // Central Panama, from Colón to Panama City and the Pacific approaches.
  canal: { layers: ['panama_land'], view: [-80.5, 8.5, -79.1, 9.6] },
};

export function areaView(ctx: Ctx, module: Module): void {
  const mapSpec = MAPS[module];
  const mapPanel = mapSpec ? h('section', { class: 'panel panel-map' },
    h('h2', { class: 'panel-title' }, t('panel.map')),
    h('div', { class: 'map-host' })) : null;
  const chartSlot = h('div', { class: 'panel-body' });
  const listSlot = h('div', { class: 'panel-body' });
  // Migration has its records: the latest encounters, for the roles that may read them.
  const latest = module === 'migration' && hasAny(ctx.session.user.roles, READERS);
  const recordsSlot = h('div', { class: 'panel-body' }, latest ? null : empty(t(`area.${module}.records` as MessageKey)));

  ctx.main.replaceChildren(h('section', { class: `page area area-${module}`, 'data-testid': `area-${module}` },
    module === 'migration' ? migrationTabs(ctx, 'overview') : null,
    h('header', { class: 'page-head' },
      h('h1', null, t(`area.${module}.title` as MessageKey)),
      h('p', { class: 'lead' }, t(`area.${module}.purpose` as MessageKey))),
    h('div', { class: mapPanel ? 'area-grid' : 'area-grid no-map' },
      h('div', { class: 'area-main' },
        mapPanel,
        h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t(latest ? 'mig.overview.latest' : 'panel.records')),
          recordsSlot)),
      h('div', { class: 'area-side' },
        h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t(module === 'cooperation' ? 'panel.alertsByModule' : 'panel.alertsBySeverity')),
          chartSlot),
        h('section', { class: 'panel' },
          h('h2', { class: 'panel-title' }, t('panel.alerts')),
          listSlot)))));

  if (mapPanel && mapSpec) {
    const handle = mountMap(mapPanel.querySelector('.map-host') as HTMLElement, ctx.api, mapSpec);
    ctx.onCleanup(() => handle.destroy());
  }

  if (latest) {
    void fill(recordsSlot, async () => {
      const [list, { items }] = await Promise.all([stations(ctx.api), ctx.api.encounters('limit=8')]);
      return h('div', null,
        items.length === 0 ? empty(t('mig.enc.empty')) : encounterTable(items, { names: stationNames(list), testid: 'latest-encounters' }),
        h('p', { class: 'small' }, h('a', { href: '/migration/encounters', 'data-link': true }, t('mig.overview.all'))));
    });
  }

  let chartHandle: { destroy(): void } | null = null;
  ctx.onCleanup(() => chartHandle?.destroy());

  const load = async () => {
    const [{ items }, orgNames] = await Promise.all([
      ctx.api.alerts('open', 50),
      ctx.api.orgNames().catch(() => new Map<string, string>()),
    ]);
    const mine = items.filter((a) => a.module === module);
    // Chart: for cooperation oversight, every area; elsewhere, this area by severity.
    chartHandle?.destroy();
    chartHandle = null;
    const shownTotal = module === 'cooperation' ? items.length : total(countBySeverity(items, module));
    if (shownTotal === 0) {
      chartSlot.replaceChildren(empty(t(module === 'cooperation' ? 'alerts.emptyAll' : 'alerts.emptyModule')));
    } else if (module === 'cooperation') {
      const by = countByModule(items);
      const mods = MODULES.filter((m) => SEVERITIES.some((s) => by[m][s] > 0));
      const host = h('div');
      chartSlot.replaceChildren(host, h('p', { class: 'muted small' }, t('chart.basis', { count: formatNumber(items.length, lang()) })));
      chartHandle = mountSeverityChart(host, {
        categories: mods.map((m) => t(`module.${m}` as MessageKey)),
        series: { info: mods.map((m) => by[m].info), warning: mods.map((m) => by[m].warning), critical: mods.map((m) => by[m].critical) },
      });
    } else {
      const c = countBySeverity(items, module);
      const host = h('div');
      chartSlot.replaceChildren(host, h('p', { class: 'muted small' }, t('chart.basis', { count: formatNumber(items.length, lang()) })));
      chartHandle = mountSeverityChart(host, {
        categories: [t(`module.${module}` as MessageKey)],
        series: { info: [c.info], warning: [c.warning], critical: [c.critical] },
      }, 140);
    }
    return mine.length === 0
      ? empty(t('alerts.emptyModule'))
      : alertTable(ctx.api, mine, { showModule: false, compact: true, orgNames, onChanged: () => void fill(listSlot, load) });
  };
  void fill(listSlot, load);
}
