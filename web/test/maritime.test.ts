import { describe, expect, it } from 'vitest';
import {
  ageSeconds, categoryOf, colourOf, COLOURS, flagName, formatAge, formatMmsi, iconOf, rotationOf, shipTypeCategory,
  ICONS, LAYER_STRIDE, layerArrays, mercatorX, mercatorY, sortVessels, trackFeatures, vesselsFromMessage,
} from '../src/features/maritime/logic';
import type { Vessel } from '../src/lib/types';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();
const v = (mmsi: number, extra: Partial<Vessel> = {}): Vessel => ({ mmsi, kind: 'class_a', ...extra });

describe('vessel icon rotation', () => {
  it('uses the true heading before the course', () => {
    expect(rotationOf(v(1, { position: { lat: 9, lon: -79, time: at(0), heading_deg: 91, cog_deg: 80 } }))).toBe(91);
  });
  it('falls back to the course over ground without a heading', () => {
    expect(rotationOf(v(1, { position: { lat: 9, lon: -79, time: at(0), cog_deg: 359.9 } }))).toBe(359.9);
  });
  it('has none without heading or course, and none for stations that do not move', () => {
    expect(rotationOf(v(1, { position: { lat: 9, lon: -79, time: at(0) } }))).toBeNull();
    expect(rotationOf(v(3520001, { kind: 'base_station', position: { lat: 9, lon: -79, time: at(0), cog_deg: 45 } }))).toBeNull();
    expect(rotationOf(v(993520001, { kind: 'aid_to_navigation', position: { lat: 9, lon: -79, time: at(0), heading_deg: 45 } }))).toBeNull();
  });
  it('draws a round icon for a ship with no direction and a hull for one with', () => {
    expect(iconOf(v(1, { ship_type: 70, position: { lat: 9, lon: -79, time: at(0) } }))).toBe('v-cargo-still');
    expect(iconOf(v(1, { ship_type: 70, position: { lat: 9, lon: -79, time: at(0), cog_deg: 10 } }))).toBe('v-cargo');
    expect(iconOf(v(111352001, { kind: 'sar_aircraft', position: { lat: 9, lon: -79, time: at(0), cog_deg: 10 } }))).toBe('v-sar_aircraft');
  });
});

describe('colour by kind and ship type', () => {
  it('sorts class A ships by the first digit of their AIS ship type', () => {
    expect(shipTypeCategory(70)).toBe('cargo');
    expect(shipTypeCategory(84)).toBe('tanker');
    expect(shipTypeCategory(60)).toBe('passenger');
    expect(shipTypeCategory(30)).toBe('fishing');
    expect(shipTypeCategory(52)).toBe('service');
    expect(shipTypeCategory(37)).toBe('pleasure');
    expect(shipTypeCategory(undefined)).toBe('other');
    expect(shipTypeCategory(99)).toBe('other');
  });
  it('gives every station kind its own colour', () => {
    expect(categoryOf({ kind: 'class_b' })).toBe('class_b');
    expect(categoryOf({ kind: 'base_station' })).toBe('base_station');
    expect(colourOf({ kind: 'aid_to_navigation' })).toBe(COLOURS.aid_to_navigation);
    expect(colourOf({ kind: 'sar_aircraft' })).toBe(COLOURS.sar_aircraft);
    expect(colourOf({ kind: 'class_a', ship_type: 80 })).toBe(COLOURS.tanker);
    expect(new Set(Object.values(COLOURS)).size).toBe(Object.keys(COLOURS).length);
  });
  it('colours a class B ship by its type when it sent one', () => {
    expect(categoryOf({ kind: 'class_b', ship_type: 30 })).toBe('fishing');
    expect(categoryOf({ kind: 'class_b', ship_type: 99 })).toBe('class_b');
  });
});

describe('age of the last report', () => {
  it('counts seconds to now and never goes negative', () => {
    expect(ageSeconds(at(75), NOW)).toBe(75);
    expect(ageSeconds(at(-10), NOW)).toBe(0);
    expect(ageSeconds(undefined, NOW)).toBeNull();
    expect(ageSeconds('yesterday', NOW)).toBeNull();
  });
  it('is written in the largest whole unit, in each language', () => {
    expect(formatAge(45, 'en')).toBe('45 sec');
    expect(formatAge(12 * 60 + 30, 'en')).toBe('12 min');
    expect(formatAge(3 * 3600 + 5, 'en')).toBe('3 hr');
    expect(formatAge(2 * 86400, 'en')).toBe('2 days');
    expect(formatAge(12 * 60, 'es')).toBe('12 min');
    expect(formatAge(null, 'es')).toBe('—');
  });
});

