// The map: Leaflet with an offline basemap (Natural Earth 1:10m countries from world-atlas,
// reduced to the region by scripts/make-basemap.mjs and shipped in web/dist as basemap.json)
// and the product's own GeoJSON layers from /api/v1/geo/{name}.
// No tile server and no network access beyond the Istmo server itself. Loaded on first use
// through ui/map.ts, so that Leaflet is fetched only by pages that draw a map.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection } from 'geojson';
import { loadBasemap } from './basemap';
import type { BBox } from '../lib/geo';
import type { Api } from '../shell/api';
import { h } from '../shell/dom';
import { errorBox } from '../shell/feedback';
import { t, type MessageKey } from '../shell/i18n';

export type { BBox } from '../lib/geo';

interface LayerStyle {
  swatch: string;
  path?: L.PathOptions;
}
const STYLES: Record<string, LayerStyle> = {
  panama_eez: {
    swatch: 'sea',
    path: { color: '#1f5f99', weight: 1, dashArray: '4 4', fillColor: '#9cc3e6', fillOpacity: 0.1, className: 'istmo-zone' },
  },
  panama_territorial_sea: {
    swatch: 'sea',
    path: { color: '#1f5f99', weight: 1.2, dashArray: '5 4', fillColor: '#5d9bd1', fillOpacity: 0.22, className: 'istmo-zone' },
  },
  panama_land: {
    swatch: 'land',
    path: { color: '#28384a', weight: 1.4, fillColor: '#f5f0e1', fillOpacity: 1, className: 'istmo-land' },
  },
  stations: { swatch: 'station' },
};
// Drawing order: zones under land, points on top.
const ORDER = ['panama_eez', 'panama_territorial_sea', 'panama_land', 'stations'];

function layerLabel(name: string, serverTitle: string): string {
  const key = `map.layer.${name}` as MessageKey;
  const s = t(key);
  return s === key ? serverTitle || name : s;
}

export interface MapOptions {
  layers: string[];     // names under /api/v1/geo/ to draw, when the server offers them
  view: BBox;           // initial view
  // A page's own features over the layers (evidence tracks, alerts, interdictions), styled by
  // their OverlayProperties; a click on one with an `href` hands it to onNavigate.
  overlay?: FeatureCollection;
  fitOverlay?: boolean; // start on the overlay's extent instead of `view` (when it has one)
  onNavigate?(href: string): void;
}

// What an overlay feature may say about how it is drawn; anything else is ignored.
export interface OverlayProperties {
  stroke?: string;      // line colour, or a point's outline
  fill?: string;        // a point's colour
  weight?: number;      // line width in px
  dash?: string;        // SVG dash pattern, "6 6"
  radius?: number;      // a point's radius in px (default 6)
  label?: string;       // tooltip text
  permanent?: boolean;  // the tooltip is always shown
  href?: string;        // the app's page of the feature
  testid?: string;      // a CSS class `istmo-<testid>` on the drawn path, for tests
}

export interface MapHandle {
  // Replaces the overlay; `fit` moves the view to its extent, zoomed in at most to `maxZoom`
  // (a few points far apart want the region, one track its own few hundred metres).
  setOverlay(fc: FeatureCollection, fit: boolean, maxZoom?: number): void;
  destroy(): void;
}

