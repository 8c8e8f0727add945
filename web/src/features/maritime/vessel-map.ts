// The vessel map: MapLibre GL (WebGL). The stations are one custom WebGL layer (StationLayer):
// a single buffer of 4 floats a station, drawn as point sprites from an icon atlas in one draw
// call, rotated in the fragment shader. MapLibre's symbol layers laid 60,000 icons out per tile
// in a worker after every update and drew them per tile (5-6 s to the first render and ~230 ms
// a frame while panning on a software renderer, docs/perf.md); here an update is one buffer
// upload and a pan frame only changes the matrix. Clicks and labels are found on the CPU from
// the same arrays. Everything else comes from the Istmo server: the offline basemap
// (ui/basemap.ts) and the product's zone layers (/api/v1/geo/{name}) as GeoJSON sources. No
// tiles, no sprite, no glyphs: names are DOM labels for the stations in view once zoomed in.
// Loaded with the Maritime page's chunk; MapLibre's CSP build runs its worker from a file the app
// serves (the server's CSP allows no blob: workers).
import maplibregl from 'maplibre-gl/dist/maplibre-gl-csp.js';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-csp-worker.js?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection } from 'geojson';
import type { BBox } from '../../lib/geo';
import type { GeoLayer, TrackPoint, Vessel } from '../../lib/types';
import { loadBasemap } from '../../ui/basemap';
import { COLOURS, formatMmsi, ICONS, LAYER_STRIDE, layerArrays, mercatorX, mercatorY, trackFeatures, type LayerArrays } from './logic';

maplibregl.setWorkerUrl(workerUrl);

// Zone layers the server may offer (data/geo), matched by name so that new files appear without
// a change here; drawn in this order, the first under the others.
const ZONE_STYLES: { match: RegExp; fill: string; line: string; opacity: number; dash?: number[] }[] = [
  { match: /eez/, fill: '#9cc3e6', line: '#1f5f99', opacity: 0.12, dash: [4, 3] },
  { match: /contiguous/, fill: '#7fb0dc', line: '#2a6fb0', opacity: 0.12, dash: [2, 2] },
  { match: /territorial/, fill: '#5d9bd1', line: '#1f5f99', opacity: 0.22 },
  { match: /canal/, fill: '#f0c36d', line: '#b7791f', opacity: 0.35 },
  { match: /anchorage/, fill: '#f5b7b1', line: '#b03a2e', opacity: 0.3, dash: [3, 2] },
  { match: /port/, fill: '#d7bde2', line: '#6c3483', opacity: 0.4 },
];

export function isMaritimeLayer(name: string): boolean {
  return ZONE_STYLES.some((s) => s.match.test(name));
}

const LABEL_ZOOM = 9;
// Icons are drawn at 32 px for 2× screens: 16 CSS px at size 1. A software renderer (no GPU)
// pays for every pixel of every icon in every frame, hence small icons when zoomed out.
const ICON_PX = 32;
const ICON_CSS_PX = 16;
const MAX_LABELS = 80;
const PICK_PX = 12;
// The sprite cache used while dragging: a margin of this share of the view's larger side on
// each side (a drag of up to that far draws no sprite), at most this many pixels a side.
const CACHE_MARGIN = 0.75;
const CACHE_MAX_PX = 4096;

// The icon's size factor by zoom: 0.5 at zoom 5 and below, 0.8 at 8, 1.25 at 12 and above.
function iconScale(zoom: number): number {
  const stops: [number, number][] = [[5, 0.5], [8, 0.8], [12, 1.25]];
  const first = stops[0] as [number, number];
  const last = stops[stops.length - 1] as [number, number];
  if (zoom <= first[0]) return first[1];
  if (zoom >= last[0]) return last[1];
  for (let i = 1; i < stops.length; i++) {
    const [z1, s1] = stops[i] as [number, number];
    const [z0, s0] = stops[i - 1] as [number, number];
    if (zoom <= z1) return s0 + ((zoom - z0) / (z1 - z0)) * (s1 - s0);
  }
  return last[1];
}

// An icon's shape: a pointed hull that turns with the ship, a round one for a ship with no course,
// a square base station, a diamond aid to navigation, an aircraft.
type Shape = 'hull' | 'still' | 'square' | 'diamond' | 'plane';

