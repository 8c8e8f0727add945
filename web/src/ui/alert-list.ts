// A table of alerts with their severity, area and an acknowledge action.
import { formatDateTime, formatDetail } from '../lib/format';
import type { Alert } from '../lib/types';
import type { Api } from '../shell/api';
import { h } from '../shell/dom';
import { errorBox, toast } from '../shell/feedback';
import { lang, t, type MessageKey } from '../shell/i18n';

export interface AlertListOptions {
  showModule: boolean;
  compact?: boolean;            // a list for a side panel instead of a full-width table
  orgNames?: Map<string, string>;   // organization id → short name
  onChanged(): void;            // after an acknowledgement succeeded
}

export function alertTable(api: Api, alerts: Alert[], o: AlertListOptions): HTMLElement {
  const errors = h('div');
  const org = (id: string) => o.orgNames?.get(id) ?? id;
  const ackButton = (a: Alert) => {
    if (a.status !== 'open') return null;
    const ack = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'ack' }, t('alertList.ack'));
    ack.addEventListener('click', async () => {
      ack.disabled = true;
      ack.setAttribute('aria-busy', 'true');
      errors.replaceChildren();
      try {
        await api.ackAlert(a.id);
        toast(t('alertList.acked'));
        o.onChanged();
      } catch (e) {
        errors.replaceChildren(errorBox(e));
        ack.disabled = false;
        ack.removeAttribute('aria-busy');
      }
    });
    return ack;
  };
  if (o.compact) {
    return h('div', null, errors, h('ul', { class: 'alert-list', 'data-testid': 'alerts-list' }, alerts.map((a) =>
      h('li', { class: `alert-item sev-${a.severity}` },
        h('div', { class: 'alert-title' }, a.title),
        formatDetail(a.detail) ? h('div', { class: 'muted small' }, formatDetail(a.detail)) : null,
        h('div', { class: 'alert-meta' },
          h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}` as MessageKey)),
          h('span', null, formatDateTime(a.created_at, lang())),
          h('span', null, org(a.owner_org))),
        h('div', { class: 'actions' }, ackButton(a))))));
  }
  const rows = alerts.map((a) => {
    return h('tr', { class: `sev-row sev-${a.severity}` },
      h('td', { class: 'nowrap' }, formatDateTime(a.created_at, lang())),
      o.showModule ? h('td', null, t(`module.${a.module}` as MessageKey)) : null,
      h('td', null, h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}` as MessageKey))),
      h('td', null, h('div', { class: 'alert-title' }, a.title), formatDetail(a.detail) ? h('div', { class: 'muted small' }, formatDetail(a.detail)) : null),
      h('td', null, org(a.owner_org)),
      h('td', null, t(`status.${a.status}` as MessageKey)),
      h('td', { class: 'actions' }, ackButton(a)));
  });
  return h('div', null, errors,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data', 'data-testid': 'alerts-table' },
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
