// Areas of interest on the Maritime page: their layer on the vessel map, drawing one by clicks
// (a vertex per click; double-click, Enter or "Finish" closes it; Escape or "Cancel" drops it),
// uploading GeoJSON or KML, and the list of the areas the reader may see with delete for the
// owning organization's supervisors and admins. An area is a record like any other: owned by
// the author's organization and released as its author chooses (POST /api/v1/maritime/zones).
// The drawing is the app's own (a GeoJSON source and three layers), so that nothing beyond
// MapLibre is loaded and the page's CSP holds.
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { formatDateTime, formatNumber } from '../../lib/format';
import { initialReleasability } from '../../lib/releasability';
import type { ZoneCollection, ZoneProperties } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { dialogShell, submitting } from '../../ui/dialog';
import { fileControl } from '../../ui/file-field';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import { draftFeatures, drawnArea, extentOf, MIN_VERTICES, mayDelete, SAME_POINT_PX, type LngLat } from './area-logic';
import { t } from './messages';
import type { VesselMap } from './vessel-map';
import './areas.css';

type Area = Feature<Polygon | MultiPolygon, ZoneProperties>;

// The server's cap on an upload (routes.cc, kMaxZoneUploadBytes): refused here before sending.
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const AOI_COLOUR = '#c2185b';
const DRAFT_COLOUR = '#e65100';

export interface Areas {
  panel: HTMLElement;                 // the list and the upload button, below the map
  attach(map: VesselMap): void;       // the layer and the drawing tool, once the map exists
  drawing(): boolean;                 // a click on the map adds a vertex, not a vessel selection
}

