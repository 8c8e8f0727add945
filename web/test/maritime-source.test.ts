// The map's vessel source (features/maritime/source.ts): the layer answer, then the live stream
// from its seq, and polling only while the socket is down. A fake Api answers the layer; a fake
// WebSocket stands for the browser's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveVessels, REFRESH_MS } from '../src/features/maritime/source';
import type { BBox } from '../src/lib/geo';
import type { Vessel, VesselsMessage } from '../src/lib/types';
import type { Api } from '../src/shell/api';

const FIELDS = ['mmsi', 'lat', 'lon', 'sog_kn', 'cog_deg', 'heading_deg', 'kind', 'time_ms', 'name', 'flags', 'ship_type', 'flag'];
const T = Date.parse('2026-11-28T12:00:00Z');
const row = (mmsi: number, lon: number) => [mmsi, 8.5, lon, 10, 90, null, 'class_a', T, `SHIP ${mmsi}`, null, 70, 'PA'];
const BOX: BBox = [-80, 7, -78, 9];

class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: string[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.onclose?.();
  }
}

function fakeApi(answers: VesselsMessage[]) {
  const paths: string[] = [];
  const api = {
    request: vi.fn(async (_method: string, path: string) => {
      paths.push(path);
      return answers[Math.min(paths.length - 1, answers.length - 1)];
    }),
  } as unknown as Api;
  return { api, paths };
}

describe('the map vessel source', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('window', { location: { protocol: 'http:', host: 'istmo.test' } });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('draws the layer answer, then subscribes from its seq and applies the changes pushed', async () => {
    const { api, paths } = fakeApi([{ type: 'vessels', seq: 41, fields: FIELDS, items: [row(351000001, -79.5), row(351000002, -79)] }]);
    const got: Vessel[][] = [];
    const source = liveVessels(api, { onData: (list) => got.push(list), onError: (e) => { throw e; } });
    source.setBox(BOX);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(paths[0]).toBe('/api/v1/maritime/vessels?bbox=-80%2C7%2C-78%2C9&view=layer');
    expect(got[0]?.map((v) => v.mmsi)).toEqual([351000001, 351000002]);
    const ws = FakeSocket.all[0];
    expect(ws?.url).toBe('ws://istmo.test/api/v1/maritime/live?bbox=-80%2C7%2C-78%2C9&since=41&interval_ms=2000');
    ws?.onopen?.();
    ws?.onmessage?.({ data: JSON.stringify({ type: 'vessels', seq: 45, fields: FIELDS, items: [row(351000002, -78.5), row(351000003, -78.2)] }) });
    expect(got).toHaveLength(2);
    expect(got[1]?.map((v) => [v.mmsi, v.position?.lon])).toEqual([[351000001, -79.5], [351000002, -78.5], [351000003, -78.2]]);
    // While the map moves, changes wait; they come when it stops.
    source.hold(true);
    ws?.onmessage?.({ data: JSON.stringify({ type: 'vessels', seq: 46, fields: FIELDS, items: [row(351000001, -79.4)] }) });
    expect(got).toHaveLength(2);
    source.hold(false);
    expect(got[2]?.[0]?.position?.lon).toBe(-79.4);
    // With the socket open there is no polling.
    await vi.advanceTimersByTimeAsync(REFRESH_MS * 3);
    expect(paths).toHaveLength(1);
    // A new box: its layer answer, then the open socket is told the box and the answer's seq.
    source.setBox([-81, 6, -77, 10]);
    await vi.waitFor(() => expect(ws?.sent).toHaveLength(1));
    expect(JSON.parse(ws?.sent[0] ?? '')).toEqual({ bbox: [-81, 6, -77, 10], since: 41 });
    source.stop();
  });

  it('polls the layer while the socket is down and reconnects from the latest seq', async () => {
    const { api, paths } = fakeApi([
      { type: 'vessels', seq: 7, fields: FIELDS, items: [row(351000001, -79.5)] },
      { type: 'vessels', seq: 9, fields: FIELDS, items: [row(351000001, -79.4)] },
    ]);
    const got: Vessel[][] = [];
    const source = liveVessels(api, { onData: (list) => got.push(list), onError: () => {} });
    source.setBox(BOX);
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    FakeSocket.all[0]?.close();  // refused before it opened
    await vi.advanceTimersByTimeAsync(REFRESH_MS);
    expect(paths.length).toBeGreaterThanOrEqual(2);
    expect(got[got.length - 1]?.[0]?.position?.lon).toBe(-79.4);
    const again = FakeSocket.all[FakeSocket.all.length - 1];
    expect(FakeSocket.all.length).toBeGreaterThanOrEqual(2);
    expect(again?.url).toContain('since=9');
    source.stop();
  });
});
