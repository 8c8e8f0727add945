// Areas of interest, the pure part: the polygon a user draws by clicks (what the map shows while
// drawing, the GeoJSON the server takes), an area's extent, and who may delete it. No map, no DOM.
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { Role, ZoneProperties } from '../../lib/types';

export type LngLat = [number, number];
export const MIN_VERTICES = 3;
// Screen distance (px) under which a click repeats the last vertex: the second click of a
// double-click, or a tap that did not move.
export const SAME_POINT_PX = 5;

// The drawing as the map shows it: the vertices, the edges so far (to the pointer when it is on
// the map) and, from three vertices, the surface the area will cover.
export function draftFeatures(vertices: readonly LngLat[], pointer: LngLat | null): FeatureCollection {
  const features: Feature[] = vertices.map((v, i) => ({
    type: 'Feature', properties: { first: i === 0 }, geometry: { type: 'Point', coordinates: v },
  }));
  const path = pointer ? [...vertices, pointer] : [...vertices];
  if (path.length >= 2) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [...path, ...(path.length >= 3 ? [path[0] as LngLat] : [])] } });
  }
  if (path.length >= MIN_VERTICES) {
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [closedRing(path)] } });
  }
  return { type: 'FeatureCollection', features };
}

// Twice the ring's signed area (shoelace): positive when counter-clockwise.
function signedArea(ring: readonly Position[]): number {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const p = ring[i] as Position;
    const q = ring[i + 1] as Position;
    a += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
  }
  return a;
}

function closedRing(vertices: readonly LngLat[]): Position[] {
  const ring: Position[] = vertices.map((v) => [v[0], v[1]]);
  const first = ring[0];
  if (first) ring.push([first[0] as number, first[1] as number]);
  return ring;
}

// The drawn area as the GeoJSON Feature the upload route takes: one closed ring, counter-clockwise
// as RFC 7946 asks of an outer ring, coordinates rounded to 1e-6° (about 10 cm).
export function drawnArea(vertices: readonly LngLat[], name: string): Feature<Polygon> {
  if (vertices.length < MIN_VERTICES) throw new Error(`an area needs at least ${MIN_VERTICES} vertices`);
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  let ring = closedRing(vertices.map(([x, y]) => [round(x), round(y)]));
  if (signedArea(ring) < 0) ring = ring.reverse();
  return { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } };
}

// West, south, east, north of a zone's outer rings, or null without coordinates.
export function extentOf(geometry: Polygon | MultiPolygon): [number, number, number, number] | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of polygons) {
    for (const p of poly[0] ?? []) {
      const [x, y] = p as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

// What the server allows (DELETE /api/v1/maritime/zones/{id}): supervisors and admins of the
// owning organization.
export function mayDelete(area: Pick<ZoneProperties, 'owner_org'>, orgId: string, roles: readonly Role[]): boolean {
  return area.owner_org === orgId && roles.some((r) => r === 'supervisor' || r === 'admin');
}

