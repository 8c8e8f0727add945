// Upcoming transits (GET /canal/transits?upcoming=true): by date and slot, the vessel, direction,
// lock set, last and next port, the vessel's behaviour over 30 days as badges and the risk of
// its containers. A transit's page: the vessel's behaviour in full (lists, and a map of the events
// that have a position) and its containers by score.
import { formatCountry, formatDate, formatDateTime } from '../../lib/format';
import type { Transit, TransitDetail, VesselBehaviour } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { mountMap } from '../../ui/map';
import { t } from './messages';
import { behaviourEl, canalPage, containerLink, label, laneBadge, num, panel, portLink, table, td } from './ui';

function riskCell(x: Transit): Node | string {
  const r = x.risk;
  if (!r || r.containers === 0) return h('span', { class: 'muted' }, t('canal.transit.noContainers'));
  return h('span', { 'data-testid': 'transit-risk' },
    r.max_score === null ? t('canal.transit.notScored', { count: r.containers }) : t('canal.transit.risk', { max: num(r.max_score), count: r.containers }),
    r.red > 0 ? h('span', { class: 'lane lane-red' }, t('canal.transit.red', { count: r.red })) : null,
    r.yellow > 0 ? h('span', { class: 'lane lane-yellow' }, t('canal.transit.yellow', { count: r.yellow })) : null);
}

function vesselCell(x: Transit): (Node | null)[] {
  const v = x.vessel;
  return [
    h('a', { href: `/canal/transits/${encodeURIComponent(x.id)}`, 'data-link': true, 'data-testid': 'transit-link' }, x.vessel_name),
    h('div', { class: 'muted small mono' }, `IMO ${x.vessel_imo}${v?.mmsi ?? x.mmsi ? ` · MMSI ${v?.mmsi ?? x.mmsi}` : ''}`),
    v?.flag ? h('div', { class: 'muted small' }, formatCountry(v.flag, lang())) : null,
  ];
}

export function transitsView(ctx: Ctx): void {
  const slot = h('div', { class: 'panel-body' });
  ctx.main.replaceChildren(canalPage('transits', 'canal-transits', t('canal.transits.title'), t('canal.transits.lead'), null,
    h('section', { class: 'panel' }, slot)));
  void fill(slot, async () => {
    const { items } = await ctx.api.transits({ upcoming: true, limit: 500 });
    if (items.length === 0) return empty(t('canal.transits.empty'));
    const l = lang();
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    return table('transits-table', [c('date'), c('slot'), c('vessel'), c('direction'), c('lockSet'), c('route'), c('behaviour'), c('risk')],
      items.map((x) => h('tr', { 'data-transit': x.id, 'data-imo': x.vessel_imo },
        td(c('date'), formatDate(`${x.transit_date}T12:00:00Z`, l), 'nowrap'),
        td(c('slot'), x.slot, 'mono'),
        td(c('vessel'), vesselCell(x)),
        td(c('direction'), label(`canal.direction.${x.direction}`)),
        td(c('lockSet'), label(`canal.lockSet.${x.lock_set}`)),
        td(c('route'), [portLink(x.last_port), ' → ', portLink(x.next_port)], 'nowrap'),
        td(c('behaviour'), behaviourEl(x.vessel?.behaviour)),
        td(c('risk'), riskCell(x)))));
  });
}

