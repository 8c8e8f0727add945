// The Maritime area's page (/maritime): the live vessel map (WebGL), vessel search, the list of
// the vessels in view with sorting, a vessel's card with the zones it is in, its identity history
// and its track over the last 24 h on a time slider, and the areas of interest (areas.ts). The
// data comes through source.ts, refreshed every few seconds; the map through vessel-map.ts.
// Admins also get a link to the feeds' health (feeds.ts).
import { formatDateTime, formatNumber } from '../../lib/format';
import type { BBox } from '../../lib/geo';
import type { GeoLayer, IdentityChange, TrackPoint, Vessel, VesselDetail, ZoneCollection, ZoneRef } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import {
  ageSeconds, CATEGORIES, COLOURS, flagName, formatAge, formatMmsi, kindKey, shipTypeCategory, sortVessels, type Sort, type SortKey,
} from './logic';
import { t, type MessageKey } from './messages';
import { mountAreas } from './areas';
import { liveVessels } from './source';
import { maritimeTabs } from './tabs';
import './maritime.css';
import { drawIcon, mountVesselMap, shapeOf, type VesselMap } from './vessel-map';

// Both coasts and the EEZ, from Costa Rica to Colombia.
const VIEW: BBox = [-83.3, 6.8, -77.0, 10.1];
const LIST_ROWS = 200;
const COLUMNS: SortKey[] = ['name', 'mmsi', 'kind', 'flag', 'speed', 'age'];

