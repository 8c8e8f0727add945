// The audit log of the user's organization, newest first, paged by sequence number, and the
// hash-chain verification (GET /api/v1/audit, /api/v1/audit/verify).
import { formatDateTime, formatDetail, formatNumber, shortHash } from '../../lib/format';
import { countValues } from '../../lib/stats';
import type { AuditEntry } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, loading } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { mountCountChart, type ChartHandle } from '../../ui/chart';
import { t } from './messages';

const PAGE = 50;

export function adminAuditView(ctx: Ctx): void {
  const tbody = h('tbody');
  const footer = h('div', { class: 'table-foot' });
  const status = h('div', { class: 'verify-status', 'aria-live': 'polite', 'data-testid': 'verify-status' });
  const count = h('span', { class: 'muted' });
  let shown = 0;
  const actions: string[] = [];
  const chartSlot = h('div', { class: 'panel-body' });
  const chartPanel = h('section', { class: 'panel', hidden: true },
    h('h2', { class: 'panel-title' }, t('audit.actions')), chartSlot);
  let chart: ChartHandle | null = null;
  ctx.onCleanup(() => chart?.destroy());
  let nextBefore: number | null | undefined;

  const verify = ctx.hasRole('admin') ? h('button', { type: 'button', class: 'btn', 'data-testid': 'audit-verify' }, t('audit.verify')) : null;
  verify?.addEventListener('click', async () => {
    verify.disabled = true;
    status.replaceChildren(loading(t('audit.verifying')));
    try {
      const r = await ctx.api.verifyAudit();
      const entries = formatNumber(r.entries, lang());
      status.replaceChildren(r.ok
        ? h('div', { class: 'ok-box' }, t('audit.verifyOk', { count: entries }))
        : h('div', { class: 'error-box', role: 'alert' }, t('audit.verifyBad', { seq: String(r.first_bad_seq ?? '?'), count: entries })));
    } catch (e) {
      status.replaceChildren(errorBox(e));
    } finally {
      verify.disabled = false;
    }
  });

  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'audit-page' },
    h('header', { class: 'page-head row' },
      h('div', null, h('h1', null, t('audit.title')), h('p', { class: 'lead' }, t('audit.subtitle'))),
      h('div', { class: 'toolbar' }, count, verify)),
    status,
    chartPanel,
    h('section', { class: 'panel' },
      h('div', { class: 'table-wrap' }, h('table', { class: 'data audit', 'data-testid': 'audit-table' },
        h('thead', null, h('tr', null,
          h('th', { class: 'num' }, t('audit.col.seq')), h('th', null, t('audit.col.at')),
          h('th', null, t('audit.col.actor')), h('th', null, t('audit.col.action')),
          h('th', null, t('audit.col.object')), h('th', null, t('audit.col.detail')),
          h('th', null, t('audit.col.hash')))),
        tbody)),
      footer)));

  let orgNames = new Map<string, string>();
  const row = (e: AuditEntry) => h('tr', null,
    h('td', { class: 'num mono' }, String(e.seq)),
    h('td', { class: 'nowrap' }, formatDateTime(e.at, lang())),
    h('td', null, h('span', { class: 'mono' }, e.actor), e.actor_org ? h('span', { class: 'muted small' }, ` · ${orgNames.get(e.actor_org) ?? e.actor_org}`) : null),
    h('td', null, h('span', { class: 'chip' }, e.action)),
    h('td', { class: 'small' }, e.object_type, e.object_id ? h('span', { class: 'mono muted' }, ` ${e.object_id}`) : null),
    h('td', { class: 'small detail' }, formatDetail(e.detail)),
    h('td', { class: 'mono small nowrap', title: e.hash }, shortHash(e.hash)));

  const more = async () => {
    footer.replaceChildren(loading());
    try {
      const [page, names] = await Promise.all([
        ctx.api.audit(PAGE, nextBefore),
        ctx.api.orgNames().catch(() => orgNames),
      ]);
      orgNames = names;
      tbody.append(...page.items.map(row));
      shown += page.items.length;
      actions.push(...page.items.map((e) => e.action));
      if (actions.length > 0) {
        const counts = countValues(actions);
        chartPanel.hidden = false;
        chart?.destroy();
        chart = mountCountChart(chartSlot, counts.map(([a]) => a), counts.map(([, n]) => n));
      }
      nextBefore = page.next_before_seq;
      count.textContent = t('audit.shown', { count: formatNumber(shown, lang()) });
      if (shown === 0) {
        footer.replaceChildren(empty(t('audit.empty')));
      } else if (nextBefore === null || nextBefore === undefined) {
        footer.replaceChildren(h('div', { class: 'muted small' }, t('audit.end')));
      } else {
        footer.replaceChildren(h('button', { type: 'button', class: 'btn', 'data-testid': 'audit-more', onclick: () => void more() }, t('audit.more')));
      }
    } catch (e) {
      footer.replaceChildren(errorBox(e, () => void more()));
    }
  };
  void more();
}
