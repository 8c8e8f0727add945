// Where the map's vessels come from: the whole picture inside the map's box, fetched again every
// few seconds. The rest of the page knows only this interface, so that the live stream
// (/api/v1/maritime/live, WebSocket) can replace the polling here without touching the map.
import type { BBox } from '../../lib/geo';
import type { Vessel } from '../../lib/types';
import type { Api } from '../../shell/api';

export interface VesselSource {
  // The area to watch; fetches it at once, then keeps it fresh.
  setBox(box: BBox): void;
  // While the user pans or zooms, refreshes wait: replacing 60,000 stations costs frames.
  hold(on: boolean): void;
  stop(): void;
}

export interface SourceEvents {
  onData(vessels: Vessel[], fetchedAt: number): void;
  onError(e: unknown): void;
}

export const REFRESH_MS = 5000;

export function pollVessels(api: Api, events: SourceEvents, intervalMs = REFRESH_MS): VesselSource {
  let box: BBox | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let generation = 0;
  let held = false;

  const schedule = () => {
    if (timer) clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void load(), intervalMs);
  };
  const load = async () => {
    if (!box || stopped) return;
    const mine = ++generation;
    // A hidden tab waits for the next turn instead of fetching a picture nobody sees, and so does
    // a map being moved (the move's end asks for its new box anyway).
    if (held || (typeof document !== 'undefined' && document.visibilityState === 'hidden')) {
      schedule();
      return;
    }
    try {
      const r = await api.vessels(box);
      // An answer for a box the user has since left is dropped: a newer request is running.
      if (!stopped && mine === generation) events.onData(r.items, Date.now());
    } catch (e) {
      if (!stopped && mine === generation) events.onError(e);
    } finally {
      if (mine === generation) schedule();
    }
  };

  return {
    setBox(b) {
      box = b;
      void load();
    },
    hold(on) {
      held = on;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