export function drawIcon(canvas: HTMLCanvasElement, shape: Shape, colour: string, px: number): void {
  canvas.width = px;
  canvas.height = px;
  const c = canvas.getContext('2d');
  if (!c) return;
  const s = px / 24;
  c.scale(s, s);
  c.fillStyle = colour;
  c.strokeStyle = '#ffffff';
  c.lineWidth = 1.6;
  c.beginPath();
  switch (shape) {
    case 'hull': c.moveTo(12, 1.5); c.lineTo(18.5, 21); c.lineTo(12, 17); c.lineTo(5.5, 21); c.closePath(); break;
    case 'still': c.arc(12, 12, 6, 0, Math.PI * 2); break;
    case 'square': c.rect(6, 6, 12, 12); break;
    case 'diamond': c.moveTo(12, 3); c.lineTo(20, 12); c.lineTo(12, 21); c.lineTo(4, 12); c.closePath(); break;
    case 'plane':
      c.moveTo(12, 1.5); c.lineTo(14, 9); c.lineTo(22, 13); c.lineTo(14, 13); c.lineTo(13.5, 19); c.lineTo(16, 22);
      c.lineTo(8, 22); c.lineTo(10.5, 19); c.lineTo(10, 13); c.lineTo(2, 13); c.lineTo(10, 9); c.closePath(); break;
  }
  c.fill();
  c.stroke();
}

export function shapeOf(icon: string): Shape {
  if (icon.endsWith('-still')) return 'still';
  if (icon === 'v-base_station') return 'square';
  if (icon === 'v-aid_to_navigation') return 'diamond';
  if (icon === 'v-sar_aircraft') return 'plane';
  return 'hull';
}

// GLSL ES 1.0, so that the layer runs on WebGL 1 and 2 contexts alike.
const VERTEX_SHADER = `
uniform mat4 u_matrix;
uniform float u_size;
attribute vec2 a_pos;
attribute float a_rot;
attribute float a_icon;
varying float v_icon;
varying vec2 v_turn;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_size;
  v_icon = a_icon;
  v_turn = vec2(cos(a_rot), sin(a_rot));
}`;

// The sprite's pixel, turned back by the station's rotation (clockwise on screen, y down), is
// looked up in its cell of the atlas (one row of square icons).
const FRAGMENT_SHADER = `
precision mediump float;
uniform sampler2D u_atlas;
uniform float u_icons;
varying float v_icon;
varying vec2 v_turn;
void main() {
  vec2 p = gl_PointCoord - 0.5;
  vec2 q = vec2(v_turn.x * p.x + v_turn.y * p.y, -v_turn.y * p.x + v_turn.x * p.y) + 0.5;
  if (q.x < 0.0 || q.x > 1.0 || q.y < 0.0 || q.y > 1.0) discard;
  vec4 c = texture2D(u_atlas, vec2((v_icon + q.x) / u_icons, q.y));
  if (c.a < 0.02) discard;
  gl_FragColor = c;
}`;

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type);
  if (!shader) throw new Error('WebGL: no shader');
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`WebGL: ${gl.getShaderInfoLog(shader) ?? 'shader'}`);
  return shader;
}

// The sprite cache drawn as one rectangle over its Mercator extent.
const QUAD_VERTEX_SHADER = `
uniform mat4 u_matrix;
uniform vec4 u_extent;
attribute vec2 a_pos;
varying vec2 v_uv;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  v_uv = vec2((a_pos.x - u_extent.x) / (u_extent.z - u_extent.x), 1.0 - (a_pos.y - u_extent.y) / (u_extent.w - u_extent.y));
}`;

const QUAD_FRAGMENT_SHADER = `
precision mediump float;
uniform sampler2D u_image;
varying vec2 v_uv;
void main() {
  gl_FragColor = texture2D(u_image, v_uv);
}`;

// What the sprite cache holds: the data version and zoom it was drawn for, the drawing buffer's
// size then, its texture's size and its Mercator extent.
interface SpriteCache {
  version: number;
  zoom: number;
  pxW: number;
  pxH: number;
  w: number;
  h: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function link(gl: WebGLRenderingContext, vertex: string, fragment: string): WebGLProgram {
  const program = gl.createProgram();
  if (!program) throw new Error('WebGL: no program');
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertex));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragment));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`WebGL: ${gl.getProgramInfoLog(program) ?? 'link'}`);
  return program;
}

