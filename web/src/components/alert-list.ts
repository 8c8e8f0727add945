// A table of alerts with their severity, area and an acknowledge action.
import type { Api } from '../api';
import { h } from '../dom';
import { formatDateTime, formatDetail } from '../format';
import { lang, t, type MessageKey } from '../i18n';
import type { Alert } from '../types';
import { errorBox, toast } from './feedback';

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
    const ack = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'ack' }, t('alerts.ack'));
    ack.addEventListener('click', async () => {
      ack.disabled = true;
      ack.setAttribute('aria-busy', 'true');
      errors.replaceChildren();
      try {
        await api.ackAlert(a.id);
        toast(t('alerts.acked'));
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
          h('th', null, t('alerts.col.time')),
          o.showModule ? h('th', null, t('alerts.col.module')) : null,
          h('th', null, t('alerts.col.severity')),
          h('th', null, t('alerts.col.title')),
          h('th', null, t('alerts.col.org')),
          h('th', null, t('alerts.col.status')),
          h('th', null))),
        h('tbody', null, rows))));
}
