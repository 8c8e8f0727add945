// Where the map's vessels come from. For each box in view: the layer view of the vessels route
// (GET /api/v1/maritime/vessels?view=layer, the compact form of src/maritime/live.h, ~80 bytes
// a station against 285 in the full JSON), then the live stream (/api/v1/maritime/live, a
// WebSocket) with only the stations changed after that answer (?since= its seq). When the
// socket cannot open or drops, the layer is fetched again every REFRESH_MS until a reconnect,
// tried with a growing delay, succeeds. The rest of the page knows only this interface.
import type { BBox } from '../../lib/geo';
import type { LiveMessage, Vessel, VesselsMessage } from '../../lib/types';
import type { Api } from '../../shell/api';
import { vesselsFromMessage } from './logic';

export interface VesselSource {
  // The area to watch; fetches it at once, then keeps it fresh.
  setBox(box: BBox): void;
  // While the user pans or zooms, updates wait: replacing 60,000 stations costs frames.
  hold(on: boolean): void;
  stop(): void;
}

export interface SourceEvents {
  onData(vessels: Vessel[], fetchedAt: number): void;
  onError(e: unknown): void;
}

export const REFRESH_MS = 5000;
// The live stream's pace: changes are pushed (coalesced per station) this often.
export const LIVE_INTERVAL_MS = 2000;
const RECONNECT_MS = [2000, 5000, 15000, 60000];

export function layerPath(box: BBox): string {
  return `/api/v1/maritime/vessels?${new URLSearchParams({ bbox: box.join(','), view: 'layer' }).toString()}`;
}

export function liveUrl(location: Pick<Location, 'protocol' | 'host'>, box: BBox, since: number): string {
  const q = new URLSearchParams({ bbox: box.join(','), since: String(since), interval_ms: String(LIVE_INTERVAL_MS) });
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/maritime/live?${q.toString()}`;
}

export function liveVessels(api: Api, events: SourceEvents): VesselSource {
  let box: BBox | null = null;
  let stopped = false;
  let held = false;
  let generation = 0;
  // The box's stations by MMSI: the layer answer, then every change the stream pushes.
  let stations = new Map<number, Vessel>();
  let seq = 0;
  let dirty = false;
  let socket: WebSocket | null = null;
  let socketOpen = false;
  let failures = 0;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const emit = () => {
    if (stopped || held || !dirty) return;
    dirty = false;
    events.onData([...stations.values()], Date.now());
  };

  const schedulePoll = () => {
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = null;
    if (!stopped && !socketOpen) pollTimer = setTimeout(() => void load(), REFRESH_MS);
  };

  const load = async () => {
    if (!box || stopped) return;
    const mine = ++generation;
    const asked = box;
    // A hidden tab or a map being moved waits for the next turn (the move's end asks anyway).
    if (held || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) {
      schedulePoll();
      return;
    }
    try {
      const m = await api.request<VesselsMessage>('GET', layerPath(asked));
      // An answer for a box the user has since left is dropped: a newer request is running.
      if (stopped || mine !== generation) return;
      stations = new Map(vesselsFromMessage(m).map((v) => [v.mmsi, v]));
      seq = m.seq;
      dirty = true;
      emit();
      subscribe(asked);
    } catch (e) {
      if (!stopped && mine === generation) events.onError(e);
    } finally {
      if (mine === generation) schedulePoll();
    }
  };

  // Tells the stream the box and the seq the client holds, opening the socket when needed.
  const subscribe = (b: BBox) => {
    if (socket && socketOpen) {
      socket.send(JSON.stringify({ bbox: b, since: seq }));
      return;
    }
    if (socket || reconnectTimer || typeof WebSocket === 'undefined') return;
    const ws = new WebSocket(liveUrl(window.location, b, seq));
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      socketOpen = true;
      failures = 0;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
      // The box may have changed while the socket opened.
      if (box && box !== b) ws.send(JSON.stringify({ bbox: box, since: seq }));
    };
    ws.onmessage = (ev) => {
      if (socket !== ws || typeof ev.data !== 'string') return;
      let m: LiveMessage;
      try {
        m = JSON.parse(ev.data) as LiveMessage;
      } catch {
        return;
      }
      if (m.type === 'vessels') {
        for (const v of vesselsFromMessage(m)) stations.set(v.mmsi, v);
        seq = Math.max(seq, m.seq);
        dirty = true;
        emit();
      } else if (m.type === 'error') {
        events.onError(new Error(m.message));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      socketOpen = false;
      if (stopped) return;
      // Back to polling until the stream is back.
      schedulePoll();
      const delay = RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)] ?? REFRESH_MS;
      failures++;
      reconnectTimer = setTimeout(() => {
        reconnectTimer = null;
        void load();
      }, delay);
    };
  };

  return {
    setBox(b) {
      box = b;
      void load();
    },
    hold(on) {
      held = on;
      if (!on) emit();
    },
    stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
      socket = null;
    },
  };
}
