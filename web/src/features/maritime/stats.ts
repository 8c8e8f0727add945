// Interdiction statistics over the cases the user may see: totals, seizures by month (kg per
// drug, stacked), by drug, by area, arrests by nationality, and a map of the interdictions. The
// period (months, kept in the page's address) is the API's ?from=&to=.
import { formatCountry, formatNumber, locale, panamaLocalToIso } from '../../lib/format';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { mountColumnsChart, mountCountChart, type ChartHandle } from '../../ui/chart';
import { mountMap } from '../../ui/map';
import { monthLabel, monthlyKg, ranked, statsTotals } from './case-logic';
import { t, type MessageKey } from './messages';
import { areaLabel, maritimePage, SEA_LAYERS, SEA_VIEW } from './tabs';

const drugLabel = (d: string) => t(`mar.drug.${d}` as MessageKey);

// "2026-03" → the first instant of that month in Panama; the end of a range is the next month's.
function monthStart(month: string, plus = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1 + plus, 1));
  return panamaLocalToIso(`${d.toISOString().slice(0, 7)}-01T00:00`) ?? undefined;
}

export function statsView(ctx: Ctx): void {
  const q = new URLSearchParams(location.search);
  const from = h('input', { id: 'stats-from', type: 'month', value: q.get('from') ?? '', 'data-testid': 'stats-from' });
  const to = h('input', { id: 'stats-to', type: 'month', value: q.get('to') ?? '', 'data-testid': 'stats-to' });
  const apply = h('button', { type: 'submit', class: 'btn', 'data-testid': 'stats-apply' }, t('mar.stats.apply'));
  const form = h('form', { class: 'filters field-row' },
    h('div', { class: 'field' }, h('label', { for: 'stats-from' }, t('mar.stats.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'stats-to' }, t('mar.stats.to')), to),
    h('div', { class: 'field field-check' }, apply));
  const slot = h('div', { 'data-testid': 'stats-body' });
  const mapHost = h('div', { class: 'evidence-map', 'data-testid': 'interdiction-map' });
  ctx.main.replaceChildren(maritimePage('stats', 'mar-stats-page', t('mar.stats.title'), t('mar.stats.lead'), null,
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, form)),
    slot,
    h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.stats.map')), mapHost)));
  const map = mountMap(mapHost, ctx.api, { layers: SEA_LAYERS, view: SEA_VIEW, onNavigate: (href) => ctx.navigate(href) });
  let charts: ChartHandle[] = [];
  ctx.onCleanup(() => {
    map.destroy();
    charts.forEach((c) => c.destroy());
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (from.value) p.set('from', from.value);
    if (to.value) p.set('to', to.value);
    history.replaceState(null, '', `/maritime/stats${p.toString() ? `?${p}` : ''}`);
    void fill(slot, load);
  });

  const load = async (): Promise<Node> => {
    charts.forEach((c) => c.destroy());
    charts = [];
    const range = { from: monthStart(from.value), to: monthStart(to.value, 1) };
    const [stats, points] = await Promise.all([ctx.api.caseStats(range), ctx.api.interdictionMap(range)]);
    const l = lang();
    map.setOverlay({
      type: 'FeatureCollection',
      features: points.features.map((f) => ({
        ...f,
        properties: {
          fill: f.properties.seized ? '#b03a2e' : '#1e8449', stroke: '#ffffff', radius: 4 + Math.min(8, Math.sqrt(f.properties.kg || 0)),
          label: `${f.properties.number} · ${t('mar.kg', { kg: formatNumber(f.properties.kg, l, 1) })}${f.properties.area ? ` · ${areaLabel(f.properties.area)}` : ''}`,
          href: `/maritime/cases/${encodeURIComponent(f.properties.id)}`, testid: 'interdiction',
        },
      })),
    }, points.features.length > 0, 8);
    mapHost.setAttribute('data-points', String(points.features.length));
    const totals = statsTotals(stats);
    const kpi = (label: MessageKey, value: string, testid: string) =>
      h('div', { class: 'kpi', 'data-testid': testid }, h('div', { class: 'kpi-label' }, t(label)), h('div', { class: 'kpi-value' }, value));
    const kpis = h('div', { class: 'kpis' },
      kpi('mar.stats.cases', formatNumber(totals.cases, l), 'kpi-cases'),
      kpi('mar.stats.interdictions', formatNumber(totals.interdictions, l), 'kpi-interdictions'),
      kpi('mar.stats.kg', t('mar.kg', { kg: formatNumber(totals.kg, l, 1) }), 'kpi-kg'),
      kpi('mar.stats.arrests', formatNumber(totals.arrests, l), 'kpi-arrests'));
    if (totals.cases === 0) return h('div', null, kpis, h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, empty(t('mar.stats.empty')))));
    const monthly = monthlyKg(stats);
    const byMonth = h('div');
    const byDrug = h('div');
    const byArea = h('div');
    const byNation = h('div');
    const panel = (title: MessageKey, host: HTMLElement, testid: string, isEmpty: boolean) =>
      h('section', { class: 'panel', 'data-testid': testid }, h('div', { class: 'panel-title' }, t(title)),
        h('div', { class: 'panel-body' }, isEmpty ? empty(t('mar.stats.none')) : host));
    const out = h('div', null, kpis,
      panel('mar.stats.byMonth', byMonth, 'stats-months', monthly.months.length === 0),
      h('div', { class: 'stats-grid' },
        panel('mar.stats.byDrug', byDrug, 'stats-drugs', stats.drugs.length === 0),
        panel('mar.stats.byArea', byArea, 'stats-areas', stats.areas.length === 0),
        panel('mar.stats.byNationality', byNation, 'stats-arrests', stats.arrests.length === 0)));
    const loc = locale(l);
    if (monthly.months.length > 0) {
      charts.push(mountColumnsChart(byMonth, {
        categories: monthly.months.map((m) => monthLabel(m, loc)),
        series: monthly.series.length > 0
          ? monthly.series.map((s) => ({ name: drugLabel(s.type), values: s.kg }))
          : [{ name: t('mar.stats.interdictions'), values: monthly.interdictions }],
        stacked: true,
        unit: monthly.series.length > 0 ? 'kg' : undefined,
      }));
    }
    const drugs = ranked(stats.drugs, (d) => d.kg, (d) => d.type);
    if (drugs.length > 0) charts.push(mountCountChart(byDrug, drugs.map((d) => drugLabel(d.type)), drugs.map((d) => d.kg), t('mar.stats.kg')));
    const areas = ranked(stats.areas, (a) => a.kg, (a) => a.area);
    if (areas.length > 0) charts.push(mountCountChart(byArea, areas.map((a) => (a.area ? areaLabel(a.area) : t('mar.stats.noArea'))), areas.map((a) => a.kg), t('mar.stats.kg')));
    const nations = ranked(stats.arrests, (a) => a.count, (a) => a.nationality);
    if (nations.length > 0) charts.push(mountCountChart(byNation, nations.map((a) => `${formatCountry(a.nationality, l)} (${a.nationality})`), nations.map((a) => a.count), t('mar.stats.arrests')));
    return out;
  };
  void fill(slot, load);
}