// The events of the behaviour that have a position, for the map.
function behaviourFeatures(b: VesselBehaviour): GeoJSON.FeatureCollection {
  const l = lang();
  const features: GeoJSON.Feature[] = [];
  const point = (lat: number | null, lon: number | null, fill: string, text: string, kind: string) => {
    if (typeof lat !== 'number' || typeof lon !== 'number') return;
    features.push({ type: 'Feature', properties: { fill, stroke: '#ffffff', radius: 6, label: text, testid: `event-${kind}` }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  };
  for (const g of b.gaps) point(g.lat, g.lon, '#566573', t('canal.event.gap', { hours: num(g.hours, 1), time: formatDateTime(g.start, l) }), 'gap');
  for (const e of b.encounters) point(e.lat, e.lon, '#b03a2e', t('canal.event.encounter', { partner: e.partner_name ?? e.partner_mmsi, time: formatDateTime(e.start, l) }), 'encounter');
  for (const x of b.loitering) point(x.lat, x.lon, '#d68910', t('canal.event.loitering', { hours: num(x.hours, 1), time: formatDateTime(x.start, l) }), 'loitering');
  return { type: 'FeatureCollection', features };
}

function behaviourPanels(ctx: Ctx, b: VesselBehaviour | null, handles: { destroy(): void }[]): Node[] {
  if (!b) return [panel(t('canal.transit.behaviour'), 'transit-behaviour', empty(t('canal.behaviour.unknown')))];
  const l = lang();
  const when = (s: string, e: string) => `${formatDateTime(s, l)} – ${formatDateTime(e, l)}`;
  const list = (testid: string, items: Node[]) => items.length === 0 ? h('p', { class: 'muted' }, t('canal.behaviour.none')) : h('ul', { class: 'event-list', 'data-testid': testid }, items);
  const fc = behaviourFeatures(b);
  const out: Node[] = [];
  if (fc.features.length > 0) {
    const host = h('div', { class: 'canal-map', 'data-testid': 'behaviour-map', 'data-points': fc.features.length });
    const map = mountMap(host, ctx.api, { layers: ['panama_eez', 'panama_territorial_sea', 'panama_land'], view: [-83.3, 5.5, -77.0, 10.1] });
    // Fitted to the events, but never closer than a regional view: one event alone is a point.
    map.setOverlay(fc, true, 8);
    handles.push(map);
    out.push(h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('canal.transit.map')), host));
  }
  out.push(h('div', { class: 'canal-grid' },
    panel(t('canal.behaviour.gapsTitle'), 'beh-gaps', list('gaps', b.gaps.map((g) => h('li', null, when(g.start, g.end), ' · ',
      t('canal.behaviour.hours', { hours: num(g.hours, 1) }), g.intentional ? h('span', { class: 'chip beh-critical' }, t('canal.behaviour.intentional')) : null)))),
    panel(t('canal.behaviour.encountersTitle'), 'beh-encounters', list('encounters', b.encounters.map((e) => h('li', null, when(e.start, e.end), ' · ',
      h('a', { href: `/maritime?mmsi=${encodeURIComponent(e.partner_mmsi)}`, 'data-link': true }, e.partner_name ? `${e.partner_name} (${e.partner_mmsi})` : e.partner_mmsi))))),
    panel(t('canal.behaviour.loiteringTitle'), 'beh-loitering', list('loitering', b.loitering.map((x) => h('li', null, when(x.start, x.end), ' · ', t('canal.behaviour.hours', { hours: num(x.hours, 1) }))))),
    panel(t('canal.behaviour.portCallsTitle'), 'beh-ports', list('port-calls', b.port_calls.map((p) => h('li', { class: p.source_country ? 'source-call' : null },
      portLink(p.locode), p.name ? ` ${p.name}` : '', p.country ? ` (${formatCountry(p.country, l)})` : '',
      p.arrived ? ` · ${formatDateTime(p.arrived, l)}` : '',
      p.source_country ? h('span', { class: 'chip beh-critical' }, t('canal.behaviour.sourceCountry')) : null)))),
    panel(t('canal.behaviour.alertsTitle'), 'beh-alerts', list('vessel-alerts', b.alerts.map((a) => h('li', null,
      h('span', { class: `sev sev-${a.severity}` }, t(`severity.${a.severity}`)), ' ',
      h('a', { href: `/maritime/alerts/${encodeURIComponent(a.id)}`, 'data-link': true }, t(`detection.${a.kind}` as 'detection.gap') === `detection.${a.kind}` ? a.kind : t(`detection.${a.kind}` as 'detection.gap')),
      ' · ', formatDateTime(a.updated_at, l)))))));
  return out;
}

export function transitView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('transits', 'canal-transit', t('canal.transit.title'), null, null, body));
  const handles: { destroy(): void }[] = [];
  ctx.onCleanup(() => handles.forEach((x) => x.destroy()));
  void fill(body, async () => {
    const x: TransitDetail = await ctx.api.transit(id);
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = `${x.vessel_name} · ${formatDate(`${x.transit_date}T12:00:00Z`, lang())} · ${x.slot}`;
    const l = lang();
    const v = x.vessel;
    const facts = h('dl', { class: 'facts', 'data-testid': 'transit-facts' },
      h('dt', null, t('canal.col.vessel')), h('dd', null, `${x.vessel_name} · IMO ${x.vessel_imo}`),
      v?.mmsi ?? x.mmsi ? [h('dt', null, 'MMSI'), h('dd', null, h('a', { href: `/maritime?mmsi=${encodeURIComponent(String(v?.mmsi ?? x.mmsi))}`, 'data-link': true }, String(v?.mmsi ?? x.mmsi)))] : null,
      v?.flag ? [h('dt', null, t('canal.transit.flag')), h('dd', null, formatCountry(v.flag, l))] : null,
      h('dt', null, t('canal.col.direction')), h('dd', null, label(`canal.direction.${x.direction}`)),
      h('dt', null, t('canal.col.lockSet')), h('dd', null, label(`canal.lockSet.${x.lock_set}`)),
      h('dt', null, t('canal.col.route')), h('dd', null, portLink(x.last_port), ' → ', portLink(x.next_port)),
      h('dt', null, t('canal.col.behaviour')), h('dd', null, behaviourEl(v?.behaviour)));
    const containers = x.containers.length === 0 ? empty(t('canal.transit.noContainers')) : table('transit-containers',
      [t('canal.col.container'), t('canal.col.score'), t('canal.col.lane')],
      x.containers.map((c) => h('tr', { 'data-line': c.line_id },
        td(t('canal.col.container'), containerLink(c.container_number)),
        td(t('canal.col.score'), c.score === null ? '—' : num(c.score), 'num'),
        td(t('canal.col.lane'), laneBadge(c.lane)))));
    return h('div', null,
      h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, facts)),
      ...behaviourPanels(ctx, x.behaviour, handles),
      panel(t('canal.transit.containers', { count: x.containers.length }), 'transit-containers-panel',
        x.containers.length > 0 ? h('p', null, h('a', { href: `/canal/containers?transit_id=${encodeURIComponent(x.id)}`, 'data-link': true }, t('canal.transit.ranked'))) : null,
        containers));
  });
}
