// A table of alerts with their severity, area, the record each is about, and what a user of
// the owning organization may do: acknowledge, assign, comment. Titles and facts are built in
// the reader's language from the alert's code and params (lib/alerts.ts); an alert of a code
// the app does not know shows the server's title and detail.
import { alertText } from '../lib/alerts';
import { formatDateTime, formatDetail } from '../lib/format';
import type { Alert, AlertComment, Role } from '../lib/types';
import type { Api } from '../shell/api';
import { h } from '../shell/dom';
import { empty, errorBox, fill, toast } from '../shell/feedback';
import { lang, t, type MessageKey } from '../shell/i18n';
import { submitting } from './dialog';

// Who reads the list: acting on an alert is for officers, supervisors and admins of the
// organization that owns it (the server refuses anyone else).
export interface AlertActor {
  userId: string;
  username: string;
  orgId: string;
  roles: readonly Role[];
}

export interface AlertListOptions {
  showModule: boolean;
  compact?: boolean;            // a list for a side panel instead of a full-width table
  orgNames?: Map<string, string>;   // organization id → short name
  actor?: AlertActor;           // enables assign and comments for the owner's users
  onChanged(): void;            // after an acknowledgement or an assignment succeeded
}

// Tells the shell (the sidebar's badge) and other listeners that alerts changed.
export function alertsChanged(): void {
  window.dispatchEvent(new CustomEvent('istmo:alerts-changed'));
}

const ACTING_ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];

function canAct(a: Alert, actor: AlertActor | undefined): boolean {
  return !!actor && a.owner_org === actor.orgId && actor.roles.some((r) => ACTING_ROLES.includes(r));
}

// Runs a button's action with the button busy; shows a failure in `errors`.
function busy(button: HTMLButtonElement, errors: HTMLElement, action: () => Promise<void>): Promise<void> {
  return submitting(button, button, errors, action);
}

export function alertTable(api: Api, alerts: Alert[], o: AlertListOptions): HTMLElement {
  const errors = h('div');
  const org = (id: string) => o.orgNames?.get(id) ?? id;
  const changed = () => {
    alertsChanged();
    o.onChanged();
  };
  const ackButton = (a: Alert) => {
    if (a.status !== 'open') return null;
    const ack = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'ack' }, t('alertList.ack'));
    ack.addEventListener('click', () => void busy(ack, errors, async () => {
      await api.ackAlert(a.id);
      toast(t('alertList.acked'));
      changed();
    }));
    return ack;
  };
  const text = (a: Alert) => {
    const known = alertText(a, (k, p) => t(k as MessageKey, p), lang());
    return known ?? { title: a.title, detail: formatDetail(a.detail), link: null };
  };
  // One element, so that a card's grid (label | value) keeps the title, facts and assignee together.
  const titleCell = (a: Alert) => {
    const v = text(a);
    return h('div', { class: 'alert-text' },
      v.link
        ? h('a', { class: 'alert-title', href: v.link, 'data-link': true, 'data-testid': 'alert-link' }, v.title)
        : h('div', { class: 'alert-title' }, v.title),
      v.detail ? h('div', { class: 'muted small', 'data-testid': 'alert-detail' }, v.detail) : null,
      a.assigned_to ? h('div', { class: 'small', 'data-testid': 'alert-assignee' }, t('alertList.assignee', { user: a.assigned_to.username })) : null,
      triageState(a));
  };
  if (o.compact) {
    return h('div', null, errors, h('ul', { class: 'alert-list', 'data-testid': 'alerts-list' }, alerts.map((a) =>
      h('li', { class: `alert-item sev-${a.severity}` },
        titleCell(a),
        h('div', { class: 'alert-meta' },
          h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}` as MessageKey)),
          h('span', null, formatDateTime(a.created_at, lang())),
          h('span', null, org(a.owner_org))),
        h('div', { class: 'actions' }, ackButton(a))))));
  }
  const users = o.actor?.roles.includes('admin') ? lazyUsers(api) : null;
  const rows = alerts.flatMap((a) => {
    const acting = canAct(a, o.actor);
    const more = h('tr', { class: 'alert-more', hidden: true }, h('td', { colspan: o.showModule ? 7 : 6 }));
    const toggle = h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': 'alert-comments', 'aria-expanded': 'false',
    }, t('alertList.comments'));
    toggle.addEventListener('click', () => {
      const open = more.hidden;
      more.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      if (open) {
        const cell = more.firstElementChild as HTMLElement;
        void fill(cell, () => commentsPanel(api, a, acting, (n) => { toggle.textContent = t('alertList.commentsCount', { count: n }); }));
      }
    });
    const row = h('tr', { class: `sev-row sev-${a.severity}`, 'data-alert': a.id },
      h('td', { class: 'nowrap', 'data-label': t('alertList.col.time') }, formatDateTime(a.created_at, lang())),
      o.showModule ? h('td', { 'data-label': t('alertList.col.module') }, t(`module.${a.module}` as MessageKey)) : null,
      h('td', { 'data-label': t('alertList.col.severity') }, h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}` as MessageKey))),
      h('td', { class: 'wrap', 'data-label': t('alertList.col.title') }, titleCell(a)),
      h('td', { 'data-label': t('alertList.col.org') }, org(a.owner_org)),
      h('td', { 'data-label': t('alertList.col.status') }, t(`status.${a.status}` as MessageKey)),
      h('td', { class: 'actions' },
        h('div', { class: 'alert-actions' },
          ackButton(a),
          acting && o.actor && a.status !== 'closed' ? assignControl(api, a, o.actor, users, errors, changed) : null,
          toggle)));
    return [row, more];
  });
  return h('div', null, errors,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data cards', 'data-testid': 'alerts-table' },
        h('thead', null, h('tr', null,
          h('th', null, t('alertList.col.time')),
          o.showModule ? h('th', null, t('alertList.col.module')) : null,
          h('th', null, t('alertList.col.severity')),
          h('th', null, t('alertList.col.title')),
          h('th', null, t('alertList.col.org')),
          h('th', null, t('alertList.col.status')),
          h('th', null))),
        h('tbody', null, rows))));
}

