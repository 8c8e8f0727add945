// A party's and a port's history over the lines the user may see (GET /canal/history/parties/{id},
// /canal/history/ports/{locode}): lines, inspections, positives, kg seized by drug and the last
// positive; for a party also the spellings it was written with (GET /canal/parties/{id}).
import { formatDateTime } from '../../lib/format';
import type { CanalHistory } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { t } from './messages';
import { canalPage, kpi, label, num, panel, pct, table, td } from './ui';

function figures(x: CanalHistory): HTMLElement {
  const l = lang();
  const rate = x.inspections > 0 ? pct(x.positives / x.inspections) : '—';
  const kg = Object.entries(x.kg_by_drug).filter(([, v]) => (v ?? 0) > 0).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  return h('div', null,
    h('div', { class: 'kpis', 'data-testid': 'history-figures' },
      kpi(t('canal.history.lines'), num(x.lines), 'hist-lines'),
      kpi(t('canal.history.inspections'), num(x.inspections), 'hist-inspections'),
      kpi(t('canal.history.positives'), num(x.positives), 'hist-positives', t('canal.history.rate', { rate })),
      kpi(t('canal.history.lastPositive'), x.last_positive ? formatDateTime(x.last_positive.completed_at, l) : '—', 'hist-last')),
    x.last_positive ? h('p', { 'data-testid': 'hist-last-positive' }, t('canal.history.lastPositiveWas'), ' ',
      h('a', { href: `/canal/inspections/${encodeURIComponent(x.last_positive.inspection_id)}`, 'data-link': true, class: 'mono' }, x.last_positive.container_number)) : null,
    panel(t('canal.history.kg'), 'history-kg', kg.length === 0 ? empty(t('canal.history.noSeizures'))
      : h('ul', { class: 'plain' }, kg.map(([type, v]) => h('li', null, `${label(`canal.drug.${type}`)}: ${t('canal.kg', { kg: num(v ?? 0, 1) })}`)))));
}

export function partyView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('containers', 'canal-party', t('canal.history.party'), null, null, body));
  void fill(body, async () => {
    const [x, party] = await Promise.all([ctx.api.partyHistory(id), ctx.api.canalParty(id).catch(() => null)]);
    const first = party?.spellings[0]?.name;
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading && first) heading.textContent = first;
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    return h('div', null, figures(x),
      party ? panel(t('canal.history.spellings'), 'party-spellings', table('spellings', [c('name'), c('address'), c('lines')],
        party.spellings.map((s) => h('tr', null, td(c('name'), s.name, 'wrap'), td(c('address'), s.address || '—', 'wrap'), td(c('lines'), num(s.lines), 'num'))))) : null,
      party && party.containers.length > 0 ? panel(t('canal.history.containers'), 'party-containers',
        h('ul', { class: 'plain inline-list' }, party.containers.slice(0, 200).map((n) => h('li', null,
          h('a', { href: `/canal/containers/${encodeURIComponent(n)}`, 'data-link': true, class: 'mono' }, n))))) : null);
  });
}

export function portView(ctx: Ctx, locode: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('containers', 'canal-port', t('canal.history.port', { locode }), null, null, body));
  void fill(body, async () => figures(await ctx.api.portHistory(locode)));
}
