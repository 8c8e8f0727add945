// Bar charts (ECharts, only the parts we use, drawn on canvas). Labels and numbers follow the
// current language.
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from '../dom';
import { formatNumber } from '../format';
import { lang, t, type MessageKey } from '../i18n';
import { SEVERITIES, type Severity } from '../types';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export const SEVERITY_COLORS: Record<Severity, string> = {
  info: '#4a78a8',
  warning: '#d68910',
  critical: '#b03a2e',
};

export interface StackedBars {
  categories: string[];                        // already translated
  series: Record<Severity, number[]>;          // one value per category
}

export interface ChartHandle {
  destroy(): void;
}

// Horizontal stacked bars, one stack per category, one colour per severity.
export function mountSeverityChart(host: HTMLElement, data: StackedBars, heightPx = 220): ChartHandle {
  const el = h('div', { class: 'chart', style: `height:${heightPx}px`, 'data-testid': 'chart' });
  host.replaceChildren(el);
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  const fmt = (v: unknown) => formatNumber(Number(v), lang());
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
  const resize = () => chart.resize();
  const observer = new ResizeObserver(resize);
  observer.observe(el);
  return {
    destroy() {
      observer.disconnect();
      chart.dispose();
    },
  };
}

// Horizontal bars, one per category, one colour; for counts such as audit actions.
export function mountCountChart(host: HTMLElement, categories: string[], values: number[]): ChartHandle {
  const heightPx = Math.max(90, 28 * categories.length + 40);
  const el = h('div', { class: 'chart', style: `height:${heightPx}px`, 'data-testid': 'chart' });
  host.replaceChildren(el);
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  const fmt = (v: unknown) => formatNumber(Number(v), lang());
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: 'inherit', fontSize: 12 },
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: fmt } },
    yAxis: { type: 'category', data: categories, inverse: true, axisTick: { show: false } },
    series: [{
      name: t('chart.count'),
      type: 'bar',
      barMaxWidth: 18,
      itemStyle: { color: '#1f5f99' },
      label: { show: true, position: 'right', formatter: (p: { value: unknown }) => fmt(p.value) },
      data: values,
    }],
  });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  return {
    destroy() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