// Every icon of ICONS side by side, ICON_PX square each.
function iconAtlas(): HTMLCanvasElement {
  const atlas = document.createElement('canvas');
  atlas.width = ICON_PX * ICONS.length;
  atlas.height = ICON_PX;
  const c = atlas.getContext('2d');
  ICONS.forEach((name, i) => {
    const one = document.createElement('canvas');
    drawIcon(one, shapeOf(name), COLOURS[categoryName(name) ?? 'other'], ICON_PX);
    c?.drawImage(one, i * ICON_PX, 0);
  });
  return atlas;
}

function categoryName(icon: string): keyof typeof COLOURS | undefined {
  const cat = icon.replace(/^v-/, '').replace(/-still$/, '');
  return cat in COLOURS ? (cat as keyof typeof COLOURS) : undefined;
}

// The stations' custom layer. setData keeps the arrays and marks the buffer stale; the next
// frame uploads it once. onDrawn gets the count after the first frame that drew new data.
class StationLayer implements maplibregl.CustomLayerInterface {
  readonly id = 'vessels';
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  private map: maplibregl.Map | null = null;
  private program: WebGLProgram | null = null;
  private buffer: WebGLBuffer | null = null;
  private texture: WebGLTexture | null = null;
  private loc = { pos: -1, rot: -1, icon: -1, matrix: null as WebGLUniformLocation | null, size: null as WebGLUniformLocation | null, atlas: null as WebGLUniformLocation | null, icons: null as WebGLUniformLocation | null };
  private data: LayerArrays = { count: 0, attrs: new Float32Array(0), mmsi: new Uint32Array(0) };
  private stale = false;
  private drawnCount = -2;  // -2: no data yet (frames before it report nothing), -1: not drawn
  private version = 0;  // of the data, for the sprite cache
  private moving = false;
  private lastZoom = -1;  // of the last frame drawn
  private cache: SpriteCache | null = null;
  private cacheTexture: WebGLTexture | null = null;
  private framebuffer: WebGLFramebuffer | null = null;
  private quadProgram: WebGLProgram | null = null;
  private quadBuffer: WebGLBuffer | null = null;
  private quadLoc = { pos: -1, matrix: null as WebGLUniformLocation | null, extent: null as WebGLUniformLocation | null, image: null as WebGLUniformLocation | null };

  constructor(private readonly onDrawn: (count: number) => void) {}

  setData(data: LayerArrays): void {
    this.data = data;
    this.stale = true;
    this.version++;
    this.drawnCount = -1;  // the next frame reports, even with the same count
    this.map?.triggerRepaint();
  }

  arrays(): LayerArrays {
    return this.data;
  }

