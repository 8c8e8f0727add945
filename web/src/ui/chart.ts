// Charts, loaded on demand: each mount returns its handle at once and draws when ECharts (a
// separate chunk, ui/chart-draw.ts) has arrived, so that pages without charts, the sign-in page
// first, never download or parse it. A handle destroyed before the chunk arrived draws nothing.
import { h } from '../shell/dom';
import { errorBox } from '../shell/feedback';
import type { Columns, SpeedProfile, StackedBars, TimeSeries } from './chart-draw';

export type { Columns, SpeedProfile, StackedBars, TimeSeries } from './chart-draw';

export interface ChartHandle {
  destroy(): void;
}

type Draw = typeof import('./chart-draw');

function deferred(host: HTMLElement, heightPx: number, draw: (m: Draw) => ChartHandle): ChartHandle {
  let inner: ChartHandle | null = null;
  let destroyed = false;
  // Holds the chart's place, so that the page does not jump when it is drawn.
  host.replaceChildren(h('div', { class: 'chart chart-pending', style: `height:${heightPx}px`, 'aria-busy': 'true' }));
  import('./chart-draw')
    .then((m) => {
      if (!destroyed) inner = draw(m);
    })
    .catch((e: unknown) => {
      if (!destroyed) host.replaceChildren(errorBox(e));
    });
  return {
    destroy() {
      destroyed = true;
      inner?.destroy();
    },
  };
}

// Horizontal stacked bars, one stack per category, one colour per severity.
export function mountSeverityChart(host: HTMLElement, data: StackedBars, heightPx = 220): ChartHandle {
  return deferred(host, heightPx, (m) => m.mountSeverityChart(host, data, heightPx));
}

// Horizontal bars of counts (e.g. audit actions).
export function mountCountChart(host: HTMLElement, categories: string[], values: number[], seriesName?: string): ChartHandle {
  return deferred(host, 220, (m) => m.mountCountChart(host, categories, values, seriesName));
}

export function mountTimeSeriesChart(host: HTMLElement, data: TimeSeries, heightPx = 300): ChartHandle {
  return deferred(host, heightPx, (m) => m.mountTimeSeriesChart(host, data, heightPx));
}

export function mountShareChart(host: HTMLElement, items: { name: string; value: number; color?: string }[], heightPx = 260): ChartHandle {
  return deferred(host, heightPx, (m) => m.mountShareChart(host, items, heightPx));
}

export function mountColumnsChart(host: HTMLElement, data: Columns, heightPx = 280): ChartHandle {
  return deferred(host, heightPx, (m) => m.mountColumnsChart(host, data, heightPx));
}

export function mountSpeedChart(host: HTMLElement, data: SpeedProfile, heightPx = 240): ChartHandle {
  return deferred(host, heightPx, (m) => m.mountSpeedChart(host, data, heightPx));
}
