// Bar charts (ECharts, only the parts we use, drawn on canvas). Labels and numbers follow the
// current language. Loaded on first use through ui/chart.ts, so that ECharts (the largest part
// of the app) is fetched only by pages that draw a chart.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { formatNumber } from '../lib/format';
import { SEVERITIES, type Severity } from '../lib/types';
import { h } from '../shell/dom';
import { lang, t, type MessageKey } from '../shell/i18n';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#4a78a8',
  warning: '#d68910',
  critical: '#b03a2e',
};

// Numbers in the current language, for axes, labels and tooltips.
const fmt = (v: unknown) => formatNumber(Number(v), lang());

// A chart element of the given height in place of host's content, and its ECharts instance.
function mount(host: HTMLElement, heightPx: number, testid: string): { chart: echarts.ECharts; el: HTMLElement } {
  const el = h('div', { class: 'chart', style: `height:${heightPx}px`, 'data-testid': testid });
  host.replaceChildren(el);
  return { chart: echarts.init(el, undefined, { renderer: 'canvas' }), el };
}

export interface StackedBars {
  categories: string[];                        // already translated
  series: Record<Severity, number[]>;          // one value per category
}

export interface ChartHandle {
  destroy(): void;
}

// Horizontal stacked bars, one stack per category, one colour per severity.
export function mountSeverityChart(host: HTMLElement, data: StackedBars, heightPx = 220): ChartHandle {
  const { chart, el } = mount(host, heightPx, 'chart');
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: fmt } },
    yAxis: { type: 'category', data: data.categories, inverse: true, axisTick: { show: false } },
    series: SEVERITIES.map((s) => ({
      name: t(`severity.${s}` as MessageKey),
      type: 'bar',
      stack: 'severity',
      barMaxWidth: 22,
      itemStyle: { color: SEVERITY_COLORS[s] },
      emphasis: { focus: 'series' },
      data: data.series[s],
    })),
  });
  return handle(chart, el);
}

// Horizontal bars, one per category, one colour; for counts such as audit actions.
export function mountCountChart(host: HTMLElement, categories: string[], values: number[], seriesName = t('chart.count')): ChartHandle {
  const heightPx = Math.max(90, 28 * categories.length + 40);
  const { chart, el } = mount(host, heightPx, 'chart');
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: fmt } },
    yAxis: { type: 'category', data: categories, inverse: true, axisTick: { show: false } },
    series: [{
      name: seriesName,
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color: '#1f5f99' },
      label: { show: true, position: 'right', formatter: (p: { value: unknown }) => fmt(p.value) },
      data: values,
    }],
  });
  return handle(chart, el);
}

// Resizes with its element; destroy() stops both.
function handle(chart: echarts.ECharts, el: HTMLElement): ChartHandle {
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    destroy() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

export interface TimeSeries {
  periods: string[];                 // axis labels, already formatted
  current: number[];
  previous: number[];                // the same periods a year before
  repeats: number[];
  names: { current: string; previous: string; repeats: string };
}

// Encounters per period as bars, the same periods a year before as a dashed line, repeat
// crossers as a second, lighter bar.
export function mountTimeSeriesChart(host: HTMLElement, data: TimeSeries, heightPx = 300): ChartHandle {
  const { chart, el } = mount(host, heightPx, 'chart-series');
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
    xAxis: { type: 'category', data: data.periods, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: fmt } },
    series: [
      { name: data.names.current, type: 'bar', barMaxWidth: 26, itemStyle: { color: '#1f5f99' }, data: data.current },
      { name: data.names.repeats, type: 'bar', barMaxWidth: 26, barGap: '-100%', itemStyle: { color: '#e0b341' }, data: data.repeats },
      {
        name: data.names.previous, type: 'line', symbol: 'circle', symbolSize: 5,
        lineStyle: { type: 'dashed', width: 2, color: '#7d8b99' }, itemStyle: { color: '#7d8b99' },
        data: data.previous,
      },
    ],
  });
  return handle(chart, el);
}

const SHARE_COLORS = ['#1f5f99', '#d68910', '#1e8449', '#b03a2e', '#6c3483', '#148f9c', '#7d6608', '#566573', '#a04000', '#2e4053'];

// Shares of a whole as a ring (top nationalities with "other").
// A slice may carry its own colour (a lane's red, yellow, green); the others take the palette's.
export function mountShareChart(host: HTMLElement, items: { name: string; value: number; color?: string }[], heightPx = 260): ChartHandle {
  const { chart, el } = mount(host, heightPx, 'chart-shares');
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    color: SHARE_COLORS,
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    tooltip: { trigger: 'item', valueFormatter: fmt },
    legend: { orient: 'vertical', right: 0, top: 'middle', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    series: [{
      type: 'pie',
      radius: ['42%', '72%'],
      center: ['36%', '50%'],
      avoidLabelOverlap: true,
      label: { formatter: (p: { percent?: number }) => `${formatNumber(p.percent ?? 0, lang(), 1)} %` },
      data: items.map((x) => (x.color ? { name: x.name, value: x.value, itemStyle: { color: x.color } } : { name: x.name, value: x.value })),
    }],
  });
  return handle(chart, el);
}

export interface Columns {
  categories: string[];                        // already translated
  series: { name: string; values: number[]; color?: string }[];
  stacked: boolean;
  unit?: string;                               // shown after values in the tooltip ("kg")
}

// Vertical columns per category, one series per colour, stacked or side by side (seizures by
// month and drug).
export function mountColumnsChart(host: HTMLElement, data: Columns, heightPx = 280): ChartHandle {
  const { chart, el } = mount(host, heightPx, 'chart-columns');
  const withUnit = (v: unknown) => (data.unit ? `${fmt(v)} ${data.unit}` : fmt(v));
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    color: SHARE_COLORS,
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: withUnit },
    xAxis: { type: 'category', data: data.categories, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { formatter: fmt } },
    series: data.series.map((s) => ({
      name: s.name, type: 'bar', barMaxWidth: 28, data: s.values,
      ...(data.stacked ? { stack: 'all' } : {}),
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
    })),
  });
  return handle(chart, el);
}

export interface SpeedProfile {
  points: [number, number][];                  // [ms since the epoch, knots]
  name: string;                                // the series' name ("Velocidad (nudos)")
  threshold?: { value: number; name: string }; // drawn as a dashed line
  time(ms: number): string;                    // an axis label in Panama time
}

// A speed over time as a line with its points, and the threshold it was judged by.
export function mountSpeedChart(host: HTMLElement, data: SpeedProfile, heightPx = 240): ChartHandle {
  const { chart, el } = mount(host, heightPx, 'chart-speed');
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { value: [number, number] }[]) => {
        const p = ps[0];
        return p ? `${data.time(p.value[0])}<br>${fmt(p.value[1])} kn` : '';
      },
    },
    xAxis: { type: 'time', axisLabel: { formatter: (v: number) => data.time(v), hideOverlap: true } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: fmt } },
    series: [
      { name: data.name, type: 'line', symbol: 'circle', symbolSize: 5, lineStyle: { width: 2, color: '#0b3d91' }, itemStyle: { color: '#0b3d91' }, data: data.points },
      ...(data.threshold ? [{
        name: data.threshold.name, type: 'line', symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5, color: '#b03a2e' }, itemStyle: { color: '#b03a2e' },
        data: data.points.length > 0 ? [[data.points[0]?.[0], data.threshold.value], [data.points[data.points.length - 1]?.[0], data.threshold.value]] : [],
      }] : []),
    ],
  });
  return handle(chart, el);
}
