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
  const photoSlot = h('div', { class: 'panel-body' });
  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'orgs-page' },
    h('header', { class: 'page-head row' }, h('h1', null, t('orgs.title')), count),
    h('section', { class: 'panel' }, slot),
    h('section', { class: 'panel', 'data-testid': 'photo-policy' },
      h('h2', { class: 'panel-title' }, t('orgs.photos.title')), photoSlot)));
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
          h('td', { class: 'strong nowrap', 'data-label': t('orgs.col.name') }, o.name),
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
  const reloadPhotos = () => void fill(photoSlot, () => photoPolicy(ctx, reloadPhotos));
  reloadPhotos();
}

interface PhotoPolicy { retention_days: number | null }

// How long the own organization keeps the face photos behind its templates (GET/PUT
// /api/v1/biometrics/photo-policy): the templates stay for identification; the photos, which
// officers compare side by side, are erased after the period. Admins change it.
async function photoPolicy(ctx: Ctx, done: () => void): Promise<Node> {
  const policy = await ctx.api.request<PhotoPolicy>('GET', '/api/v1/biometrics/photo-policy');
  const days = policy.retention_days;
  const text = days === null
    ? t('orgs.photos.keep')
    : t('orgs.photos.days', { count: days });
  return h('div', { class: 'row' },
    h('p', { 'data-testid': 'photo-policy-text' }, text),
    ctx.hasRole('admin')
      ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'photo-policy-edit', onclick: () => editPhotoPolicy(ctx, days, done) },
        t('orgs.photos.edit'))
      : null,
    h('p', { class: 'muted small' }, t('orgs.photos.hint')));
}

function editPhotoPolicy(ctx: Ctx, days: number | null, done: () => void): void {
  const d = dialogShell(t('orgs.photos.title'), 'photo-policy-dialog');
  const input = h('input', { id: 'photo-days', type: 'number', min: '1', max: '36500', step: '1', inputmode: 'numeric', value: days === null ? '' : String(days) });
  d.open(
    h('label', { for: 'photo-days' }, t('orgs.photos.daysLabel')), input,
    h('p', { class: 'muted small' }, t('orgs.photos.emptyKeeps')));
  d.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const raw = input.value.trim();
    void submitting(d.save, d.form, d.messages, async () => {
      await ctx.api.request('PUT', '/api/v1/biometrics/photo-policy', { retention_days: raw === '' ? null : Number(raw) });
      toast(t('orgs.photos.saved'));
      d.dialog.close();
      done();
    });
  });
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