export function mountMap(host: HTMLElement, api: Api, opts: MapOptions): MapHandle {
  const canvas = h('div', { class: 'map-canvas', 'data-testid': 'map' });
  const notes = h('div', { class: 'map-notes' });
  host.replaceChildren(canvas, notes);
  host.setAttribute('aria-busy', 'true');

  const map = L.map(canvas, {
    zoomSnap: 0.25,
    attributionControl: true,
    preferCanvas: false,
    worldCopyJump: false,
    maxBounds: [[-40, -140], [50, -20]],
    minZoom: 3,
    maxZoom: 14,
  });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(t('map.attribution'));
  L.control.scale({ metric: true, imperial: true }).addTo(map);
  const [w, s, e, n] = opts.view;
  map.fitBounds([[s, w], [n, e]]);

  const baseRenderer = L.canvas({ padding: 0.5 });
  let destroyed = false;
  let overlay: L.GeoJSON | null = null;
  const setOverlay = (fc: FeatureCollection, fit: boolean, maxZoom = 13) => {
    overlay?.remove();
    overlay = overlayLayer(fc, opts.onNavigate).addTo(map);
    canvas.setAttribute('data-overlay', String(fc.features.length));
    const b = overlay.getBounds();
    if (fit && b.isValid()) map.fitBounds(b.pad(0.25), { maxZoom, animate: false });
  };
  if (opts.overlay) setOverlay(opts.overlay, opts.fitOverlay ?? false);

  const legend = new L.Control({ position: 'topright' });
  const legendEl = h('div', { class: 'map-legend' });
  legend.onAdd = () => legendEl;
  legend.addTo(map);

  void (async () => {
    try {
      const base = await loadBasemap();
      if (destroyed) return;
      // GeoJSON hands its options to each path it builds, so the canvas renderer applies.
      const baseOptions = {
        renderer: baseRenderer,
        interactive: false,
        style: { color: '#8c99a6', weight: 0.6, fillColor: '#e3e6e8', fillOpacity: 1 },
      } as L.GeoJSONOptions;
      L.geoJSON(base, baseOptions).addTo(map);
    } catch (err) {
      if (!destroyed) notes.appendChild(errorBox(err));
    }
    try {
      const offered = new Map((await api.geoLayers()).items.map((l) => [l.name, l.title]));
      const wanted = [...opts.layers].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      const missing = wanted.filter((name) => !offered.has(name));
      for (const name of missing) {
        notes.appendChild(h('div', { class: 'notice' }, t('map.layerMissing', { name })));
      }
      const present = wanted.filter((name) => offered.has(name));
      const data = await Promise.all(present.map((name) => api.geoLayer(name)));
      if (destroyed) return;
      present.forEach((name, i) => {
        const fc = data[i];
        if (!fc) return;
        addLayer(map, name, fc);
        legendEl.appendChild(h('div', { class: 'legend-row' },
          h('span', { class: `swatch swatch-${STYLES[name]?.swatch ?? 'other'}` }),
          layerLabel(name, offered.get(name) ?? '')));
      });
      canvas.setAttribute('data-layers', present.join(' '));
    } catch (err) {
      if (!destroyed) notes.appendChild(errorBox(err));
    } finally {
      host.removeAttribute('aria-busy');
      canvas.setAttribute('data-ready', 'true');
    }
  })();

  return {
    setOverlay(fc, fit, maxZoom) {
      if (!destroyed) setOverlay(fc, fit, maxZoom);
    },
    destroy() {
      destroyed = true;
      map.remove();
    },
  };
}

// The overlay above the layers: lines and circle markers styled by each feature's properties.
function overlayLayer(fc: FeatureCollection, onNavigate: ((href: string) => void) | undefined): L.GeoJSON {
  const props = (f: Feature | undefined) => (f?.properties ?? {}) as OverlayProperties;
  const cls = (p: OverlayProperties) => `istmo-overlay${p.testid ? ` istmo-${p.testid}` : ''}`;
  const finish = (layer: L.Layer, p: OverlayProperties) => {
    if (p.label) {
      layer.bindTooltip(p.label, { permanent: p.permanent ?? false, direction: 'top', className: p.permanent ? 'overlay-label' : '' });
    }
    if (p.href && onNavigate) layer.on('click', () => onNavigate(p.href as string));
  };
  return L.geoJSON(fc, {
    style: (f) => {
      const p = props(f);
      return { color: p.stroke ?? '#0b3d91', weight: p.weight ?? 3, dashArray: p.dash ?? '', opacity: 0.9, className: cls(p) };
    },
    pointToLayer: (f: Feature, latlng) => {
      const p = props(f);
      return L.circleMarker(latlng, {
        radius: p.radius ?? 6, color: p.stroke ?? '#ffffff', weight: 2, fillColor: p.fill ?? '#0b3d91', fillOpacity: 1,
        className: `${cls(p)}${p.href ? ' istmo-link' : ''}`,
      });
    },
    onEachFeature: (f, layer) => finish(layer, props(f)),
  });
}

function addLayer(map: L.Map, name: string, fc: FeatureCollection): void {
  const style = STYLES[name];
  // GeoJSON applies `style` to every vector layer it makes, circle markers included, so points
  // keep the options set in pointToLayer by getting no style here.
  L.geoJSON(fc, {
    style: (f) => f?.geometry.type === 'Point' || f?.geometry.type === 'MultiPoint'
      ? {}
      : style?.path ?? { color: '#6c3483', weight: 1.5, fillOpacity: 0.15 },
    pointToLayer: (f: Feature, latlng) => {
      const m = L.circleMarker(latlng, {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: '#b03a2e',
        fillOpacity: 1,
        className: name === 'stations' ? 'istmo-station' : 'istmo-point',
      });
      const props = (f.properties ?? {}) as Record<string, unknown>;
      const label = String(props.name ?? props.id ?? '');
      const approx = props.position === 'approximate' ? ` (${t('map.approximate')})` : '';
      m.bindTooltip(label, { permanent: true, direction: 'right', offset: [8, 0], className: 'station-label' });
      m.bindPopup(`${escapeHtml(label)}${escapeHtml(approx)}`);
      return m;
    },
  }).addTo(map);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