  onAdd(map: maplibregl.Map, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    this.map = map;
    const program = link(gl, VERTEX_SHADER, FRAGMENT_SHADER);
    this.program = program;
    const quad = link(gl, QUAD_VERTEX_SHADER, QUAD_FRAGMENT_SHADER);
    this.quadProgram = quad;
    this.quadLoc = {
      pos: gl.getAttribLocation(quad, 'a_pos'),
      matrix: gl.getUniformLocation(quad, 'u_matrix'),
      extent: gl.getUniformLocation(quad, 'u_extent'),
      image: gl.getUniformLocation(quad, 'u_image'),
    };
    this.quadBuffer = gl.createBuffer();
    this.loc = {
      pos: gl.getAttribLocation(program, 'a_pos'),
      rot: gl.getAttribLocation(program, 'a_rot'),
      icon: gl.getAttribLocation(program, 'a_icon'),
      matrix: gl.getUniformLocation(program, 'u_matrix'),
      size: gl.getUniformLocation(program, 'u_size'),
      atlas: gl.getUniformLocation(program, 'u_atlas'),
      icons: gl.getUniformLocation(program, 'u_icons'),
    };
    this.buffer = gl.createBuffer();
    this.texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    // MapLibre blends premultiplied colours.
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, iconAtlas());
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    this.stale = true;
  }

  onRemove(_map: maplibregl.Map, gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    gl.deleteBuffer(this.buffer);
    gl.deleteBuffer(this.quadBuffer);
    gl.deleteTexture(this.texture);
    gl.deleteTexture(this.cacheTexture);
    gl.deleteFramebuffer(this.framebuffer);
    gl.deleteProgram(this.program);
    gl.deleteProgram(this.quadProgram);
    this.map = null;
  }

  // While the map is dragged, the stations are drawn once into a texture a margin larger than
  // the view (prerender) and each frame draws only that texture, moved with the map: one
  // textured rectangle instead of tens of thousands of sprites, whose fill is most of a frame
  // on a software renderer (docs/perf.md). At rest, and when the zoom changes, the sprites are
  // drawn directly, so that nothing is resampled.
  setMoving(on: boolean): void {
    this.moving = on;
    if (!on) this.map?.triggerRepaint();
  }

  prerender(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
    const map = this.map;
    // A zoom animation changes the scale every frame: a cache would be drawn for one frame only.
    if (!map || !this.moving || this.data.count === 0 || map.getZoom() !== this.lastZoom) return;
    const view = this.viewExtent(map, gl);
    const c = this.cache;
    if (c && c.version === this.version && c.zoom === map.getZoom() && c.pxW === gl.drawingBufferWidth &&
        c.pxH === gl.drawingBufferHeight && view.x0 >= c.x0 && view.x1 <= c.x1 && view.y0 >= c.y0 && view.y1 <= c.y1) return;
    const max = Math.min(gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, CACHE_MAX_PX);
    const scale = gl.drawingBufferWidth / (view.x1 - view.x0);  // pixels per Mercator unit
    const margin = Math.max(0, Math.floor(Math.min((max - gl.drawingBufferWidth) / 2, (max - gl.drawingBufferHeight) / 2, CACHE_MARGIN * Math.max(gl.drawingBufferWidth, gl.drawingBufferHeight))));
    const w = gl.drawingBufferWidth + 2 * margin, h = gl.drawingBufferHeight + 2 * margin;
    const next: SpriteCache = {
      version: this.version, zoom: map.getZoom(), pxW: gl.drawingBufferWidth, pxH: gl.drawingBufferHeight, w, h,
      x0: view.x0 - margin / scale, x1: view.x1 + margin / scale, y0: view.y0 - margin / scale, y1: view.y1 + margin / scale,
    };
    if (!this.cacheTexture || !c || c.w !== w || c.h !== h) {
      gl.deleteTexture(this.cacheTexture);
      this.cacheTexture = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, this.cacheTexture);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, w, h, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      this.framebuffer ??= gl.createFramebuffer();
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.cacheTexture, 0);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.framebuffer);
    gl.viewport(0, 0, w, h);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    // Mercator [x0, x1] × [y0, y1] onto the whole texture, north at its top row.
    const sx = 2 / (next.x1 - next.x0), sy = -2 / (next.y1 - next.y0);
    const ortho = new Float32Array([sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, 1, 0, -1 - next.x0 * sx, 1 - next.y0 * sy, 0, 1]);
    this.drawSprites(gl, ortho);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.cache = next;
    const quad = new Float32Array([next.x0, next.y0, next.x1, next.y0, next.x0, next.y1, next.x1, next.y1]);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.quadBuffer);
    gl.bufferData(gl.ARRAY_BUFFER, quad, gl.DYNAMIC_DRAW);
  }

  render(gl: WebGLRenderingContext | WebGL2RenderingContext, options: maplibregl.CustomRenderMethodInput): void {
    const map = this.map;
    if (!map || !this.program) return;
    const matrix = options.defaultProjectionData.mainMatrix as Float32Array;
    this.lastZoom = map.getZoom();
    const c = this.cache;
    if (this.moving && c && c.version === this.version && c.zoom === map.getZoom() && this.quadProgram) {
      gl.useProgram(this.quadProgram);
      gl.bindBuffer(gl.ARRAY_BUFFER, this.quadBuffer);
      gl.enableVertexAttribArray(this.quadLoc.pos);
      gl.vertexAttribPointer(this.quadLoc.pos, 2, gl.FLOAT, false, 8, 0);
      gl.uniformMatrix4fv(this.quadLoc.matrix, false, matrix);
      gl.uniform4f(this.quadLoc.extent, c.x0, c.y0, c.x1, c.y1);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, this.cacheTexture);
      gl.uniform1i(this.quadLoc.image, 0);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      gl.disableVertexAttribArray(this.quadLoc.pos);
    } else {
      this.drawSprites(gl, matrix);
    }
    const count = this.data.count;
    if (this.drawnCount !== -2 && count !== this.drawnCount) {
      this.drawnCount = count;
      // The frame is on screen at the next animation frame.
      requestAnimationFrame(() => this.onDrawn(count));
    }
  }

  // The view's Web Mercator extent (the map never rotates or tilts: an axis-aligned box).
  private viewExtent(map: maplibregl.Map, gl: WebGLRenderingContext | WebGL2RenderingContext) {
    const ratio = map.getPixelRatio();
    const nw = map.unproject([0, 0]);
    const se = map.unproject([gl.drawingBufferWidth / ratio, gl.drawingBufferHeight / ratio]);
    return { x0: mercatorX(nw.lng), y0: mercatorY(nw.lat), x1: mercatorX(se.lng), y1: mercatorY(se.lat) };
  }

  private drawSprites(gl: WebGLRenderingContext | WebGL2RenderingContext, matrix: Float32Array): void {
    const map = this.map;
    if (!map || !this.program) return;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    if (this.stale) {
      gl.bufferData(gl.ARRAY_BUFFER, this.data.attrs.subarray(0, this.data.count * LAYER_STRIDE), gl.DYNAMIC_DRAW);
      this.stale = false;
    }
    const count = this.data.count;
    if (count === 0) return;
    gl.useProgram(this.program);
    const bytes = LAYER_STRIDE * 4;
    gl.enableVertexAttribArray(this.loc.pos);
    gl.vertexAttribPointer(this.loc.pos, 2, gl.FLOAT, false, bytes, 0);
    gl.enableVertexAttribArray(this.loc.rot);
    gl.vertexAttribPointer(this.loc.rot, 1, gl.FLOAT, false, bytes, 8);
    gl.enableVertexAttribArray(this.loc.icon);
    gl.vertexAttribPointer(this.loc.icon, 1, gl.FLOAT, false, bytes, 12);
    gl.uniformMatrix4fv(this.loc.matrix, false, matrix);
    gl.uniform1f(this.loc.size, ICON_CSS_PX * iconScale(map.getZoom()) * map.getPixelRatio());
    gl.uniform1f(this.loc.icons, ICONS.length);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.texture);
    gl.uniform1i(this.loc.atlas, 0);
    gl.disable(gl.DEPTH_TEST);
    gl.disable(gl.STENCIL_TEST);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.POINTS, 0, count);
    gl.disableVertexAttribArray(this.loc.pos);
    gl.disableVertexAttribArray(this.loc.rot);
    gl.disableVertexAttribArray(this.loc.icon);
  }
}

