// The AIS feeds' health (/maritime/feeds, admins): each live feed's state, its last message and
// its age, messages per second, and its bad lines by kind (a bad line is counted and the feed
// goes on: it never stops ingest). Refreshed every few seconds. Admins add a TCP or UDP feed
// here and remove one added here (a feed from the configuration file stays: it is the file's).
import { formatDateTime, formatNumber } from '../../lib/format';
import type { FeedHealth, NewFeed } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { submitting } from '../../ui/dialog';
import { ageSeconds, formatAge } from './logic';
import { t, type MessageKey } from './messages';
import './feeds.css';

const REFRESH_MS = 3000;
// The decoder's kinds of bad line (ais::BadInputName), in the order an officer reads them.
const BAD_KINDS = ['checksum', 'orphan_fragment', 'format', 'armor', 'length', 'unknown_type'] as const;
const STATES = ['connecting', 'connected', 'backoff', 'listening', 'stopped'] as const;
// The server's rule for a feed's name (maritime/feeds.cc), checked before sending.
const NAME_RE = /^[a-z0-9_-]{1,32}$/;

export function feedsView(ctx: Ctx): void {
  const slot = h('div', { class: 'panel-body', 'data-testid': 'feeds-slot' });
  const updated = h('span', { class: 'muted small', 'data-testid': 'feeds-updated', 'aria-live': 'polite' });
  const notes = h('div');
  ctx.main.replaceChildren(h('section', { class: 'page feeds-page', 'data-testid': 'feeds-page' },
    h('p', null, h('a', { href: '/maritime', 'data-link': true }, `← ${t('area.maritime.title')}`)),
    h('header', { class: 'page-head' }, h('h1', null, t('mar.feeds.title')), h('p', { class: 'muted' }, t('mar.feeds.purpose'))),
    notes,
    h('section', { class: 'panel' }, h('div', { class: 'panel-title row' }, h('h2', null, t('mar.feeds.list')), updated), slot),
    addForm(ctx, () => names, () => void refresh())));

  let closed = false;
  let timer: number | undefined;
  let names: string[] = [];
  const refresh = async () => {
    window.clearTimeout(timer);
    try {
      const { items } = await ctx.api.feeds();
      if (closed) return;
      names = items.map((f) => f.name);
      notes.replaceChildren();
      const now = Date.now();
      slot.replaceChildren(items.length === 0 ? empty(t('mar.feeds.none')) : feedTable(items, now, (f) => void remove(f)));
      updated.textContent = t('mar.feeds.updated', { time: formatDateTime(new Date(now).toISOString(), lang()) });
    } catch (e) {
      if (closed) return;
      notes.replaceChildren(errorBox(e));
    }
    // One timer whatever the number of refreshes in flight (a manual one after a change).
    window.clearTimeout(timer);
    if (!closed) timer = window.setTimeout(() => void refresh(), REFRESH_MS);
  };
  const remove = async (f: FeedHealth) => {
    if (!window.confirm(t('mar.feeds.confirmRemove', { name: f.name }))) return;
    try {
      await ctx.api.removeFeed(f.name);
      toast(t('mar.feeds.removed', { name: f.name }));
      await refresh();
    } catch (e) {
      notes.replaceChildren(errorBox(e));
    }
  };
  ctx.onCleanup(() => {
    closed = true;
    window.clearTimeout(timer);
  });
  void refresh();
}

function feedTable(items: FeedHealth[], now: number, onRemove: (f: FeedHealth) => void): HTMLElement {
  const l = lang();
  const col = (key: MessageKey) => h('th', null, t(key));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', 'data-testid': 'feeds-list' },
    h('thead', null, h('tr', null, col('mar.feeds.col.feed'), col('mar.feeds.col.state'), col('mar.feeds.col.last'),
      col('mar.feeds.col.rate'), col('mar.feeds.col.messages'), col('mar.feeds.col.errors'), h('th', null, h('span', { class: 'sr-only' }, t('mar.aoi.col.actions'))))),
    h('tbody', null, [...items].sort((a, b) => a.name.localeCompare(b.name)).map((f) => {
      const age = ageSeconds(f.last_message_at, now);
      return h('tr', { 'data-feed': f.name },
        // One block per cell: on a phone a cell is a label beside its content.
        h('td', { 'data-label': t('mar.feeds.col.feed') }, h('div', null,
          h('strong', null, f.name), h('br'),
          h('span', { class: 'muted small mono' }, `${f.kind.toUpperCase()} ${f.host}:${f.port}`), h('br'),
          h('span', { class: 'muted small' }, t('mar.feeds.station', { station: f.station }), ' · ', t(f.origin === 'config' ? 'mar.feeds.origin.config' : 'mar.feeds.origin.api')))),
        h('td', { 'data-label': t('mar.feeds.col.state') }, h('div', null,
          h('span', { class: `feed-state feed-${f.state}`, 'data-testid': 'feed-state', 'data-state': f.state }, stateLabel(f.state)),
          f.reconnects > 0 ? h('div', { class: 'muted small' }, t('mar.feeds.reconnects', { count: f.reconnects })) : null,
          f.last_error ? h('div', { class: 'muted small' }, t('mar.feeds.lastError'), ' ', h('code', { class: 'wrap-anywhere' }, f.last_error)) : null)),
        h('td', { 'data-label': t('mar.feeds.col.last'), 'data-testid': 'feed-last' }, f.last_message_at
          ? h('div', null, formatDateTime(f.last_message_at, l), h('br'), h('span', { class: 'muted small' }, t('mar.f.ago', { age: formatAge(age, l) })))
          : h('span', { class: 'muted' }, t('mar.feeds.never'))),
        h('td', { 'data-label': t('mar.feeds.col.rate'), class: 'num', 'data-testid': 'feed-rate' }, formatNumber(f.messages_per_second, l, 1)),
        h('td', { 'data-label': t('mar.feeds.col.messages'), class: 'num', 'data-testid': 'feed-messages' }, h('div', null,
          formatNumber(f.counters.messages, l), h('br'), h('span', { class: 'muted small' }, t('mar.feeds.lines', { count: formatNumber(f.counters.lines, l) })))),
        h('td', { 'data-label': t('mar.feeds.col.errors'), 'data-testid': 'feed-errors', 'data-total': f.counters.bad_total + f.overlong_lines }, errorList(f)),
        h('td', { class: 'actions' }, f.origin === 'api'
          ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'feed-remove', onclick: () => onRemove(f) }, t('mar.feeds.remove'))
          : null));
    }))));
}

