// The canal's landing page (/canal) for officers, analysts and supervisors: transits of the next
// 7 days, containers scored and their lanes over 30 days, the inspection queue by unit, the
// inspections done with their hit rate by rules and at random and the lift, seizures by drug and
// the rules with the best yield (GET /canal/dashboard). Everyone else (admins see nothing of the
// canal) gets the area page: purpose, map and the area's alerts.
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { areaPage } from '../../ui/area-page';
import { mountCountChart, mountShareChart, type ChartHandle } from '../../ui/chart';
import { mayReadCanal } from './logic';
import { t } from './messages';
import { actorOf, canalPage, kpi, label, lift, num, panel, pct, rateText, table, td } from './ui';

export function canalView(ctx: Ctx): void {
  if (!mayReadCanal(actorOf(ctx))) {
    areaPage(ctx, {
      module: 'canal',
      title: t('area.canal.title'),
      purpose: t('area.canal.purpose'),
      // Central Panama, from Colón to Panama City and the Pacific approaches.
      map: { layers: ['panama_land'], view: [-80.5, 8.5, -79.1, 9.6] },
      alertChart: 'module',
      records: { title: t('panel.records'), placeholder: t('area.canal.records') },
    });
    return;
  }
  const body = h('div', { 'data-testid': 'canal-dashboard' });
  ctx.main.replaceChildren(canalPage('dashboard', 'area-canal', t('area.canal.title'), t('area.canal.purpose'), null, body));
  let charts: ChartHandle[] = [];
  ctx.onCleanup(() => charts.forEach((c) => c.destroy()));
  void fill(body, async () => {
    charts.forEach((c) => c.destroy());
    charts = [];
    const d = await ctx.api.canalDashboard();
    const lanes = d.lanes_30d;
    const i = d.inspections_30d;
    const kpis = h('div', { class: 'kpis' },
      kpi(t('canal.dash.transits'), num(d.transits_next_7_days), 'kpi-transits'),
      kpi(t('canal.dash.scored'), num(d.containers_scored_30d), 'kpi-scored',
        t('canal.dash.lanesLine', { red: num(lanes.red), yellow: num(lanes.yellow), random: num(lanes.random) })),
      kpi(t('canal.dash.queue'), num(d.queue.queued + d.queue.assigned), 'kpi-queue',
        t('canal.dash.queueLine', { queued: num(d.queue.queued), assigned: num(d.queue.assigned) })),
      kpi(t('canal.dash.done'), num(i.done), 'kpi-done', t('canal.dash.positives', { count: i.positives })),
      kpi(t('canal.dash.lift'), lift(i.lift), 'kpi-lift',
        t('canal.dash.hitRates', { rules: i.hit_rate_rules === null ? '—' : pct(i.hit_rate_rules), random: i.hit_rate_random === null ? '—' : pct(i.hit_rate_random) })));
    const laneHost = h('div');
    const seizureHost = h('div');
    const units = d.queue.by_unit;
    // Queued inspections wait for a unit; assigned ones are each unit's.
    const byUnit = units.length === 0 && d.queue.queued === 0 ? empty(t('canal.dash.queueEmpty')) : table('dash-units',
      [t('canal.col.unit'), t('canal.col.open')],
      [h('tr', null, td(t('canal.col.unit'), t('canal.insp.noUnit')), td(t('canal.col.open'), num(d.queue.queued), 'num')),
        ...units.map((u) => h('tr', { 'data-unit': u.unit_id },
          td(t('canal.col.unit'), u.name),
          td(t('canal.col.open'), num(u.assigned), 'num')))]);
    const top = d.top_rules.length === 0 ? empty(t('canal.dash.noYield')) : table('dash-top-rules',
      [t('canal.col.rule'), t('canal.col.inspected'), t('canal.col.positives'), t('canal.col.hitRate'), t('canal.col.lift')],
      d.top_rules.map((r) => h('tr', null,
        td(t('canal.col.rule'), h('a', { href: `/canal/rules/${encodeURIComponent(r.rule_id)}`, 'data-link': true }, r.name)),
        td(t('canal.col.inspected'), num(r.inspected), 'num'),
        td(t('canal.col.positives'), num(r.positives), 'num'),
        td(t('canal.col.hitRate'), rateText(r), 'num'),
        td(t('canal.col.lift'), lift(r.lift), 'num'))));
    const out = h('div', null, kpis,
      h('div', { class: 'canal-grid' },
        panel(t('canal.dash.lanes'), 'dash-lanes', lanes.red + lanes.yellow + lanes.green === 0 ? empty(t('canal.dash.noScores')) : laneHost),
        panel(t('canal.dash.seizures'), 'dash-seizures', d.seizures_30d.length === 0 ? empty(t('canal.dash.noSeizures')) : seizureHost),
        panel(t('canal.dash.byUnit'), 'dash-queue', byUnit)),
      panel(t('canal.dash.topRules'), 'dash-rules', top));
    if (lanes.red + lanes.yellow + lanes.green > 0) {
      charts.push(mountShareChart(laneHost, [
        { name: label('canal.lane.red'), value: lanes.red, color: '#b03a2e' },
        { name: label('canal.lane.yellow'), value: lanes.yellow, color: '#d4ac0d' },
        { name: label('canal.lane.green'), value: lanes.green, color: '#1e8449' },
      ]));
    }
    if (d.seizures_30d.length > 0) {
      const s = [...d.seizures_30d].sort((a, b) => b.kg - a.kg);
      charts.push(mountCountChart(seizureHost, s.map((x) => label(`canal.drug.${x.type}`)), s.map((x) => x.kg), t('canal.kg.unit')));
    }
    return out;
  });
}