export interface VesselMapOptions {
  view: BBox;
  layers: GeoLayer[];                        // the server's layers; the maritime ones are drawn
  loadLayer(name: string): Promise<FeatureCollection>;
  attribution: string;
  onMove(box: BBox): void;                   // the box in view changed (after a pan or zoom)
  onMoving(moving: boolean): void;           // a pan or zoom started or ended
  onSelect(mmsi: number): void;
  onError(e: unknown): void;
}

export interface VesselMap {
  setVessels(list: readonly Vessel[]): void;
  setSelected(mmsi: number | null): void;
  setTrack(points: readonly TrackPoint[], upto: number): void;
  flyTo(lon: number, lat: number): void;
  drawnLayers(): string[];
  // Runs `fn` with the MapLibre map once its own layers are in (at once if they are): the hook
  // for overlays that live beside this file (areas of interest, drawing, areas.ts).
  // `below` is the layer to insert overlay layers under, so that they stay under the vessels.
  withMap(fn: (map: maplibregl.Map, below: string) => void): void;
  destroy(): void;
}

export function mountVesselMap(host: HTMLElement, opts: VesselMapOptions): VesselMap {
  const [w, s, e, n] = opts.view;
  const map = new maplibregl.Map({
    container: host,
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'sea', type: 'background', paint: { 'background-color': '#bcd3e6' } }],
    },
    bounds: [[w, s], [e, n]],
    maxBounds: [[-140, -40], [-20, 50]],
    minZoom: 3,
    maxZoom: 16,
    // On a phone the sources take four lines of the map: there they fold behind MapLibre's (i).
    attributionControl: { compact: host.clientWidth < 640, customAttribution: opts.attribution },
    dragRotate: false,
    pitchWithRotate: false,
    fadeDuration: 0,
  });
  map.touchZoomRotate.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-left');
  // Top right: on a phone the sources' line at the bottom takes the whole width.
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'top-right');

  let destroyed = false;
  let styleReady = false;
  let vessels: readonly Vessel[] = [];
  let pendingTrack: FeatureCollection | null = null;
  let selected: number | null = null;
  const drawn: string[] = [];
  let labels: maplibregl.Marker[] = [];
  let firstDrawn = false;
  const waiting: ((map: maplibregl.Map, below: string) => void)[] = [];
  const stations = new StationLayer((count) => {
    if (destroyed) return;
    if (!firstDrawn && count > 0) {
      firstDrawn = true;
      performance.mark('maritime:vessels-drawn', { detail: { count } });
    }
    host.setAttribute('data-drawn', String(count));
  });

  const box = (): BBox => {
    const b = map.getBounds();
    return [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())];
  };

  // The stations whose position is in the current view, by their index in `vessels`.
  const inView = (): number[] => {
    const [w, s, e, n] = box();
    const out: number[] = [];
    vessels.forEach((v, i) => {
      const p = v.position;
      if (p && p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n) out.push(i);
    });
    return out;
  };

  const refreshLabels = () => {
    for (const m of labels) m.remove();
    labels = [];
    host.setAttribute('data-labels', '0');
    if (!styleReady || map.getZoom() < LABEL_ZOOM) return;
    // The stations nearest the centre (where the user looks, and where a chosen ship is) first.
    const centre = map.getCenter();
    const found: { name: string; at: [number, number]; d: number }[] = [];
    for (const i of inView()) {
      const v = vessels[i];
      const p = v?.position;
      if (!v || !p) continue;
      const at: [number, number] = [p.lon, p.lat];
      found.push({ name: v.name?.trim() || formatMmsi(v.mmsi), at, d: (at[0] - centre.lng) ** 2 + (at[1] - centre.lat) ** 2 });
    }
    found.sort((a, b) => a.d - b.d);
    // A label that would cover one already placed is left out (its icon stays).
    const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
    for (const { name, at } of found) {
      if (labels.length >= MAX_LABELS) break;
      const p = map.project(at);
      const r = { x0: p.x + 8, y0: p.y - 8, x1: p.x + 12 + name.length * 6.6, y1: p.y + 8 };
      if (placed.some((q) => r.x0 < q.x1 && q.x0 < r.x1 && r.y0 < q.y1 && q.y0 < r.y1)) continue;
      placed.push(r);
      const el = document.createElement('div');
      el.className = 'vessel-label';
      el.textContent = name;
      labels.push(new maplibregl.Marker({ element: el, anchor: 'left', offset: [10, 0] }).setLngLat(at).addTo(map));
    }
    host.setAttribute('data-labels', String(labels.length));
  };

  // The station drawn nearest a point of the canvas, within PICK_PX, or null.
  const pick = (point: maplibregl.Point): number | null => {
    const { count, attrs, mmsi } = stations.arrays();
    const a = map.unproject([point.x - PICK_PX, point.y - PICK_PX]);
    const b = map.unproject([point.x + PICK_PX, point.y + PICK_PX]);
    const [x0, x1] = [mercatorX(Math.min(a.lng, b.lng)), mercatorX(Math.max(a.lng, b.lng))];
    const [y0, y1] = [mercatorY(Math.max(a.lat, b.lat)), mercatorY(Math.min(a.lat, b.lat))];
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    let best: number | null = null;
    let bestD = Infinity;
    for (let i = 0; i < count; i++) {
      const x = attrs[i * LAYER_STRIDE] as number, y = attrs[i * LAYER_STRIDE + 1] as number;
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = mmsi[i] ?? null;
      }
    }
    return best;
  };

  const applyVessels = (list: readonly Vessel[]) => {
    vessels = list;
    stations.setData(layerArrays(list));
    applySelected();
    host.setAttribute('data-vessels', String(list.length));
    refreshLabels();
  };

  map.on('load', () => {
    if (destroyed) return;
    map.addSource('selected', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addSource('track', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'track-line', type: 'line', source: 'track',
      paint: { 'line-color': '#0b3d91', 'line-width': 3, 'line-opacity': 0.85 },
    });
    map.addLayer({
      id: 'selected', type: 'circle', source: 'selected',
      paint: { 'circle-radius': 14, 'circle-color': 'rgba(255,214,0,0.35)', 'circle-stroke-color': '#f1c40f', 'circle-stroke-width': 2 },
    });
    map.addLayer(stations);
    map.addLayer({
      id: 'track-at', type: 'circle', source: 'track', filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 6, 'circle-color': '#ffffff', 'circle-stroke-color': '#0b3d91', 'circle-stroke-width': 3 },
    });
    styleReady = true;
    void drawBase();
    if (vessels.length > 0) applyVessels(vessels);
    if (pendingTrack) (map.getSource('track') as maplibregl.GeoJSONSource).setData(pendingTrack);
    applySelected();
    for (const fn of waiting.splice(0)) fn(map, 'track-line');
    host.setAttribute('data-ready', 'true');
    opts.onMove(box());
  });

  const applySelected = () => {
    const src = styleReady ? (map.getSource('selected') as maplibregl.GeoJSONSource | undefined) : undefined;
    const p = selected === null ? undefined : vessels.find((v) => v.mmsi === selected)?.position;
    src?.setData({ type: 'FeatureCollection', features: p ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } }] : [] });
  };

  // The basemap and zones go under the vessels, in ZONE_STYLES order, land on top of the sea zones.
  const drawBase = async () => {
    try {
      const base = await loadBasemap();
      if (destroyed) return;
      map.addSource('basemap', { type: 'geojson', data: base });
      map.addLayer({ id: 'land', type: 'fill', source: 'basemap', paint: { 'fill-color': '#eceae4' } }, 'track-line');
      map.addLayer({ id: 'land-line', type: 'line', source: 'basemap', paint: { 'line-color': '#8c99a6', 'line-width': 0.6 } }, 'track-line');
    } catch (err) {
      opts.onError(err);
    }
    const wanted = opts.layers.filter((l) => isMaritimeLayer(l.name));
    const rank = (name: string) => ZONE_STYLES.findIndex((z) => z.match.test(name));
    const ordered = [...wanted].sort((a, b) => rank(a.name) - rank(b.name));
    for (const layer of ordered) {
      try {
        const fc = await opts.loadLayer(layer.name);
        if (destroyed) return;
        const st = ZONE_STYLES.find((z) => z.match.test(layer.name));
        if (!st) continue;
        const id = `zone-${layer.name}`;
        map.addSource(id, { type: 'geojson', data: fc });
        const below = map.getLayer('land') ? 'land' : 'track-line';
        map.addLayer({ id: `${id}-fill`, type: 'fill', source: id, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'fill-color': st.fill, 'fill-opacity': st.opacity } }, below);
        map.addLayer({ id: `${id}-line`, type: 'line', source: id, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': st.line, 'line-width': 1.2, ...(st.dash ? { 'line-dasharray': st.dash } : {}) } }, below);
        map.addLayer({ id: `${id}-point`, type: 'circle', source: id, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': st.fill, 'circle-stroke-color': st.line, 'circle-stroke-width': 1.5 } }, 'track-line');
        drawn.push(layer.name);
        host.setAttribute('data-layers', drawn.join(' '));
      } catch (err) {
        if (!destroyed) opts.onError(err);
      }
    }
  };

  map.on('click', (ev) => {
    const mmsi = pick(ev.point);
    if (mmsi !== null) opts.onSelect(mmsi);
  });
  // The pointer over a station shows it can be clicked; looked up at most once a frame.
  let hover: maplibregl.Point | null = null;
  map.on('mousemove', (ev) => {
    if (hover === null) {
      requestAnimationFrame(() => {
        if (destroyed || hover === null) return;
        map.getCanvas().style.cursor = pick(hover) === null ? '' : 'pointer';
        hover = null;
      });
    }
    hover = ev.point;
  });
  map.on('movestart', () => {
    if (destroyed) return;
    opts.onMoving(true);
    stations.setMoving(true);
  });
  map.on('moveend', () => {
    if (destroyed) return;
    opts.onMoving(false);
    stations.setMoving(false);
    if (!styleReady) return;
    refreshLabels();
    opts.onMove(box());
  });
  map.on('error', (ev) => { if (!destroyed) opts.onError(ev.error); });

  return {
    setVessels(list) {
      if (styleReady) applyVessels(list);
      else vessels = list;
    },
    setSelected(mmsi) {
      selected = mmsi;
      applySelected();
    },
    setTrack(points, upto) {
      const fc = trackFeatures(points, upto);
      const src = styleReady ? (map.getSource('track') as maplibregl.GeoJSONSource | undefined) : undefined;
      if (src) src.setData(fc);
      else pendingTrack = fc;
    },
    flyTo(lon, lat) {
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 10), duration: 0 });
    },
    drawnLayers: () => [...drawn],
    withMap(fn) {
      if (styleReady) fn(map, 'track-line');
      else waiting.push(fn);
    },
    destroy() {
      destroyed = true;
      for (const m of labels) m.remove();
      map.remove();
    },
  };
}
