import { describe, expect, it } from 'vitest';
import { draftFeatures, drawnArea, extentOf, mayDelete, type LngLat } from '../src/features/maritime/area-logic';

// A square drawn clockwise (as a user may click it) off Panama City.
const CLOCKWISE: LngLat[] = [[-79.5, 8.9], [-79.4, 8.9], [-79.4, 8.8], [-79.5, 8.8]];

describe('a drawn area of interest', () => {
  it('is one closed ring, counter-clockwise as RFC 7946 asks, with its name', () => {
    const f = drawnArea(CLOCKWISE, 'Bahía');
    const ring = f.geometry.coordinates[0] ?? [];
    expect(f.properties).toEqual({ name: 'Bahía' });
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i] as number[];
      const [x2, y2] = ring[i + 1] as number[];
      twiceArea += (x1 as number) * (y2 as number) - (x2 as number) * (y1 as number);
    }
    expect(twiceArea).toBeGreaterThan(0);
  });

  it('keeps a counter-clockwise drawing in its order and rounds to a micro-degree', () => {
    const ccw: LngLat[] = [[-79.51234567, 8.8], [-79.4, 8.8], [-79.4, 8.9]];
    const ring = drawnArea(ccw, 'x').geometry.coordinates[0] ?? [];
    expect(ring[0]).toEqual([-79.512346, 8.8]);
    expect(ring[1]).toEqual([-79.4, 8.8]);
  });

  it('needs three vertices', () => {
    expect(() => drawnArea(CLOCKWISE.slice(0, 2), 'x')).toThrow();
  });
});

describe('the drawing on the map', () => {
  const kinds = (vs: LngLat[], pointer: LngLat | null) => draftFeatures(vs, pointer).features.map((f) => f.geometry.type);
  it('shows the vertices, then the edges to the pointer, then the surface', () => {
    expect(kinds([], null)).toEqual([]);
    expect(kinds([[-79, 9]], null)).toEqual(['Point']);
    expect(kinds([[-79, 9]], [-78, 9])).toEqual(['Point', 'LineString']);
    expect(kinds([[-79, 9], [-78, 9]], [-78, 8])).toEqual(['Point', 'Point', 'LineString', 'Polygon']);
  });
});

describe('areas of interest', () => {
  it('have the extent of their outer rings', () => {
    expect(extentOf(drawnArea(CLOCKWISE, 'x').geometry)).toEqual([-79.5, 8.8, -79.4, 8.9]);
    expect(extentOf({ type: 'MultiPolygon', coordinates: [[[[-80, 7], [-79, 7], [-79, 8], [-80, 7]]], [[[-78, 9], [-77, 9], [-77, 10], [-78, 9]]]] }))
      .toEqual([-80, 7, -77, 10]);
  });

  it('are deleted by supervisors and admins of the owning organization only, as the server allows', () => {
    expect(mayDelete({ owner_org: 'o1' }, 'o1', ['supervisor'])).toBe(true);
    expect(mayDelete({ owner_org: 'o1' }, 'o1', ['admin'])).toBe(true);
    expect(mayDelete({ owner_org: 'o1' }, 'o1', ['officer', 'analyst'])).toBe(false);
    expect(mayDelete({ owner_org: 'o1' }, 'o2', ['admin'])).toBe(false);
  });
});
