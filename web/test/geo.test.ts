// The GeoJSON the product ships in data/geo: well formed, and the stations where they belong.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bboxOf } from '../src/lib/geo';

const dir = join(__dirname, '../../data/geo');
const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as FeatureCollection;

// Ray casting on one ring; good enough at the scale of a country outline.
function inRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if ((yi > p[1]!) !== (yj > p[1]!) && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function inPolygons(p: Position, g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some(([outer, ...holes]) => outer !== undefined && inRing(p, outer) && !holes.some((h) => inRing(p, h)));
}

describe('data/geo', () => {
  it('every file is a FeatureCollection and is named in SOURCES.md', () => {
    const sources = readFileSync(join(dir, 'SOURCES.md'), 'utf8');
    const files = readdirSync(dir).filter((f) => f.endsWith('.geojson'));
    expect(files.sort()).toEqual([
      'panama_canal.geojson', 'panama_canal_centreline.geojson', 'panama_contiguous_zone.geojson', 'panama_eez.geojson',
      'panama_land.geojson', 'panama_ports.geojson', 'panama_territorial_sea.geojson', 'region_land.geojson', 'stations.geojson',
    ]);
    for (const f of files) {
      const fc = read(f);
      expect(fc.type, f).toBe('FeatureCollection');
      expect(fc.features.length, f).toBeGreaterThan(0);
      expect(sources, f).toContain(f);
    }
  });

  it('has the four Darién reception stations as points inside Panama', () => {
    const stations = read('stations.geojson');
    const land = read('panama_land.geojson').features[0]!.geometry as MultiPolygon;
    const names = stations.features.map((f) => f.properties?.name).sort();
    expect(names).toEqual(['Bajo Chiquito', 'Canaán Membrillo', 'Lajas Blancas', 'San Vicente']);
    for (const f of stations.features) {
      expect(f.properties?.kind).toBe('reception_station');
      expect(f.properties?.id).toMatch(/^ERM-/);
      const p = (f.geometry as Point).coordinates;
      expect(inPolygons(p, land), f.properties?.name).toBe(true);
      // Darién province lies east of 78.5°W.
      expect(p[0]!).toBeGreaterThan(-78.5);
    }
  });

  it('has a territorial sea that contains the land and reaches past the coast', () => {
    const land = bboxOf(read('panama_land.geojson').features[0]!.geometry)!;
    const sea = bboxOf(read('panama_territorial_sea.geojson').features[0]!.geometry)!;
    expect(sea[0]).toBeLessThanOrEqual(land[0] + 0.01);
    expect(sea[1]).toBeLessThan(land[1]);   // south of Punta Mariato, at sea
    expect(sea[3]).toBeGreaterThan(land[3]); // north of the Caribbean coast
    // 12 nautical miles is about 0.2°; a much larger margin would be an EEZ, not a territorial sea.
    expect(land[1] - sea[1]).toBeLessThan(0.35);
  });
});
