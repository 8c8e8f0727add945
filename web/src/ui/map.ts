// The map, loaded on demand: mountMap returns its handle at once and draws when Leaflet and the
// map code (a separate chunk, ui/map-draw.ts, with leaflet.css) have arrived, so that only
// pages with a map fetch them. A handle destroyed before the chunk arrived draws nothing.
import type { Api } from '../shell/api';
import { h } from '../shell/dom';
import { errorBox } from '../shell/feedback';
import { t } from '../shell/i18n';
import type { MapHandle, MapOptions } from './map-draw';

export type { BBox } from '../lib/geo';
export type { MapHandle, MapOptions } from './map-draw';

export function mountMap(host: HTMLElement, api: Api, opts: MapOptions): MapHandle {
  let inner: MapHandle | null = null;
  let destroyed = false;
  let pending: { fc: GeoJSON.FeatureCollection; fit: boolean; maxZoom?: number } | null = null;
  host.replaceChildren(h('div', { class: 'map-canvas map-pending', 'aria-busy': 'true' }, h('div', { class: 'loading' }, t('map.loading'))));
  import('./map-draw')
    .then((m) => {
      // A map made in a detached element has no size, and would fit its view to nothing: a page
      // that builds its panels before showing them gets its map once they are in the document.
      const start = () => {
        if (destroyed) return;
        if (!host.isConnected) {
          requestAnimationFrame(start);
          return;
        }
        inner = m.mountMap(host, api, opts);
        if (pending) inner.setOverlay(pending.fc, pending.fit, pending.maxZoom);
      };
      start();
    })
    .catch((e: unknown) => {
      if (!destroyed) host.replaceChildren(errorBox(e));
    });
  return {
    setOverlay(fc, fit, maxZoom) {
      if (inner) inner.setOverlay(fc, fit, maxZoom);
      else pending = { fc, fit, maxZoom };
    },
    destroy() {
      destroyed = true;
      inner?.destroy();
    },
  };
}
