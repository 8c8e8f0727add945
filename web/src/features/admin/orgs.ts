// Organizations taking part in Istmo (GET /api/v1/orgs, readable by every user), and the own
// organization's default releasability: the partners its forms offer pre-ticked, so that
// releasing a record abroad is the organization's stated choice, never the form's (PATCH
// /api/v1/orgs/{id}, admins of the organization).
import { formatCountry, formatDate, formatNumber } from '../../lib/format';
import type { Org } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { dialogShell, submitting } from '../../ui/dialog';
import { MESSAGES, t, type MessageKey } from './messages';

export function adminOrgsView(ctx: Ctx): void {
  const slot = h('div', { class: 'panel-body' });
  const count = h('span', { class: 'muted' });
  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'orgs-page' },
    h('header', { class: 'page-head row' }, h('h1', null, t('orgs.title')), count),
    h('section', { class: 'panel' }, slot)));
  const load = async () => {
    const { items } = await ctx.api.orgs();
    count.textContent = t('orgs.count', { count: formatNumber(items.length, lang()) });
    if (items.length === 0) return empty(t('orgs.empty'));
    const sorted = [...items].sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', 'data-testid': 'orgs-table' },
      h('thead', null, h('tr', null,
        h('th', null, t('orgs.col.name')), h('th', null, t('orgs.col.fullName')),
        h('th', null, t('orgs.col.country')), h('th', null, t('orgs.col.kind')),
        h('th', null, t('orgs.col.defaultReleasability')), h('th', null, t('orgs.col.created')), h('th', null))),
      h('tbody', null, sorted.map((o) => {
        const own = o.id === ctx.session.user.org.id;
        return h('tr', { class: own ? 'own' : null, 'data-org': o.name },
          h('td', { class: 'strong', 'data-label': t('orgs.col.name') }, o.name),
          h('td', { 'data-label': t('orgs.col.fullName') }, o.full_name),
          h('td', { 'data-label': t('orgs.col.country') }, formatCountry(o.country, lang())),
          h('td', { 'data-label': t('orgs.col.kind') }, orgKind(o.kind)),
          h('td', { 'data-label': t('orgs.col.defaultReleasability'), 'data-testid': own ? 'own-default-releasability' : null },
            releasabilityText(o, items)),
          h('td', { class: 'nowrap', 'data-label': t('orgs.col.created') }, formatDate(o.created_at, lang())),
          h('td', { class: 'actions' }, own && ctx.hasRole('admin')
            ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'org-default-edit', onclick: () => editDefault(ctx, o, items, reload) },
              t('orgs.editDefault'))
            : null));
      }))));
  };
  const reload = () => void fill(slot, load);
  reload();
}

// The partners an organization releases to by default: releasability targets as records use
// them ("PAN", "USA" — a country's organizations —, "ALL", "org:<id>"); "own organization only"
// when none (a release abroad is then ticked record by record). An org the server said nothing
// about (an older server) shows a dash.
function releasabilityText(o: Org, all: Org[]): string {
  if (!Array.isArray(o.default_releasability)) return t('common.none');
  return o.default_releasability.length === 0
    ? t('orgs.defaultNone')
    : o.default_releasability.map((target) => targetLabel(target, all)).join(', ');
}

function targetLabel(target: string, all: Org[]): string {
  if (target === 'ALL') return t('orgs.targetAll');
  if (target.startsWith('org:')) return all.find((x) => x.id === target.slice(4))?.name ?? target;
  return formatCountry(target, lang());
}

// The same choice as the forms': the countries taking part, everyone, or one organization.
function editDefault(ctx: Ctx, own: Org, all: Org[], done: () => void): void {
  const d = dialogShell(t('orgs.defaultTitle', { org: own.name }), 'org-default-dialog');
  const current = new Set(own.default_releasability ?? []);
  const countries = [...new Set(all.map((o) => o.country.toUpperCase()))].sort();
  const targets = [...countries, 'ALL', ...all.filter((o) => o.id !== own.id).map((o) => `org:${o.id}`)];
  const boxes = targets.map((target) => ({
    target, box: h('input', { type: 'checkbox', value: target, checked: current.has(target), 'data-target': target.startsWith('org:') ? `org:${all.find((x) => `org:${x.id}` === target)?.name ?? ''}` : target }),
  }));
  d.open(
    h('p', { class: 'muted small' }, t('orgs.defaultHint')),
    h('fieldset', { class: 'roles' }, h('legend', null, t('orgs.col.defaultReleasability')),
      ...boxes.map(({ target, box }) => h('label', { class: 'check' }, box, targetLabel(target, all)))));
  d.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const chosen = boxes.filter(({ box }) => box.checked).map(({ target }) => target);
    void submitting(d.save, d.form, d.messages, async () => {
      await ctx.api.updateOrg(own.id, { default_releasability: chosen });
      toast(t('orgs.defaultSaved'));
      d.dialog.close();
      done();
    });
  });
}

// A known organization kind in the user's language; an unknown one as the server spells it.
function orgKind(kind: string): string {
  const key = `orgKind.${kind}`;
  return key in MESSAGES.es ? t(key as MessageKey) : kind.replace(/_/g, ' ');
}
