// The alerts feed of every area, by status, with the breakdown by area and severity.
import { formatNumber } from '../../lib/format';
import { countByModule } from '../../lib/stats';
import { ALERT_STATUSES, MODULES, SEVERITIES, type AlertStatus } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { alertTable } from '../../ui/alert-list';
import { mountSeverityChart } from '../../ui/chart';
import { t, type MessageKey } from './messages';

export function alertsView(ctx: Ctx): void {
  let status: AlertStatus = 'open';
  const chartSlot = h('div', { class: 'panel-body' });
  const listSlot = h('div', { class: 'panel-body' });
  const count = h('span', { class: 'muted' });
  const chartTitle = h('h2', { class: 'panel-title' });
  // Hidden while there is nothing to chart: the list's own empty state says so once.
  const chartPanel = h('section', { class: 'panel', 'data-testid': 'alerts-chart', hidden: true }, chartTitle, chartSlot);
  const select = h('select', { id: 'alert-status', 'data-testid': 'alert-status' },
    ...ALERT_STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(`status.${s}` as MessageKey))));
  select.addEventListener('change', () => {
    status = select.value as AlertStatus;
    void fill(listSlot, load);
  });

  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'alerts-page' },
    h('header', { class: 'page-head row' },
      h('h1', null, t('alerts.title')),
      h('div', { class: 'toolbar' }, h('label', { for: 'alert-status' }, t('alerts.filter.status')), select, count)),
    chartPanel,
    h('section', { class: 'panel' }, listSlot)));
  const me = ctx.session.user;
  const actor = { userId: me.id, username: me.username, orgId: me.org.id, roles: me.roles };
  // A registration elsewhere in the app that raised an alert: show it here too.
  const onChanged = () => void fill(listSlot, load);
  window.addEventListener('istmo:alerts-changed', onChanged);
  ctx.onCleanup(() => window.removeEventListener('istmo:alerts-changed', onChanged));

  let chartHandle: { destroy(): void } | null = null;
  ctx.onCleanup(() => chartHandle?.destroy());

  const load = async () => {
    chartTitle.textContent = t('alerts.chartTitle', { status: t(`status.${status}` as MessageKey) });
    const [{ items }, orgNames] = await Promise.all([
      ctx.api.alerts(status, 50),
      ctx.api.orgNames().catch(() => new Map<string, string>()),
    ]);
    count.textContent = t('alerts.count', { count: formatNumber(items.length, lang()) });
    chartHandle?.destroy();
    chartHandle = null;
    chartPanel.hidden = items.length === 0;
    if (items.length === 0) {
      chartSlot.replaceChildren();
      return empty(t('alerts.empty'));
    }
    const by = countByModule(items);
    const mods = MODULES.filter((m) => SEVERITIES.some((s) => by[m][s] > 0));
    const host = h('div');
    chartSlot.replaceChildren(host);
    chartHandle = mountSeverityChart(host, {
      categories: mods.map((m) => t(`module.${m}` as MessageKey)),
      series: { info: mods.map((m) => by[m].info), warning: mods.map((m) => by[m].warning), critical: mods.map((m) => by[m].critical) },
    });
    // The table's own changes announce themselves (istmo:alerts-changed), which reloads this list.
    return alertTable(ctx.api, items, { showModule: true, orgNames, actor, onChanged: () => undefined });
  };
  void fill(listSlot, load);
}