export function maritimeView(ctx: Ctx): void {
  const mapHost = h('div', { class: 'vessel-map', 'data-testid': 'vessel-map', role: 'region', 'aria-label': t('mar.map.aria') });
  const status = h('div', { class: 'vessel-status muted', 'data-testid': 'vessel-status', 'aria-live': 'polite' });
  const notes = h('div', { class: 'map-notes' });
  const cardSlot = h('div', { class: 'panel-body', 'data-testid': 'vessel-card-slot' }, h('p', { class: 'muted' }, t('mar.card.pick')));
  const listSlot = h('div', { class: 'panel-body' });
  const listHead = h('span', { class: 'muted', 'data-testid': 'vessel-list-count' });
  const results = h('div', { class: 'vessel-results', 'data-testid': 'vessel-results' });
  const areasSlot = h('div');
  const input = h('input', { type: 'search', id: 'vessel-q', 'data-testid': 'vessel-search', placeholder: t('mar.search.placeholder'), autocomplete: 'off' });
  const search = h('form', { class: 'vessel-search', role: 'search' },
    h('label', { for: 'vessel-q', class: 'sr-only' }, t('mar.search')),
    input,
    h('button', { class: 'btn', type: 'submit', 'data-testid': 'vessel-search-go' }, t('mar.search.go')));

  ctx.main.replaceChildren(h('section', { class: 'page maritime-page', 'data-testid': 'area-maritime' },
    maritimeTabs('map'),
    h('header', { class: 'page-head row' },
      h('div', null, h('h1', null, t('area.maritime.title')), h('p', { class: 'muted' }, t('area.maritime.purpose'))),
      ctx.hasRole('admin') ? h('a', { class: 'btn', href: '/maritime/feeds', 'data-link': true, 'data-testid': 'feeds-link' }, t('mar.feeds.link')) : null),
    h('div', { class: 'maritime-layout' },
      h('section', { class: 'panel maritime-map-panel' }, mapHost, h('div', { class: 'map-foot' }, status, legend()), notes),
      h('aside', { class: 'maritime-side' },
        h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.search')), h('div', { class: 'panel-body' }, search, results)),
        h('section', { class: 'panel', 'data-testid': 'vessel-card' }, h('div', { class: 'panel-title' }, t('mar.card')), cardSlot))),
    areasSlot,
    h('section', { class: 'panel' }, h('div', { class: 'panel-title row' }, h('h2', null, t('mar.list')), listHead), listSlot)));

  let vessels: Vessel[] = [];
  let sort: Sort = { key: 'name', dir: 1 };
  let selected: number | null = null;
  let map: VesselMap | null = null;
  let closed = false;
  // What a card opened before the map existed (a vessel linked by address) asks of the map.
  const early: { fly: [number, number] | null; track: [TrackPoint[], number] | null } = { fly: null, track: null };

  const showError = (e: unknown) => {
    if (closed) return;
    notes.replaceChildren(errorBox(e));
  };

  const select = (mmsi: number, fly = false) => {
    selected = mmsi;
    map?.setSelected(mmsi);
    showCard(ctx, cardSlot, mmsi, {
      onTrack: (points, upto) => {
        if (map) map.setTrack(points, upto);
        else early.track = [points, upto];
      },
      onLocated: (lon, lat) => {
        if (!fly) return;
        if (map) map.flyTo(lon, lat);
        else early.fly = [lon, lat];
      },
      onClose: () => {
        selected = null;
        map?.setSelected(null);
        map?.setTrack([], -1);
        cardSlot.replaceChildren(h('p', { class: 'muted' }, t('mar.card.pick')));
      },
    });
  };

  const renderList = () => {
    const rows = sortVessels(vessels, sort, Date.now(), lang()).slice(0, LIST_ROWS);
    listHead.textContent = vessels.length > LIST_ROWS
      ? t('mar.list.shown', { shown: formatNumber(rows.length, lang()), count: formatNumber(vessels.length, lang()) })
      : '';
    if (vessels.length === 0) {
      listSlot.replaceChildren(empty(t('mar.list.empty')));
      return;
    }
    listSlot.replaceChildren(h('div', { class: 'table-wrap' }, vesselTable(rows, sort, (key) => {
      sort = { key, dir: sort.key === key ? (sort.dir === 1 ? -1 : 1) : 1 };
      renderList();
    }, (mmsi) => select(mmsi, true), selected)));
  };

  const source = liveVessels(ctx.api, {
    onData(list, at) {
      if (closed) return;
      notes.replaceChildren();
      vessels = list;
      performance.mark('maritime:vessels-fetched', { detail: { count: list.length } });
      map?.setVessels(list);
      status.textContent = t('mar.live', { count: list.length, time: formatDateTime(at, lang()) });
      status.setAttribute('data-count', String(list.length));
      renderList();
    },
    onError: showError,
  });

  ctx.onCleanup(() => {
    closed = true;
    source.stop();
    map?.destroy();
  });

  // An alert or a case links a vessel here (/maritime?mmsi=…): its card opens at once.
  const linked = Number(new URLSearchParams(location.search).get('mmsi'));
  if (Number.isInteger(linked) && linked > 0) select(linked, true);

  search.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    if (!q) {
      results.replaceChildren();
      return;
    }
    void fill(results, async () => {
      const r = await ctx.api.searchVessels(q);
      if (r.items.length === 0) return empty(t('mar.search.none', { q }));
      return h('div', null,
        h('p', { class: 'muted' }, t('mar.search.results', { count: r.items.length })),
        h('ul', { class: 'vessel-hits', 'data-testid': 'vessel-hits' }, r.items.map((v) =>
          h('li', null, h('button', { type: 'button', class: 'linkish', 'data-mmsi': v.mmsi, onclick: () => select(v.mmsi, true) },
            h('strong', null, v.name ?? formatMmsi(v.mmsi)), ' ', h('span', { class: 'mono muted' }, formatMmsi(v.mmsi)),
            ' · ', t(kindKey(v.kind)), v.flag ? ` · ${flagName(v.flag, lang())}` : '')))));
    });
  });

  void (async () => {
    let layers: GeoLayer[] = [];
    // The areas of interest, and the zones' attribution the map must show (CC BY 4.0 and ODbL).
    let aois: ZoneCollection | null = null;
    const [offered, zones] = await Promise.allSettled([ctx.api.geoLayers(), ctx.api.zones('aoi')]);
    if (offered.status === 'fulfilled') layers = offered.value.items;
    else showError(offered.reason);
    if (zones.status === 'fulfilled') aois = zones.value;
    else showError(zones.reason);
    if (closed) return;
    const areas = mountAreas(ctx, aois);
    areasSlot.replaceWith(areas.panel);
    try {
      map = mountVesselMap(mapHost, {
        view: VIEW,
        layers,
        loadLayer: (name) => ctx.api.geoLayer(name),
        attribution: [t('mar.map.basemap'), ...(aois?.attribution ?? [t('mar.map.zonesFallback')])].join(' · '),
        onMove: (box) => source.setBox(box),
        onMoving: (moving) => source.hold(moving),
        // While an area is drawn a click adds a vertex, it does not open a vessel.
        onSelect: (mmsi) => { if (!areas.drawing()) select(mmsi); },
        onError: showError,
      });
      areas.attach(map);
      if (selected !== null) map.setSelected(selected);
      if (early.track) map.setTrack(...early.track);
      if (early.fly) map.flyTo(...early.fly);
    } catch {
      mapHost.replaceChildren(h('div', { class: 'error-box', 'data-testid': 'no-webgl' }, t('mar.map.nowebgl')));
      source.setBox(VIEW);
    }
  })();
}