describe('vessel list order', () => {
  const list: Vessel[] = [
    v(352000002, { name: 'Zeta', flag: { iso2: 'PA', name: 'Panama' }, position: { lat: 9, lon: -79, time: at(10), sog_kn: 12 } }),
    v(352000001, { name: 'alfa', flag: { iso2: 'LR', name: 'Liberia' }, position: { lat: 9, lon: -79, time: at(300), sog_kn: 3 } }),
    v(352000003, { kind: 'class_b', position: { lat: 9, lon: -79, time: at(60) } }),
    v(352000004, { name: 'Beta 10', position: { lat: 9, lon: -79, time: at(5), sog_kn: 20 } }),
    v(352000005, { name: 'Beta 9', position: { lat: 9, lon: -79, time: at(5), sog_kn: 20 } }),
  ];
  const ids = (l: Vessel[]) => l.map((x) => x.mmsi % 10);
  it('sorts names without case and numbers as numbers, nameless last in both directions', () => {
    expect(ids(sortVessels(list, { key: 'name', dir: 1 }, NOW, 'es'))).toEqual([1, 5, 4, 2, 3]);
    expect(ids(sortVessels(list, { key: 'name', dir: -1 }, NOW, 'es'))).toEqual([2, 4, 5, 1, 3]);
  });
  it('sorts by speed and by age of the last report, ties by MMSI', () => {
    expect(ids(sortVessels(list, { key: 'speed', dir: -1 }, NOW, 'es'))).toEqual([4, 5, 2, 1, 3]);
    expect(ids(sortVessels(list, { key: 'age', dir: 1 }, NOW, 'es'))).toEqual([4, 5, 2, 3, 1]);
  });
  it('leaves the list it was given as it was', () => {
    const before = ids(list);
    sortVessels(list, { key: 'mmsi', dir: -1 }, NOW, 'es');
    expect(ids(list)).toEqual(before);
  });
});

describe('map data', () => {
  it('gives the WebGL layer one entry per station with a position: Mercator x, y, rotation and icon', () => {
    const a = layerArrays([
      v(3520001, { kind: 'base_station', position: { lat: 0, lon: 0, time: at(0) } }),
      v(352000001, { name: ' ' }),
      v(352000002, { name: 'ISTMO', ship_type: 70, position: { lat: 8, lon: -80, time: at(0), heading_deg: 90 } }),
    ]);
    expect(a.count).toBe(2);
    expect([...a.mmsi.slice(0, 2)]).toEqual([3520001, 352000002]);
    expect([...a.attrs.slice(0, LAYER_STRIDE)]).toEqual([0.5, 0.5, 0, ICONS.indexOf('v-base_station')]);
    const o = LAYER_STRIDE;
    expect(a.attrs[o]).toBeCloseTo(mercatorX(-80), 6);
    expect(a.attrs[o + 1]).toBeCloseTo(mercatorY(8), 6);
    expect(a.attrs[o + 2]).toBeCloseTo(Math.PI / 2, 6);
    expect(a.attrs[o + 3]).toBe(ICONS.indexOf('v-cargo'));
  });
  it('projects like MapLibre: north is up, the equator in the middle', () => {
    expect(mercatorX(-180)).toBe(0);
    expect(mercatorY(0)).toBeCloseTo(0.5, 12);
    expect(mercatorY(10)).toBeLessThan(0.5);
  });
  it('reads the compact form by field name, absent values left out', () => {
    const list = vesselsFromMessage({
      type: 'vessels', seq: 7,
      fields: ['mmsi', 'lat', 'lon', 'sog_kn', 'cog_deg', 'heading_deg', 'kind', 'time_ms', 'name', 'flags', 'ship_type', 'flag', 'later'],
      items: [
        [352000002, 8.5, -79.5, 12.5, 90.1, 91, 'class_a', NOW, 'ISTMO', 4, 70, 'PA', 1],
        [993520001, 9, -79, null, null, null, 'aid_to_navigation', NOW - 1000, null, null, null, null, null],
      ],
    });
    expect(list[0]).toEqual({
      mmsi: 352000002, kind: 'class_a', name: 'ISTMO', ship_type: 70, flag: { iso2: 'PA', name: 'PA' },
      position: { lat: 8.5, lon: -79.5, time: at(0), sog_kn: 12.5, cog_deg: 90.1, heading_deg: 91, flags: ['jump'] },
    });
    expect(list[1]).toEqual({ mmsi: 993520001, kind: 'aid_to_navigation', position: { lat: 9, lon: -79, time: at(1) } });
  });
  it('draws the track up to the slider and marks that point', () => {
    const pts = [0, 1, 2, 3].map((i) => ({ time: at(3600 - i * 600), lat: 9 + i, lon: -79 - i }));
    const fc = trackFeatures(pts, 2);
    expect(fc.features[0]?.geometry).toEqual({ type: 'LineString', coordinates: [[-79, 9], [-80, 10], [-81, 11]] });
    expect(fc.features[1]?.geometry).toEqual({ type: 'Point', coordinates: [-81, 11] });
    expect(trackFeatures(pts, 0).features).toHaveLength(1);
    expect(trackFeatures([], -1).features).toHaveLength(0);
  });
  it('writes the MMSI with its nine digits and names the flag in the reader\'s language', () => {
    expect(formatMmsi(3520001)).toBe('003520001');
    expect(flagName({ iso2: 'PA', name: 'Panama' }, 'es')).toBe('Panamá');
    expect(flagName({ iso2: 'PA', name: 'Panama' }, 'en')).toBe('Panama');
    expect(flagName(undefined, 'en')).toBe('—');
  });
});