// The users of the admin's organization, fetched once per table, for the assign select.
function lazyUsers(api: Api): () => Promise<{ id: string; username: string }[]> {
  let p: Promise<{ id: string; username: string }[]> | null = null;
  return () => {
    p ??= api.users().then((r) => r.items.filter((u) => !u.disabled).sort((x, y) => x.username.localeCompare(y.username)));
    p.catch(() => { p = null; });
    return p;
  };
}

// "Assign to me" for everyone who may act; admins may also pick any user of the organization
// (only admins may list users, GET /api/v1/users).
function assignControl(api: Api, a: Alert, actor: AlertActor, users: (() => Promise<{ id: string; username: string }[]>) | null,
                       errors: HTMLElement, changed: () => void): HTMLElement {
  const assign = async (userId: string, username: string) => {
    await api.assignAlert(a.id, userId);
    toast(t('alertList.assigned', { user: username }));
    changed();
  };
  const me = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'alert-assign-me' }, t('alertList.assignMe'));
  me.addEventListener('click', () => void busy(me, errors, () => assign(actor.userId, actor.username)));
  const mine = a.assigned_to?.user_id === actor.userId;
  if (!users) return mine ? h('span') : me;
  const select = h('select', { class: 'small', 'data-testid': 'alert-assign', 'aria-label': t('alertList.assignTo') },
    h('option', { value: '' }, t('alertList.assignTo')));
  select.addEventListener('focus', () => {
    if (select.options.length > 1) return;
    void users().then((list) => {
      for (const u of list) select.appendChild(h('option', { value: u.id, selected: u.id === a.assigned_to?.user_id }, u.username));
    }).catch((e: unknown) => errors.replaceChildren(errorBox(e)));
  });
  select.addEventListener('change', () => {
    const opt = select.selectedOptions[0];
    if (!opt || !opt.value) return;
    select.disabled = true;
    errors.replaceChildren();
    assign(opt.value, opt.textContent ?? '').catch((e: unknown) => {
      errors.replaceChildren(errorBox(e));
      select.disabled = false;
    });
  });
  return h('span', { class: 'alert-assign' }, mine ? null : me, select);
}

// The comments on an alert, oldest first, and a form to add one for those who may act.
async function commentsPanel(api: Api, a: Alert, acting: boolean, counted: (n: number) => void): Promise<Node> {
  const { items } = await api.alertComments(a.id);
  counted(items.length);
  const list = h('ul', { class: 'comment-list', 'data-testid': 'alert-comment-list' }, items.map(commentItem));
  const box = h('div', { class: 'comments' },
    items.length === 0 ? empty(t('alertList.commentsEmpty')) : null, list);
  if (!acting) return box;
  const area = h('textarea', { rows: 2, maxlength: 2000, 'data-testid': 'alert-comment-text', placeholder: t('alertList.commentPlaceholder'), 'aria-label': t('alertList.comments') });
  const submit = h('button', { type: 'submit', class: 'btn btn-small btn-primary', 'data-testid': 'alert-comment-submit' }, t('alertList.commentSubmit'));
  const errors = h('div', { 'aria-live': 'assertive' });
  const form = h('form', { class: 'comment-form' }, area, h('div', { class: 'form-actions' }, submit), errors);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = area.value.trim();
    if (!body) {
      errors.replaceChildren(h('div', { class: 'field-error', role: 'alert' }, t('alertList.commentRequired')));
      return;
    }
    void busy(submit, errors, async () => {
      const k = await api.commentAlert(a.id, body);
      box.querySelector('.empty')?.remove();
      list.appendChild(commentItem(k));
      area.value = '';
      counted(list.children.length);
      toast(t('alertList.commentAdded'));
    });
  });
  box.appendChild(form);
  return box;
}

function commentItem(k: AlertComment): HTMLElement {
  return h('li', { class: 'comment' },
    h('div', { class: 'muted small' }, t('alertList.commentBy', { author: k.author, time: formatDateTime(k.created_at, lang()) })),
    h('div', { class: 'comment-body' }, k.body));
}

// How triage left an alert: dismissed (with the reason), escalated to a case (linked), snoozed
// until a time, raised again several times.
function triageState(a: Alert): HTMLElement | null {
  const parts: (Node | string)[] = [];
  if (a.resolution) parts.push(t(`resolution.${a.resolution}` as MessageKey));
  if (a.resolution_note) parts.push(`«${a.resolution_note}»`);
  if (a.case_id && a.module === 'maritime') {
    parts.push(h('a', { href: `/maritime/cases/${encodeURIComponent(a.case_id)}`, 'data-link': true, 'data-testid': 'alert-case' }, t('alertList.case')));
  }
  if (a.snoozed_until && Date.parse(a.snoozed_until) > Date.now()) parts.push(t('alertList.snoozedUntil', { time: formatDateTime(a.snoozed_until, lang()) }));
  if ((a.occurrences ?? 1) > 1) parts.push(t('alert.maritime.occurrences', { count: a.occurrences ?? 1 }));
  if (parts.length === 0) return null;
  const line = h('div', { class: 'small muted', 'data-testid': 'alert-state' });
  parts.forEach((p, i) => {
    if (i > 0) line.append(' · ');
    line.append(p);
  });
  return line;
}
