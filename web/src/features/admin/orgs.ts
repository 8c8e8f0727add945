// Organizations taking part in Istmo (GET /api/v1/orgs, readable by every user).
import { formatCountry, formatDate, formatNumber } from '../../lib/format';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { MESSAGES, t, type MessageKey } from './messages';

export function adminOrgsView(ctx: Ctx): void {
  const slot = h('div', { class: 'panel-body' });
  const count = h('span', { class: 'muted' });
  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'orgs-page' },
    h('header', { class: 'page-head row' }, h('h1', null, t('orgs.title')), count),
    h('section', { class: 'panel' }, slot)));
  void fill(slot, async () => {
    const { items } = await ctx.api.orgs();
    count.textContent = t('orgs.count', { count: formatNumber(items.length, lang()) });
    if (items.length === 0) return empty(t('orgs.empty'));
    const sorted = [...items].sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'orgs-table' },
      h('thead', null, h('tr', null,
        h('th', null, t('orgs.col.name')), h('th', null, t('orgs.col.fullName')),
        h('th', null, t('orgs.col.country')), h('th', null, t('orgs.col.kind')), h('th', null, t('orgs.col.created')))),
      h('tbody', null, sorted.map((o) => h('tr', { class: o.id === ctx.session.user.org.id ? 'own' : null },
        h('td', { class: 'strong' }, o.name),
        h('td', null, o.full_name),
        h('td', null, formatCountry(o.country, lang())),
        h('td', null, orgKind(o.kind)),
        h('td', { class: 'nowrap' }, formatDate(o.created_at, lang())))))));
  });
}

// A known organization kind in the user's language; an unknown one as the server spells it.
function orgKind(kind: string): string {
  const key = `orgKind.${kind}`;
  return key in MESSAGES.es ? t(key as MessageKey) : kind.replace(/_/g, ' ');
}