// Every kind is listed, zeros included, so that a healthy feed reads as checked, not as unknown.
function errorList(f: FeedHealth): HTMLElement {
  const l = lang();
  const rows: [string, string, number][] = [
    ...BAD_KINDS.map((k): [string, string, number] => [k, t(`mar.feeds.bad.${k}` as MessageKey), f.counters.bad[k] ?? 0]),
    ['overlong', t('mar.feeds.bad.overlong'), f.overlong_lines],
    ...(f.kind === 'tcp' ? [
      ['resolve', t('mar.feeds.bad.resolve'), f.resolve_errors ?? 0] as [string, string, number],
      ['connect', t('mar.feeds.bad.connect'), f.connect_errors ?? 0] as [string, string, number],
    ] : []),
  ];
  return h('dl', { class: 'feed-errors' }, rows.flatMap(([k, label, n]) => [
    h('dt', null, label), h('dd', { 'data-kind': k, class: n > 0 ? 'bad' : null }, formatNumber(n, l))]));
}

function stateLabel(state: string): string {
  return (STATES as readonly string[]).includes(state) ? t(`mar.feeds.state.${state}` as MessageKey) : state;
}

// `taken()`: the names of the feeds listed, refused before sending.
function addForm(ctx: Ctx, taken: () => string[], onAdded: () => void): HTMLElement {
  const field = (id: string, label: MessageKey, input: HTMLElement, hint?: MessageKey) => h('div', { class: 'field' },
    h('label', { for: id }, t(label)), input, hint ? h('p', { class: 'muted small hint' }, t(hint)) : null);
  const name = h('input', { id: 'feed-name', required: true, maxlength: 32, autocomplete: 'off', 'data-testid': 'feed-name' });
  const kind = h('select', { id: 'feed-kind', 'data-testid': 'feed-kind' },
    h('option', { value: 'tcp' }, t('mar.feeds.kind.tcp')), h('option', { value: 'udp' }, t('mar.feeds.kind.udp')));
  const host = h('input', { id: 'feed-host', required: true, maxlength: 253, autocomplete: 'off', 'data-testid': 'feed-host' });
  const port = h('input', { id: 'feed-port', type: 'number', min: 1, max: 65535, required: true, 'data-testid': 'feed-port' });
  const station = h('input', { id: 'feed-station', maxlength: 32, autocomplete: 'off', 'data-testid': 'feed-station' });
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'feed-add' }, t('mar.feeds.add'));
  const form = h('form', { class: 'feed-form', 'data-testid': 'feed-form', novalidate: true },
    field('feed-name', 'mar.feeds.field.name', name, 'mar.feeds.field.nameHint'),
    field('feed-kind', 'mar.feeds.field.kind', kind),
    field('feed-host', 'mar.feeds.field.host', host, 'mar.feeds.field.hostHint'),
    field('feed-port', 'mar.feeds.field.port', port),
    field('feed-station', 'mar.feeds.field.station', station, 'mar.feeds.field.stationHint'),
    h('div', { class: 'feed-form-actions' }, save),
    messages);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = name.value.trim();
    const p = Number(port.value);
    const problem = !NAME_RE.test(n) ? 'mar.feeds.field.nameHint'
      : taken().includes(n) ? 'mar.feeds.field.nameTaken'
      : host.value.trim() === '' ? 'mar.feeds.field.hostRequired'
      : !Number.isInteger(p) || p < 1 || p > 65535 ? 'mar.feeds.field.portRange' : null;
    if (problem) {
      messages.replaceChildren(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'feed-form-error' }, t(problem)));
      return;
    }
    const feed: NewFeed = { name: n, kind: kind.value === 'udp' ? 'udp' : 'tcp', host: host.value.trim(), port: p };
    if (station.value.trim()) feed.station = station.value.trim();
    void submitting(save, form, messages, async () => {
      await ctx.api.addFeed(feed);
      toast(t('mar.feeds.added', { name: n }));
      form.reset();
      onAdded();
    });
  });
  return h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, h('h2', null, t('mar.feeds.addTitle'))), h('div', { class: 'panel-body' }, form));
}