function legend(): HTMLElement {
  // Open where there is room for it; a phone opens it on demand.
  const open = typeof window !== 'undefined' && window.innerWidth > 640;
  return h('details', { class: 'vessel-legend', 'data-testid': 'vessel-legend', open },
    h('summary', null, t('mar.legend')),
    h('ul', null, CATEGORIES.map((cat) => {
      const icon = h('canvas', { class: 'legend-icon', 'aria-hidden': 'true' });
      const name = `v-${cat}`;
      drawIcon(icon, shapeOf(name), COLOURS[cat], 32);
      return h('li', null, icon, t(`mar.cat.${cat}` as MessageKey));
    })));
}


function vesselTable(rows: Vessel[], sort: Sort, onSort: (key: SortKey) => void, onPick: (mmsi: number) => void, selected: number | null): HTMLElement {
  const now = Date.now();
  const l = lang();
  return h('table', { class: 'data cards', 'data-testid': 'vessel-list' },
    h('thead', null, h('tr', null, COLUMNS.map((key) => {
      const active = sort.key === key;
      return h('th', { 'aria-sort': active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none' },
        h('button', { type: 'button', class: 'sort', 'data-sort': key, onclick: () => onSort(key) },
          t(`mar.col.${key}` as MessageKey), active ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''));
    }))),
    h('tbody', null, rows.map((v) => h('tr', { 'data-mmsi': v.mmsi, class: v.mmsi === selected ? 'selected' : null },
      h('td', { 'data-label': t('mar.col.name') }, h('button', { type: 'button', class: 'linkish', onclick: () => onPick(v.mmsi) }, v.name ?? '—')),
      h('td', { 'data-label': t('mar.col.mmsi'), class: 'mono' }, formatMmsi(v.mmsi)),
      h('td', { 'data-label': t('mar.col.kind') }, t(kindKey(v.kind))),
      h('td', { 'data-label': t('mar.col.flag') }, flagName(v.flag, l)),
      h('td', { 'data-label': t('mar.col.speed'), class: 'num' }, v.position?.sog_kn !== undefined ? formatNumber(v.position.sog_kn, l, 1) : '—'),
      h('td', { 'data-label': t('mar.col.age') }, formatAge(ageSeconds(v.position?.time, now), l))))));
}

interface CardEvents {
  onTrack(points: TrackPoint[], upto: number): void;
  onLocated(lon: number, lat: number): void;
  onClose(): void;
}

function showCard(ctx: Ctx, slot: HTMLElement, mmsi: number, ev: CardEvents): void {
  void fill(slot, async () => {
    const [v, track] = await Promise.all([ctx.api.vessel(mmsi), ctx.api.vesselTrack(mmsi)]);
    if (v.position) ev.onLocated(v.position.lon, v.position.lat);
    return vesselCard(v, track.items, ev);
  });
}

function vesselCard(v: VesselDetail, points: TrackPoint[], ev: CardEvents): HTMLElement {
  const l = lang();
  const p = v.position;
  const fact = (label: MessageKey, value: Node | string | null | undefined) =>
    value === null || value === undefined || value === '' ? null : [h('dt', null, t(label)), h('dd', null, value)];
  const age = formatAge(ageSeconds(p?.time, Date.now()), l);
  const facts = h('dl', { class: 'facts', 'data-testid': 'vessel-facts' },
    fact('mar.f.mmsi', h('span', { class: 'mono' }, formatMmsi(v.mmsi))),
    fact('mar.f.kind', t(kindKey(v.kind))),
    fact('mar.f.shipType', v.ship_type !== undefined ? `${t(`mar.cat.${shipTypeCategory(v.ship_type)}` as MessageKey)} (${v.ship_type})` : null),
    fact('mar.f.flag', v.flag ? `${flagName(v.flag, l)} (${v.flag.iso2})` : null),
    fact('mar.f.callsign', v.callsign),
    fact('mar.f.imo', v.imo !== undefined ? String(v.imo) : null),
    fact('mar.f.size', v.dimensions ? t('mar.size', { length: formatNumber(v.dimensions.length_m, l), beam: formatNumber(v.dimensions.beam_m, l) }) : null),
    fact('mar.f.draught', v.draught_m !== undefined ? t('mar.metres', { value: formatNumber(v.draught_m, l, 1) }) : null),
    fact('mar.f.destination', v.destination),
    fact('mar.f.lastReport', p ? h('span', { 'data-testid': 'vessel-age' }, `${formatDateTime(p.time, l)} (${t('mar.f.ago', { age })})`) : null),
    fact('mar.f.position', p ? `${formatNumber(p.lat, l, 4)}°, ${formatNumber(p.lon, l, 4)}°` : null),
    fact('mar.f.motion', p && p.sog_kn !== undefined ? t('mar.motion', { course: p.cog_deg !== undefined ? formatNumber(p.cog_deg, l, 1) : '—', speed: formatNumber(p.sog_kn, l, 1) }) : null),
    fact('mar.f.status', p?.nav_status !== undefined ? navStatus(p.nav_status, p.nav_status_text) : null),
    fact('mar.f.flags', p?.flags && p.flags.length > 0 ? p.flags.map((f) => t(`mar.flag.${f}` as MessageKey)).join(', ') : null),
    fact('mar.f.zones', v.zones ? zoneList(v.zones) : null));

  return h('div', { class: 'vessel-card', 'data-mmsi': v.mmsi },
    h('div', { class: 'vessel-card-head' },
      h('h2', { 'data-testid': 'vessel-name' }, v.name ?? t('mar.card.unnamed', { mmsi: formatMmsi(v.mmsi) })),
      h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'vessel-card-close', 'aria-label': t('mar.card.close'), onclick: ev.onClose }, '×')),
    facts,
    h('h3', null, t('mar.history')),
    historyList(v.history),
    h('h3', null, t('mar.track')),
    trackControl(points, ev));
}

