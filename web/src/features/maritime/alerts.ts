// Maritime alerts: the list with its filters (kind, severity, status, snoozed; kept in the page's
// address) and a map of where each alert's vessel was, and an alert's page with its evidence on
// the map (both tracks of an encounter in two colours, the two ends of a gap with the time between
// them, a go-fast's speed over time), the detection's thresholds and zone, the vessel, and the
// triage actions the user's role and organization allow: acknowledge, assign and comment (the
// shared alert table), dismiss with a reason, snooze, escalate to a new case, suppress the vessel.
import { alertText } from '../../lib/alerts';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { DETECTION_KINDS, SEVERITIES, type Alert, type Detection } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { alertsChanged, alertTable } from '../../ui/alert-list';
import { mountSpeedChart } from '../../ui/chart';
import { dialogShell, submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { mountMap } from '../../ui/map';
import { releasabilityField } from '../../ui/releasability';
import { initialReleasability } from '../../lib/releasability';
import { orgSelect } from './cases';
import { t, type MessageKey } from './messages';
import { maritimePage, SEA_LAYERS, SEA_VIEW, vesselLabel, vesselLink } from './tabs';
import {
  alertFiltersQuery, alertPosition, drawableEvidence, evidenceFeatures, isSnoozed, maritimeDetail, readAlertFilters, reasonProblem,
  SNOOZE_MINUTES, SUPPRESS_DAYS, TRACK_COLOURS, GAP_COLOUR, triageRights, type AlertFilters, type MaritimeAlertDetail,
} from './triage-logic';

const SEV_COLOURS = { info: '#4a78a8', warning: '#d68910', critical: '#b03a2e' } as const;

// A detection kind in the reader's language (shell catalog detection.<kind>); an unknown kind by
// its own name.
export function kindLabel(kind: string): string {
  const key = `detection.${kind}` as MessageKey;
  const s = t(key);
  return s === key ? kind : s;
}

function titleOf(a: Alert): string {
  return alertText(a, (k, p) => t(k as MessageKey, p), lang())?.title ?? a.title;
}

// ---- The list ------------------------------------------------------------------------------

export function maritimeAlertsView(ctx: Ctx): void {
  let filters: AlertFilters = readAlertFilters(location.search);
  const listSlot = h('div', { class: 'panel-body' });
  const count = h('span', { class: 'muted', 'data-testid': 'mar-alerts-count' });
  const mapHost = h('div', { class: 'evidence-map', 'data-testid': 'mar-alerts-map' });
  const unplaced = h('p', { class: 'muted small map-caption', 'data-testid': 'mar-alerts-unplaced' });

  const select = (id: string, label: MessageKey, value: string, options: [string, string][], change: (v: string) => void) => {
    const el = h('select', { id, 'data-testid': id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    el.addEventListener('change', () => change(el.value));
    return h('div', { class: 'field' }, h('label', { for: id }, t(label)), el);
  };
  const apply = (patch: Partial<AlertFilters>) => {
    filters = { ...filters, ...patch };
    const q = alertFiltersQuery(filters);
    history.replaceState(null, '', `/maritime/alerts${q ? `?${q}` : ''}`);
    void fill(listSlot, load);
  };
  const toolbar = h('div', { class: 'filters field-row', 'data-testid': 'mar-alert-filters' },
    select('mar-f-kind', 'mar.alerts.f.kind', filters.kind, [['', t('mar.alerts.f.any')], ...DETECTION_KINDS.map((k): [string, string] => [k, kindLabel(k)])], (v) => apply({ kind: v })),
    select('mar-f-severity', 'mar.alerts.f.severity', filters.severity, [['', t('mar.alerts.f.any')], ...SEVERITIES.map((s): [string, string] => [s, t(`severity.${s}` as MessageKey)])], (v) => apply({ severity: v })),
    select('mar-f-status', 'mar.alerts.f.status', filters.status, [['open', t('status.open')], ['acknowledged', t('status.acknowledged')], ['closed', t('status.closed')], ['', t('mar.alerts.f.any')]], (v) => apply({ status: v })),
    select('mar-f-snoozed', 'mar.alerts.f.snoozed', filters.snoozed, [['exclude', t('mar.alerts.snoozed.exclude')], ['include', t('mar.alerts.snoozed.include')], ['only', t('mar.alerts.snoozed.only')]], (v) => apply({ snoozed: v as AlertFilters['snoozed'] })));

  ctx.main.replaceChildren(maritimePage('alerts', 'mar-alerts-page', t('mar.alerts.title'), t('mar.alerts.lead'), null,
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, toolbar)),
    h('section', { class: 'panel' }, h('div', { class: 'panel-title row' }, h('h2', null, t('mar.alerts.map')), count), mapHost, unplaced),
    h('section', { class: 'panel' }, listSlot)));

  const map = mountMap(mapHost, ctx.api, { layers: SEA_LAYERS, view: SEA_VIEW, onNavigate: (href) => ctx.navigate(href) });
  ctx.onCleanup(() => map.destroy());
  const me = ctx.session.user;
  const actor = { userId: me.id, username: me.username, orgId: me.org.id, roles: me.roles };
  const onChanged = () => void fill(listSlot, load);
  window.addEventListener('istmo:alerts-changed', onChanged);
  ctx.onCleanup(() => window.removeEventListener('istmo:alerts-changed', onChanged));

  const load = async (): Promise<Node> => {
    const [{ items }, orgNames] = await Promise.all([
      ctx.api.alertsWhere({ module: 'maritime', status: filters.status as Alert['status'] | '', kind: filters.kind, severity: filters.severity as Alert['severity'] | '', snoozed: filters.snoozed, limit: 200 }),
      ctx.api.orgNames().catch(() => new Map<string, string>()),
    ]);
    count.textContent = t('mar.alerts.count', { count: items.length });
    const placed = items.map((a) => ({ a, at: alertPosition(a) }));
    map.setOverlay({
      type: 'FeatureCollection',
      features: placed.flatMap(({ a, at }) => at ? [{
        type: 'Feature' as const,
        properties: { fill: SEV_COLOURS[a.severity], stroke: '#ffffff', radius: 7, label: titleOf(a), href: `/maritime/alerts/${encodeURIComponent(a.id)}`, testid: 'alert-point' },
        geometry: { type: 'Point' as const, coordinates: at },
      }] : []),
    }, items.length > 0, 8);
    const missing = placed.filter((p) => !p.at).length;
    unplaced.textContent = missing > 0 ? t('mar.alerts.unplaced', { count: missing }) : '';
    if (items.length === 0) return empty(t('mar.alerts.empty'));
    return alertTable(ctx.api, items, { showModule: false, orgNames, actor, onChanged: () => undefined });
  };
  void fill(listSlot, load);
}

// ---- One alert -----------------------------------------------------------------------------

export function maritimeAlertView(ctx: Ctx, id: string): void {
  const body = h('div', { 'data-testid': 'mar-alert-body' });
  ctx.main.replaceChildren(maritimePage('alerts', 'mar-alert-page', t('mar.alert.title'), null, null, body));
  const handles: { destroy(): void }[] = [];
  ctx.onCleanup(() => handles.forEach((x) => x.destroy()));
  const reload = () => {
    alertsChanged();
    ctx.navigate(location.pathname);
  };
  void fill(body, async () => {
    const [a, orgNames] = await Promise.all([ctx.api.alert(id), ctx.api.orgNames().catch(() => new Map<string, string>())]);
    const d = maritimeDetail(a);
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = titleOf(a);
    const me = ctx.session.user;
    const actor = { userId: me.id, username: me.username, orgId: me.org.id, roles: me.roles };
    const rights = triageRights(a, actor);
    const mapHost = h('div', { class: 'evidence-map', 'data-testid': 'evidence-map' });
    const speedHost = h('div', { 'data-testid': 'speed-profile' });
    const out = h('div', { class: 'alert-page' },
      stateLine(a, orgNames),
      h('div', { class: 'alert-grid' },
        h('section', { class: 'panel evidence-panel' },
          h('div', { class: 'panel-title' }, t('mar.alert.evidence')),
          mapHost,
          evidenceLegend(d)),
        h('div', { class: 'alert-side' },
          triagePanel(ctx, a, d, rights, reload),
          h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.alert.vessel')), h('div', { class: 'panel-body' }, vesselFacts(d))),
          h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.alert.detection')), h('div', { class: 'panel-body' }, detectionFacts(a, d))))),
      d.detection?.kind === 'go_fast'
        ? h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.alert.speed')), h('div', { class: 'panel-body' }, speedHost))
        : null,
      h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.alert.work')),
        alertTable(ctx.api, [a], { showModule: false, orgNames, actor, onChanged: reload })));
    const drawable = d.detection ? drawableEvidence(d.detection) : null;
    const names = new Map<number, string>();
    if (d.mmsi !== null) names.set(d.mmsi, d.name);
    if (d.partner !== null) names.set(d.partner, d.partnerName);
    const l = lang();
    const fc = drawable ? evidenceFeatures(drawable, {
      vessel: (mmsi) => vesselLabel(mmsi, names.get(mmsi)),
      gapFrom: drawable.gap ? t('mar.alert.gapFrom', { time: formatDateTime(drawable.gap.from.t, l) }) : '',
      gapTo: drawable.gap?.to ? t('mar.alert.gapTo', { time: formatDateTime(drawable.gap.to.t, l) }) : '',
      gap: (hours) => t('mar.alert.gapHours', { hours: formatNumber(hours, l, 1) }),
    }) : null;
    handles.push(mountMap(mapHost, ctx.api, {
      layers: SEA_LAYERS, view: SEA_VIEW, overlay: fc ?? undefined, fitOverlay: true,
    }));
    mapHost.setAttribute('data-tracks', String(drawable?.tracks.length ?? 0));
    if (drawable && drawable.speed.length > 0) {
      const threshold = d.detection?.thresholds?.min_speed_kn;
      handles.push(mountSpeedChart(speedHost, {
        points: drawable.speed.map((p) => [p.t, p.sog]),
        name: t('mar.alert.speedSeries'),
        threshold: threshold !== undefined ? { value: threshold, name: t('mar.alert.speedThreshold', { value: formatNumber(threshold, l, 1) }) } : undefined,
        time: (ms) => formatDateTime(ms, l),
      }));
      speedHost.setAttribute('data-points', String(drawable.speed.length));
    } else if (d.detection?.kind === 'go_fast') {
      speedHost.replaceChildren(empty(t('mar.alert.noSpeed')));
    }
    return out;
  });
}

// Status, resolution, snooze and times in one line under the title.
function stateLine(a: Alert, orgNames: Map<string, string>): HTMLElement {
  const l = lang();
  const parts: (Node | string)[] = [
    h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}` as MessageKey)),
    h('span', { 'data-testid': 'alert-status', 'data-status': a.status }, t(`status.${a.status}` as MessageKey)),
  ];
  if (a.resolution) parts.push(h('span', { 'data-testid': 'alert-resolution', 'data-resolution': a.resolution }, t(`resolution.${a.resolution}` as MessageKey)));
  if (a.case_id) parts.push(h('a', { href: `/maritime/cases/${encodeURIComponent(a.case_id)}`, 'data-link': true, 'data-testid': 'alert-case-link' }, t('mar.alert.case')));
  if (isSnoozed(a, Date.now())) parts.push(h('span', { 'data-testid': 'alert-snoozed' }, t('alertList.snoozedUntil', { time: formatDateTime(a.snoozed_until ?? '', l) })));
  parts.push(h('span', { class: 'muted' }, t('mar.alert.raised', { time: formatDateTime(a.created_at, l) })));
  if (a.updated_at && a.updated_at !== a.created_at) parts.push(h('span', { class: 'muted' }, t('mar.alert.updated', { time: formatDateTime(a.updated_at, l) })));
  if ((a.occurrences ?? 1) > 1) parts.push(h('span', { class: 'muted', 'data-testid': 'alert-occurrences' }, t('alert.maritime.occurrences', { count: a.occurrences ?? 1 })));
  parts.push(h('span', { class: 'muted' }, orgNames.get(a.owner_org) ?? a.owner_org));
  return h('div', { class: 'alert-state' }, ...parts,
    a.resolution_note ? h('p', { class: 'resolution-note', 'data-testid': 'alert-resolution-note' }, t('mar.alert.note', { note: a.resolution_note })) : null);
}

function evidenceLegend(d: MaritimeAlertDetail): HTMLElement {
  const rows: HTMLElement[] = [];
  const swatch = (colour: string, dashed = false) => h('span', { class: `track-swatch${dashed ? ' dashed' : ''}`, style: `border-color:${colour}` });
  if (d.mmsi !== null) rows.push(h('li', null, swatch(TRACK_COLOURS.subject), vesselLabel(d.mmsi, d.name)));
  if (d.partner !== null) rows.push(h('li', { 'data-testid': 'legend-partner' }, swatch(TRACK_COLOURS.partner), vesselLabel(d.partner, d.partnerName)));
  if (d.detection?.kind === 'gap') rows.push(h('li', null, swatch(GAP_COLOUR, true), t('mar.alert.gapLegend')));
  if (!d.detection || (d.detection.evidence ?? []).length === 0) rows.push(h('li', { class: 'muted' }, t('mar.alert.noEvidence')));
  return h('ul', { class: 'evidence-legend', 'data-testid': 'evidence-legend' }, rows);
}

function fact(label: string, value: Node | string | null | undefined): HTMLElement[] {
  return value === null || value === undefined || value === '' ? [] : [h('dt', null, label), h('dd', null, value)];
}

function vesselFacts(d: MaritimeAlertDetail): HTMLElement {
  return h('dl', { class: 'facts', 'data-testid': 'alert-vessel' },
    ...fact(t('mar.f.mmsi'), d.mmsi !== null ? vesselLink(d.mmsi, d.name) : null),
    ...fact(t('mar.f.flag'), d.flag),
    ...fact(t('mar.f.shipType'), d.shipType !== null ? String(d.shipType) : null),
    ...fact(t('mar.alert.partner'), d.partner !== null ? vesselLink(d.partner, d.partnerName) : null),
    ...identityFacts(d));
}

// Identity-change and watchlist alerts carry their own fields beside the vessel: what changed,
// from what to what; the watchlist, why the vessel is on it and what matched.
function identityFacts(d: MaritimeAlertDetail): HTMLElement[] {
  const changes = d.detection?.note?.changes ?? [];
  const matched = d.matchedBy ? t(`mar.match.${d.matchedBy}` as MessageKey) : '';
  return [
    ...fact(t('mar.alert.change'), changes.length > 0
      ? h('ul', { class: 'plain', 'data-testid': 'alert-changes' }, changes.map((c) =>
        h('li', null, t('mar.history.change', { field: fieldName(c.field), old: c.old || '—', new: c.new || '—' }))))
      : null),
    ...fact(t('mar.alert.watchlist'), d.watchlist),
    ...fact(t('mar.alert.matchedBy'), matched.startsWith('mar.match.') ? d.matchedBy : matched),
    ...fact(t('mar.alert.reason'), d.reason),
  ];
}

function fieldName(field: string): string {
  const key = `mar.field.${field}` as MessageKey;
  const s = t(key);
  return s === key ? field : s;
}

// What `measured` means for each kind (docs/maritime.md, "Behaviour detectors").
const MEASURED: Record<string, MessageKey> = {
  gap: 'mar.measured.gap', encounter: 'mar.measured.share', rendezvous: 'mar.measured.share', loitering: 'mar.measured.avgSpeed',
  go_fast: 'mar.measured.topSpeed', implied_speed: 'mar.measured.impliedSpeed',
};

// The measured value in its unit: hours, a share of reports, knots; a count for the others.
function measuredText(det: Detection, l: ReturnType<typeof lang>): string {
  const key = MEASURED[det.kind];
  if (!key) return formatNumber(det.measured, l, Number.isInteger(det.measured) ? 0 : 2);
  const value = key === 'mar.measured.share' ? formatPercent(det.measured, l, 0) : formatNumber(det.measured, l, 1);
  return t(key, { value });
}

function detectionFacts(a: Alert, d: MaritimeAlertDetail): HTMLElement {
  const det: Detection | null = d.detection;
  const l = lang();
  const thresholds = Object.entries(det?.thresholds ?? {});
  return h('div', null,
    h('dl', { class: 'facts', 'data-testid': 'alert-detection' },
      ...fact(t('mar.alert.kind'), kindLabel(det?.kind ?? a.kind)),
      ...fact(t('mar.alert.start'), det?.start ? formatDateTime(det.start, l) : null),
      ...fact(t('mar.alert.end'), det?.end ? (det.open ? t('mar.alert.stillOpen', { time: formatDateTime(det.end, l) }) : formatDateTime(det.end, l)) : null),
      ...fact(t('mar.alert.measured'), det && Number.isFinite(det.measured) ? measuredText(det, l) : null),
      ...fact(t('mar.alert.intentional'), det?.kind === 'gap' ? (det.intentional ? t('mar.alert.intentionalYes') : t('mar.alert.intentionalNo')) : null),
      ...fact(t('mar.alert.zone'), h('span', { 'data-testid': 'alert-zone' }, d.zone || t('mar.alert.zoneDefault')))),
    thresholds.length > 0
      ? h('div', { class: 'thresholds' },
        h('h3', null, t('mar.alert.thresholds')),
        h('dl', { class: 'facts', 'data-testid': 'alert-thresholds' }, thresholds.flatMap(([name, value]) => [
          h('dt', { 'data-threshold': name }, thresholdLabel(name)),
          h('dd', { class: 'num' }, formatNumber(value, l, Number.isInteger(value) ? 0 : 2))])))
      : null);
}

export function thresholdLabel(name: string): string {
  const key = `mar.th.${name}` as MessageKey;
  const s = t(key);
  return s === key ? name : s;
}

// ---- Triage --------------------------------------------------------------------------------

function triagePanel(ctx: Ctx, a: Alert, d: MaritimeAlertDetail, rights: ReturnType<typeof triageRights>, reload: () => void): HTMLElement {
  const errors = h('div', { 'aria-live': 'assertive' });
  const actions = h('div', { class: 'triage-actions' });
  const button = (testid: string, label: MessageKey, primary = false) =>
    h('button', { type: 'button', class: `btn btn-small${primary ? ' btn-primary' : ''}`, 'data-testid': testid }, t(label));
  if (rights.close) {
    const escalate = button('alert-escalate', 'mar.triage.escalate', true);
    escalate.addEventListener('click', () => escalateDialog(ctx, a, d));
    const dismiss = button('alert-dismiss', 'mar.triage.dismiss');
    dismiss.addEventListener('click', () => dismissDialog(ctx, a, reload));
    actions.append(escalate, dismiss);
  }
  if (rights.act) {
    if (isSnoozed(a, Date.now())) {
      const lift = button('alert-unsnooze', 'mar.triage.unsnooze');
      lift.addEventListener('click', () => void submitting(lift, actions, errors, async () => {
        await ctx.api.unsnoozeAlert(a.id);
        toast(t('mar.triage.unsnoozed'));
        reload();
      }));
      actions.append(lift);
    } else {
      const minutes = h('select', { 'data-testid': 'alert-snooze-minutes', 'aria-label': t('mar.triage.snoozeFor') },
        SNOOZE_MINUTES.map((m) => h('option', { value: m }, durationLabel(m))));
      const snooze = button('alert-snooze', 'mar.triage.snooze');
      snooze.addEventListener('click', () => void submitting(snooze, actions, errors, async () => {
        await ctx.api.snoozeAlert(a.id, Number(minutes.value));
        toast(t('mar.triage.snoozed'));
        reload();
      }));
      actions.append(h('span', { class: 'snooze' }, minutes, snooze));
    }
  }
  if (rights.suppress && d.mmsi !== null) {
    const suppress = button('alert-suppress', 'mar.triage.suppress');
    suppress.addEventListener('click', () => suppressDialog(ctx, a, d, reload));
    actions.append(suppress);
  }
  const none = actions.childElementCount === 0;
  return h('section', { class: 'panel', 'data-testid': 'triage-panel' },
    h('div', { class: 'panel-title' }, t('mar.triage')),
    h('div', { class: 'panel-body' },
      none ? h('p', { class: 'muted', 'data-testid': 'triage-readonly' }, a.status === 'closed' ? t('mar.triage.closed') : t('mar.triage.readonly')) : actions,
      errors));
}

// "1 h", "12 h", "1 día", "7 días".
export function durationLabel(minutes: number): string {
  return minutes % 1440 === 0 ? t('mar.dur.days', { count: minutes / 1440 }) : t('mar.dur.hours', { count: minutes / 60 });
}

function dismissDialog(ctx: Ctx, a: Alert, reload: () => void): void {
  const dlg = dialogShell(t('mar.triage.dismissTitle'), 'dismiss-dialog');
  const fields = formFields('dismiss');
  const reason = h('textarea', { id: 'dismiss-reason', rows: 3, maxlength: 500, 'data-testid': 'dismiss-reason' });
  dlg.save.textContent = t('mar.triage.dismiss');
  dlg.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const problem = reasonProblem(reason.value);
    if (problem) {
      fields.setError('reason', t(problem === 'required' ? 'mar.triage.reasonRequired' : 'mar.triage.reasonTooLong'));
      fields.focus('reason');
      return;
    }
    void submitting(dlg.save, dlg.form, dlg.messages, async () => {
      try {
        await ctx.api.dismissAlert(a.id, reason.value.trim());
      } catch (e) {
        fields.showApiError(e, dlg.messages);
        return;
      }
      dlg.dialog.close();
      toast(t('mar.triage.dismissed'));
      reload();
    });
  });
  dlg.open(h('p', { class: 'muted small' }, t('mar.triage.dismissHint')), fields.field('reason', t('mar.triage.reason'), reason));
}

function suppressDialog(ctx: Ctx, a: Alert, d: MaritimeAlertDetail, reload: () => void): void {
  const dlg = dialogShell(t('mar.triage.suppressTitle', { vessel: vesselLabel(d.mmsi ?? 0, d.name) }), 'suppress-dialog');
  const fields = formFields('suppress');
  const reason = h('textarea', { id: 'suppress-reason', rows: 2, maxlength: 500, 'data-testid': 'suppress-reason' });
  const scope = h('select', { id: 'suppress-kind', 'data-testid': 'suppress-kind' },
    h('option', { value: a.kind }, t('mar.triage.suppressKind', { kind: kindLabel(a.kind) })),
    h('option', { value: '' }, t('mar.triage.suppressAll')));
  const days = h('select', { id: 'suppress-days', 'data-testid': 'suppress-days' },
    SUPPRESS_DAYS.map((n) => h('option', { value: n }, n === 0 ? t('mar.triage.untilLifted') : t('mar.dur.days', { count: n }))));
  dlg.save.textContent = t('mar.triage.suppress');
  dlg.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    if (reasonProblem(reason.value)) {
      fields.setError('reason', t('mar.triage.reasonRequired'));
      return;
    }
    void submitting(dlg.save, dlg.form, dlg.messages, async () => {
      const n = Number(days.value);
      try {
        await ctx.api.suppressAlerts({
          module: 'maritime', subject: a.subject ?? `mmsi:${d.mmsi}`, reason: reason.value.trim(),
          ...(scope.value ? { kind: scope.value } : {}), ...(n > 0 ? { days: n } : {}),
        });
      } catch (e) {
        fields.showApiError(e, dlg.messages);
        return;
      }
      dlg.dialog.close();
      toast(t('mar.triage.suppressed'));
      reload();
    });
  });
  dlg.open(h('p', { class: 'muted small' }, t('mar.triage.suppressHint')),
    fields.field('kind', t('mar.triage.suppressScope'), scope),
    fields.field('days', t('mar.triage.suppressDays'), days),
    fields.field('reason', t('mar.triage.reason'), reason));
}

// A new case from this alert: the API escalates the alert in the same transaction.
function escalateDialog(ctx: Ctx, a: Alert, d: MaritimeAlertDetail): void {
  const dlg = dialogShell(t('mar.triage.escalateTitle'), 'escalate-dialog');
  const fields = formFields('escalate');
  const title = h('input', { id: 'escalate-title', maxlength: 200, value: titleOf(a), 'data-testid': 'escalate-title' });
  const summary = h('textarea', { id: 'escalate-summary', rows: 3, 'data-testid': 'escalate-summary' });
  const org = orgSelect(ctx, 'escalate-org');
  const init = initialReleasability(ctx.session.user.org_default_releasability);
  const rel = releasabilityField('escalate-rel', init.checked, init.fromOrg);
  dlg.save.textContent = t('mar.triage.escalate');
  dlg.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    if (!title.value.trim()) {
      fields.setError('title', t('mar.case.titleRequired'));
      return;
    }
    void submitting(dlg.save, dlg.form, dlg.messages, async () => {
      let created;
      try {
        created = await ctx.api.openMaritimeCase({
          title: title.value.trim(), alert_ids: [a.id], releasability: rel.value(),
          ...(d.mmsi !== null ? { mmsis: d.partner !== null ? [d.mmsi, d.partner] : [d.mmsi] } : {}),
          ...(summary.value.trim() ? { summary: summary.value.trim() } : {}),
          ...(org?.value ? { org_id: org.value } : {}),
        });
      } catch (e) {
        fields.showApiError(e, dlg.messages);
        return;
      }
      dlg.dialog.close();
      toast(t('mar.case.opened', { number: created.number }));
      alertsChanged();
      ctx.navigate(`/maritime/cases/${encodeURIComponent(created.id)}`);
    });
  });
  dlg.open(fields.field('title', t('mar.case.f.title'), title),
    org ? fields.field('org_id', t('mar.case.f.org'), org, t('mar.case.f.orgHint')) : null,
    fields.field('summary', t('mar.case.f.summary'), summary),
    rel.el);
}