export function mountAreas(ctx: Ctx, initial: ZoneCollection | null): Areas {
  let areas: Area[] = initial?.features ?? [];
  let gl: maplibregl.Map | null = null;
  let drawer: Drawer | null = null;
  const listSlot = h('div', { class: 'panel-body', 'data-testid': 'aoi-list-slot' });
  const count = h('span', { class: 'muted', 'data-testid': 'aoi-count' });
  const upload = h('button', { type: 'button', class: 'btn', 'data-testid': 'aoi-upload', onclick: () => openUpload() }, t('mar.aoi.upload'));
  const panel = h('section', { class: 'panel', 'data-testid': 'aoi-panel' },
    h('div', { class: 'panel-title row' }, h('h2', null, t('mar.aoi.title')), count, upload),
    listSlot);

  const showAreas = () => {
    const fc: FeatureCollection = { type: 'FeatureCollection', features: areas };
    (gl?.getSource('aoi') as maplibregl.GeoJSONSource | undefined)?.setData(fc);
    count.textContent = areas.length > 0 ? t('mar.aoi.count', { count: areas.length }) : '';
    gl?.getContainer().setAttribute('data-areas', String(areas.length));
    void renderList();
  };

  const reload = async () => {
    try {
      areas = (await ctx.api.zones('aoi')).features;
      showAreas();
    } catch (e) {
      listSlot.replaceChildren(errorBox(e, () => void reload()));
    }
  };

  const renderList = async () => {
    if (areas.length === 0) {
      listSlot.replaceChildren(empty(t('mar.aoi.none')));
      return;
    }
    const orgNames = await ctx.api.orgNames().catch(() => new Map<string, string>());
    const l = lang();
    const me = ctx.session.user;
    listSlot.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', 'data-testid': 'aoi-list' },
      h('thead', null, h('tr', null,
        h('th', null, t('mar.aoi.col.name')), h('th', null, t('mar.aoi.col.owner')), h('th', null, t('mar.aoi.col.releasability')),
        h('th', null, t('mar.aoi.col.created')), h('th', null, h('span', { class: 'sr-only' }, t('mar.aoi.col.actions'))))),
      h('tbody', null, areas.map((a) => {
        const p = a.properties;
        return h('tr', { 'data-zone': p.id },
          h('td', { 'data-label': t('mar.aoi.col.name') },
            h('button', { type: 'button', class: 'linkish', 'data-testid': 'aoi-show', onclick: () => flyToArea(a) }, p.name)),
          h('td', { 'data-label': t('mar.aoi.col.owner') }, orgNames.get(p.owner_org ?? '') ?? p.owner_org ?? '—'),
          h('td', { 'data-label': t('mar.aoi.col.releasability') }, releasabilityLabel(p.releasability ?? [])),
          h('td', { 'data-label': t('mar.aoi.col.created') }, `${formatDateTime(p.created, l)} · ${p.created_by ?? ''}`),
          h('td', { class: 'actions' }, mayDelete(p, me.org.id, me.roles)
            ? h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'aoi-delete', onclick: () => void remove(a) }, t('mar.aoi.delete'))
            : null));
      })))));
  };

  const remove = async (a: Area) => {
    if (!window.confirm(t('mar.aoi.confirmDelete', { name: a.properties.name }))) return;
    try {
      await ctx.api.deleteZone(a.properties.id);
      toast(t('mar.aoi.deleted', { name: a.properties.name }));
      await reload();
    } catch (e) {
      listSlot.prepend(errorBox(e));
    }
  };

  const flyToArea = (a: Area) => {
    const box = extentOf(a.geometry);
    if (!gl || !box) return;
    gl.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 40, duration: 0, maxZoom: 12 });
    gl.getContainer().scrollIntoView({ block: 'nearest' });
  };

  // The name and releasability of a new area, then `send`; a refusal stays in the dialog.
  const saveDialog = (title: string, testid: string, fields: Node[], send: (name: string, releasability: string[]) => Promise<ZoneCollection>, onSaved: () => void) => {
    const d = dialogShell(title, testid);
    const initial = initialReleasability(ctx.session.user.org_default_releasability);
    const rel = releasabilityField('aoi-rel', initial.checked, initial.fromOrg);
    const name = h('input', { id: `${testid}-name`, maxlength: 200, autocomplete: 'off', 'data-testid': `${testid}-name` });
    d.open(...fields,
      h('label', { for: `${testid}-name` }, t('mar.aoi.name')), name,
      rel.el);
    d.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void submitting(d.save, d.form, d.messages, async () => {
        const created = await send(name.value.trim(), rel.value());
        toast(t('mar.aoi.saved', { count: created.features.length, name: created.features[0]?.properties.name ?? '' }));
        d.dialog.close();
        onSaved();
        await reload();
      });
    });
    return { dialog: d, name };
  };

  const openUpload = () => {
    const input = h('input', { type: 'file', id: 'aoi-file', accept: '.geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml', 'data-testid': 'aoi-file' });
    const control = fileControl(input, { testid: 'aoi-file', labels: { choose: t('mar.aoi.file.choose'), camera: '', none: t('mar.aoi.file.none') } });
    saveDialog(t('mar.aoi.uploadTitle'), 'aoi-upload-dialog', [
      h('label', { for: 'aoi-file' }, t('mar.aoi.file')), control.el,
      h('p', { class: 'muted small hint' }, t('mar.aoi.file.hint', { mib: formatNumber(MAX_UPLOAD_BYTES / 1048576, lang()) })),
    ], async (name, releasability) => {
      const file = input.files?.[0];
      if (!file) throw new Error(t('mar.aoi.file.missing'));
      if (file.size > MAX_UPLOAD_BYTES) throw new Error(t('mar.aoi.file.tooLarge', { mib: formatNumber(MAX_UPLOAD_BYTES / 1048576, lang()) }));
      const type = /\.kml$/i.test(file.name) ? 'application/vnd.google-earth.kml+xml' : 'application/geo+json';
      return ctx.api.uploadZones(new Blob([file], { type }), { name: name || undefined, releasability });
    }, () => undefined);
  };

  const finishDrawing = (vertices: LngLat[]) => {
    const { dialog, name } = saveDialog(t('mar.aoi.drawTitle', { count: vertices.length }), 'aoi-save-dialog', [], async (n, releasability) => {
      if (!n) {
        name.focus();
        throw new Error(t('mar.aoi.nameRequired'));
      }
      const body = JSON.stringify(drawnArea(vertices, n));
      return ctx.api.uploadZones(new Blob([body], { type: 'application/geo+json' }), { releasability });
    }, () => drawer?.stop());
    // Checked by `send` with the app's own message: the browser's would be in its own language.
    name.setAttribute('aria-required', 'true');
    name.focus();
    // Closed without saving: back to the drawing, its vertices kept, to fix or cancel it.
    dialog.dialog.addEventListener('close', () => drawer?.resume());
  };

  return {
    panel,
    attach(map) {
      map.withMap((m, below) => {
        gl = m;
        m.addSource('aoi', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
        m.addLayer({ id: 'aoi-fill', type: 'fill', source: 'aoi', paint: { 'fill-color': AOI_COLOUR, 'fill-opacity': 0.12 } }, below);
        m.addLayer({ id: 'aoi-line', type: 'line', source: 'aoi', paint: { 'line-color': AOI_COLOUR, 'line-width': 2 } }, below);
        drawer = new Drawer(m, finishDrawing);
        m.addControl(drawer, 'top-right');
        showAreas();
      });
    },
    drawing: () => drawer?.active() ?? false,
  };
}