// The zones the vessel is in now: Panama's own waters by their kind, in the reader's language;
// canal areas, anchorages, ports and areas of interest by their kind and name.
const OWN_WATERS = ['eez', 'territorial_sea', 'contiguous_zone'];
function zoneList(zones: ZoneRef[]): HTMLElement {
  if (zones.length === 0) return h('span', { class: 'muted', 'data-testid': 'vessel-zones' }, t('mar.zones.none'));
  const label = (z: ZoneRef) => {
    const key = `mar.zone.${z.kind}` as MessageKey;
    const kind = t(key);
    // A kind the server may add later is shown by the zone's own name.
    if (kind === key) return z.name;
    return OWN_WATERS.includes(z.kind) ? kind : `${kind}: ${z.name}`;
  };
  return h('ul', { class: 'vessel-zones', 'data-testid': 'vessel-zones' }, zones.map((z) => h('li', { 'data-zone': z.id, 'data-kind': z.kind }, label(z))));
}

// The navigational status in the reader's language; a reserved code keeps the server's text.
function navStatus(code: number, serverText: string | undefined): string {
  const key = `mar.nav.${code}` as MessageKey;
  const s = t(key);
  return s === key ? serverText ?? String(code) : s;
}

function historyList(history: IdentityChange[]): HTMLElement {
  if (history.length === 0) return h('p', { class: 'muted', 'data-testid': 'vessel-history' }, t('mar.history.none'));
  const l = lang();
  return h('ul', { class: 'vessel-history', 'data-testid': 'vessel-history' }, [...history].reverse().map((c) => h('li', null,
    h('span', { class: 'muted' }, formatDateTime(c.time, l)), ' ',
    t('mar.history.change', { field: fieldLabel(c.field), old: c.old || '—', new: c.new || '—' }))));
}

const FIELDS: Record<string, MessageKey> = {
  name: 'mar.field.name', callsign: 'mar.field.callsign', imo: 'mar.field.imo', mmsi: 'mar.field.mmsi', flag: 'mar.field.flag',
};

// A field the server may add later is shown by its own name.
function fieldLabel(field: string): string {
  const key = FIELDS[field];
  return key ? t(key) : field;
}

function trackControl(points: TrackPoint[], ev: CardEvents): HTMLElement {
  if (points.length === 0) {
    ev.onTrack([], -1);
    return h('p', { class: 'muted', 'data-testid': 'vessel-track' }, t('mar.track.none'));
  }
  const l = lang();
  const label = h('p', { class: 'track-at', 'data-testid': 'track-at', 'aria-live': 'polite' });
  const slider = h('input', {
    type: 'range', min: 0, max: points.length - 1, step: 1, value: points.length - 1,
    'data-testid': 'track-slider', 'aria-label': t('mar.track.slider'),
  });
  const show = () => {
    const i = Number(slider.value);
    const point = points[i];
    label.textContent = t('mar.track.at', { index: i + 1, count: points.length, time: point ? formatDateTime(point.time, l) : '—' });
    slider.setAttribute('aria-valuetext', label.textContent);
    ev.onTrack(points, i);
  };
  slider.addEventListener('input', show);
  show();
  return h('div', { class: 'vessel-track', 'data-testid': 'vessel-track', 'data-points': points.length },
    h('p', { class: 'muted' }, t('mar.track.points', { count: points.length })), slider, label);
}
