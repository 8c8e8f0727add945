// Users of the administrator's own organization: list, create, change roles, disable, reset
// password (GET/POST /api/v1/users, PATCH /api/v1/users/{id}).
import { formatDate, formatNumber } from '../../lib/format';
import { ROLES, type AdminUser, type PasswordPolicy, type Role, type Station } from '../../lib/types';
import type { Api } from '../../shell/api';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { t, type MessageKey } from './messages';

export function adminUsersView(ctx: Ctx): void {
  const slot = h('div', { class: 'panel-body' });
  const count = h('span', { class: 'muted' });
  const org = ctx.session.user.org.name;
  const reload = () => void fill(slot, load);
  ctx.main.replaceChildren(h('section', { class: 'page', 'data-testid': 'users-page' },
    h('header', { class: 'page-head row' },
      h('h1', null, t('users.title', { org })), count,
      h('div', { class: 'toolbar' }, h('button', {
        type: 'button', class: 'btn btn-primary', 'data-testid': 'user-new',
        onclick: () => openEditor(ctx, null, reload),
      }, t('users.new')))),
    h('section', { class: 'panel' }, slot)));

  const load = async () => {
    const [{ items }, stations] = await Promise.all([ctx.api.users(), stationNames(ctx.api)]);
    count.textContent = t('users.count', { count: formatNumber(items.length, lang()) });
    if (items.length === 0) return empty(t('users.empty'));
    const sorted = [...items].sort((a, b) => a.username.localeCompare(b.username));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', 'data-testid': 'users-table' },
      h('thead', null, h('tr', null,
        h('th', null, t('users.col.username')), h('th', null, t('users.col.displayName')),
        h('th', null, t('users.col.roles')), h('th', null, t('users.col.station')), h('th', null, t('users.col.status')),
        h('th', null, t('users.col.created')), h('th', null))),
      h('tbody', null, sorted.map((u) => h('tr', { class: u.disabled ? 'disabled' : null },
        h('td', { class: 'mono', 'data-label': t('users.col.username') }, u.username),
        h('td', { 'data-label': t('users.col.displayName') }, u.display_name),
        h('td', { 'data-label': t('users.col.roles') }, u.roles.map((r) => h('span', { class: `chip role-${r}` }, t(`role.${r}` as MessageKey)))),
        h('td', { 'data-label': t('users.col.station') }, u.home_station ? (stations.get(u.home_station) ?? u.home_station) : t('common.none')),
        h('td', { 'data-label': t('users.col.status') }, h('span', { class: u.disabled ? 'state off' : 'state on' }, t(u.disabled ? 'users.disabled' : 'users.active'))),
        h('td', { class: 'nowrap', 'data-label': t('users.col.created') }, formatDate(u.created_at, lang())),
        h('td', { class: 'actions' }, h('button', {
          type: 'button', class: 'btn btn-small', onclick: () => openEditor(ctx, u, reload),
        }, t('users.edit'))))))));
  };
  reload();
}

// The password rule the server enforces, asked once per page load; the documented rule when
// the server does not say (an older server).
const FALLBACK_POLICY: PasswordPolicy = { min_length: 10, rejects_common: true };
let policyCache: Promise<PasswordPolicy> | null = null;
function passwordPolicy(api: Api): Promise<PasswordPolicy> {
  policyCache ??= api.passwordPolicy()
    .then((p) => (typeof p?.min_length === 'number' ? p : FALLBACK_POLICY))
    .catch(() => FALLBACK_POLICY);
  return policyCache;
}

function ruleText(p: PasswordPolicy): string {
  return t(p.rejects_common === false ? 'users.passwordRule' : 'users.passwordRuleCommon', { min: p.min_length });
}

// The reception stations a user may be assigned to: the Migration API's list, else the
// stations map layer (the same ids).
async function stations(api: Api): Promise<Station[]> {
  try {
    return (await api.stations()).items;
  } catch {
    const layer = await api.geoLayer('stations');
    return layer.features.map((f) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      return { id: String(p.id ?? ''), name: String(p.name ?? p.id ?? ''), lon: 0, lat: 0 };
    }).filter((s) => s.id !== '');
  }
}

async function stationNames(api: Api): Promise<Map<string, string>> {
  try {
    return new Map((await stations(api)).map((s) => [s.id, s.name]));
  } catch {
    return new Map();
  }
}