// The drawing tool, a MapLibre control: a "Draw an area" button, and while drawing a bar with
// the count of vertices and Undo, Finish and Cancel.
class Drawer implements maplibregl.IControl {
  private readonly el = h('div', { class: 'maplibregl-ctrl aoi-tool', 'data-testid': 'aoi-tool' });
  private vertices: LngLat[] = [];
  private pointer: LngLat | null = null;
  private on = false;
  private paused = false;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly map: maplibregl.Map, private readonly onFinish: (vertices: LngLat[]) => void) {
    map.addSource('aoi-draft', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: 'aoi-draft-fill', type: 'fill', source: 'aoi-draft', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': DRAFT_COLOUR, 'fill-opacity': 0.15 } });
    map.addLayer({ id: 'aoi-draft-line', type: 'line', source: 'aoi-draft', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': DRAFT_COLOUR, 'line-width': 2, 'line-dasharray': [2, 1] } });
    map.addLayer({ id: 'aoi-draft-vertex', type: 'circle', source: 'aoi-draft', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': DRAFT_COLOUR, 'circle-stroke-width': 2 } });
    this.render();
  }

  onAdd(): HTMLElement {
    return this.el;
  }

  onRemove(): void {
    this.stop();
    this.el.remove();
  }

  active(): boolean {
    return this.on;
  }

  start(): void {
    if (this.on) return;
    this.on = true;
    this.paused = false;
    this.vertices = [];
    this.map.doubleClickZoom.disable();
    this.map.getCanvas().style.cursor = 'crosshair';
    const click = (ev: maplibregl.MapMouseEvent) => this.add(ev);
    const move = (ev: maplibregl.MapMouseEvent) => {
      if (this.paused) return;
      this.pointer = [ev.lngLat.lng, ev.lngLat.lat];
      this.draw();
    };
    const dbl = (ev: maplibregl.MapMouseEvent) => {
      ev.preventDefault();
      this.finish();
    };
    const key = (ev: KeyboardEvent) => {
      if (this.paused) return;
      if (ev.key === 'Escape') this.stop();
      else if (ev.key === 'Enter') this.finish();
    };
    this.map.on('click', click);
    this.map.on('mousemove', move);
    this.map.on('dblclick', dbl);
    document.addEventListener('keydown', key);
    this.offs.push(() => this.map.off('click', click), () => this.map.off('mousemove', move), () => this.map.off('dblclick', dbl),
      () => document.removeEventListener('keydown', key));
    this.render();
  }

  // Ends the drawing and drops it.
  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.on = false;
    this.paused = false;
    this.vertices = [];
    this.pointer = null;
    this.map.doubleClickZoom.enable();
    this.map.getCanvas().style.cursor = '';
    this.draw();
    this.render();
  }

  // After the naming dialog closed without saving: the same vertices, drawing again.
  resume(): void {
    if (!this.on) return;
    this.paused = false;
    this.render();
  }

  private add(ev: maplibregl.MapMouseEvent): void {
    if (this.paused) return;
    const at: LngLat = [ev.lngLat.lng, ev.lngLat.lat];
    const last = this.vertices[this.vertices.length - 1];
    if (last) {
      const p = this.map.project(last);
      if (Math.hypot(p.x - ev.point.x, p.y - ev.point.y) < SAME_POINT_PX) return;
    }
    this.vertices.push(at);
    this.draw();
    this.render();
  }

  private finish(): void {
    if (this.vertices.length < MIN_VERTICES || this.paused) return;
    this.paused = true;
    this.pointer = null;
    this.draw();
    this.render();
    this.onFinish([...this.vertices]);
  }

  private undo(): void {
    this.vertices.pop();
    this.draw();
    this.render();
  }

  private draw(): void {
    (this.map.getSource('aoi-draft') as maplibregl.GeoJSONSource | undefined)?.setData(draftFeatures(this.vertices, this.on && !this.paused ? this.pointer : null));
    this.map.getContainer().setAttribute('data-draft-vertices', String(this.vertices.length));
  }

  private render(): void {
    if (!this.on) {
      this.el.replaceChildren(h('button', { type: 'button', class: 'btn btn-small aoi-draw', 'data-testid': 'aoi-draw', onclick: () => this.start() }, t('mar.aoi.draw')));
      return;
    }
    const n = this.vertices.length;
    this.el.replaceChildren(h('div', { class: 'aoi-drawbar', 'data-testid': 'aoi-drawbar', role: 'status' },
      h('p', null, n < MIN_VERTICES ? t('mar.aoi.drawHint', { count: n, min: MIN_VERTICES }) : t('mar.aoi.drawReady', { count: n })),
      h('div', { class: 'aoi-drawbar-actions' },
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'aoi-undo', disabled: n === 0 || this.paused, onclick: () => this.undo() }, t('mar.aoi.undo')),
        h('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-testid': 'aoi-finish', disabled: n < MIN_VERTICES || this.paused, onclick: () => this.finish() }, t('mar.aoi.finish')),
        h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'aoi-cancel', onclick: () => this.stop() }, t('common.cancel')))));
  }
}