// A modal form to create a user (user === null) or edit one.
function openEditor(ctx: Ctx, user: AdminUser | null, done: () => void): void {
  const isNew = user === null;
  const username = h('input', { id: 'u-username', required: true, autocomplete: 'off', spellcheck: 'false', value: user?.username ?? '', disabled: !isNew });
  const displayName = h('input', { id: 'u-display', required: true, value: user?.display_name ?? '' });
  const password = h('input', { id: 'u-password', type: 'password', autocomplete: 'new-password', required: isNew, 'aria-describedby': 'u-password-rule' });
  // The rule is shown before anyone types, from the server's policy.
  const rule = h('div', { class: 'muted small hint', id: 'u-password-rule', 'data-testid': 'password-rule' }, ruleText(FALLBACK_POLICY));
  let policy = FALLBACK_POLICY;
  void passwordPolicy(ctx.api).then((p) => {
    policy = p;
    rule.textContent = ruleText(p);
  });
  const homeStation = h('select', { id: 'u-home_station', 'data-testid': 'user-home-station' },
    h('option', { value: '' }, t('users.noStation')));
  void stations(ctx.api).then((list) => {
    for (const st of list) homeStation.appendChild(h('option', { value: st.id, selected: st.id === user?.home_station }, st.name));
    // A station the list no longer has is kept, so saving does not drop it silently.
    if (user?.home_station && !list.some((st) => st.id === user.home_station)) {
      homeStation.appendChild(h('option', { value: user.home_station, selected: true }, user.home_station));
    }
  }).catch(() => undefined);
  const roleBoxes = ROLES.map((r) => ({ r, box: h('input', { type: 'checkbox', id: `u-role-${r}`, value: r, checked: user?.roles.includes(r) ?? r === 'officer' }) }));
  const disabled = h('input', { type: 'checkbox', id: 'u-disabled', checked: user?.disabled ?? false });
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, t('users.save'));
  const dialog = h('dialog', { class: 'dialog', 'data-testid': 'user-dialog' });
  const form = h('form', { class: 'form-grid', method: 'dialog' },
    h('h2', null, isNew ? t('users.newTitle', { org: ctx.session.user.org.name }) : t('users.editTitle', { username: user.username })),
    h('label', { for: 'u-username' }, t('users.field.username')), username,
    h('label', { for: 'u-display' }, t('users.field.displayName')), displayName,
    h('label', { for: 'u-password' }, t(isNew ? 'users.field.password' : 'users.field.newPassword')), password, rule,
    h('label', { for: 'u-home_station' }, t('users.field.homeStation')), homeStation,
    h('div', { class: 'muted small hint' }, t('users.homeStationHint')),
    h('fieldset', { class: 'roles' }, h('legend', null, t('users.field.roles')),
      ...roleBoxes.map(({ r, box }) => h('label', { class: 'check' }, box, t(`role.${r}` as MessageKey)))),
    isNew ? null : h('label', { class: 'check' }, disabled, t('users.field.disabled')),
    messages,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, t('users.cancel')),
      save));
  dialog.appendChild(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.appendChild(dialog);
  dialog.showModal();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const roles = roleBoxes.filter(({ box }) => box.checked).map(({ r }) => r as Role);
    if (roles.length === 0) {
      messages.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, t('users.rolesRequired')));
      return;
    }
    if ((isNew || password.value) && password.value.length < policy.min_length) {
      messages.replaceChildren(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'password-short' },
        t('users.passwordShort', { min: policy.min_length })));
      password.focus();
      return;
    }
    const station = homeStation.value || null;
    save.disabled = true;
    form.setAttribute('aria-busy', 'true');
    messages.replaceChildren();
    try {
      if (isNew) {
        const u = await ctx.api.createUser({
          username: username.value.trim(), display_name: displayName.value.trim(), password: password.value, roles,
          ...(station ? { home_station: station } : {}),
        });
        toast(t('users.created', { username: u.username }));
      } else {
        const patch: { display_name?: string; roles?: Role[]; disabled?: boolean; password?: string; home_station?: string | null } = {};
        if (station !== (user.home_station ?? null)) patch.home_station = station;
        if (displayName.value.trim() !== user.display_name) patch.display_name = displayName.value.trim();
        if (roles.join() !== user.roles.join()) patch.roles = roles;
        if (disabled.checked !== user.disabled) patch.disabled = disabled.checked;
        if (password.value) patch.password = password.value;
        const u = await ctx.api.updateUser(user.id, patch);
        toast(t('users.saved', { username: u.username }));
      }
      dialog.close();
      done();
    } catch (e) {
      messages.replaceChildren(errorBox(e));
    } finally {
      save.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}
