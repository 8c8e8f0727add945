// Trends (GET /api/v1/migration/trends): filters kept in the page address, the totals with the
// change against a year before, repeat crossers, counts over time, top nationalities, the
// breakdowns by station, sex and age group, and the CSV of the same filters (trends.csv,
// fetched with the session and saved as a file). Without a range in the address, the page opens
// on the latest twelve months that have data, and says when a range reaches beyond the data.
import { formatDate, formatNumber, formatPercent, locale } from '../../lib/format';
import { AGE_GROUPS, SEXES, type Granularity, type Station, type TrendGroup } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { errorBox, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { mountCountChart, mountShareChart, mountTimeSeriesChart, type ChartHandle } from '../../ui/chart';
import { ApiError } from '../../shell/errors';
import type { Country } from '../../ui/country-picker';
import { countries, trendCoverage, trends, type DeskTrends } from './desk-api';
import { deskCountry, deskDate } from './desk-ui';
import {
  convertRange, coverageOfSeries, defaultTrendRange, panamaToday, rangeGaps, readTrendFilters, trendQuery, yearRange,
  type MonthCoverage, type TrendFilters,
} from './logic';
import { t, type MessageKey } from './messages';
import { country, migrationPage, sexLabel, stationNames, stationOptions, stations } from './ui';

// The months with data the caller may see: the API's coverage route, else (a server without
// it) read from a monthly series of the last ten years.
async function coverageOf(ctx: Ctx): Promise<MonthCoverage | null> {
  try {
    const c = await trendCoverage(ctx.api);
    return c && c.first && c.last ? { first: c.first, last: c.last } : null;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  const now = panamaToday(new Date()).slice(0, 7);
  const from = `${Number(now.slice(0, 4)) - 9}-01`;
  const tr = await trends(ctx.api, new URLSearchParams({ granularity: 'month', from, to: now }).toString());
  return coverageOfSeries(tr.series);
}

export function trendsView(ctx: Ctx): void {
  let filters: TrendFilters = readTrendFilters(location.search, new Date());
  const filterSlot = h('div', { class: 'panel-body' });
  const body = h('div', { 'data-testid': 'trends-body' });
  const csv = h('button', { type: 'button', class: 'btn', 'data-testid': 'trends-csv' }, t('mig.tr.csv'));
  ctx.main.replaceChildren(migrationPage(ctx, 'trends', 'trends-page', t('mig.tr.title'), t('mig.tr.lead'), csv,
    h('section', { class: 'panel' }, filterSlot), body));

  let charts: ChartHandle[] = [];
  const dropCharts = () => { for (const c of charts.splice(0)) c.destroy(); };
  ctx.onCleanup(dropCharts);
  let stationList: Station[] = [];
  let nations: Country[] = [];
  let coverage: MonthCoverage | null = null;
  const explicitRange = new URLSearchParams(location.search).has('from');

  csv.addEventListener('click', async () => {
    csv.disabled = true;
    csv.setAttribute('aria-busy', 'true');
    try {
      const { blob, filename } = await ctx.api.trendsCsv(trendQuery(filters));
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: filename || `encounters-${filters.from}-${filters.to}.csv`, hidden: true });
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      toast(t('mig.tr.csvDone', { name: a.download }));
    } catch (e) {
      body.prepend(errorBox(e));
    } finally {
      csv.disabled = false;
      csv.removeAttribute('aria-busy');
    }
  });

  const load = async (): Promise<Node> => {
    dropCharts();
    const tr = await trends(ctx.api, trendQuery(filters));
    if (tr.coverage !== undefined) coverage = tr.coverage ?? null;
    return render(tr);
  };
  const reload = () => {
    history.replaceState(null, '', `/migration/trends?${trendQuery(filters)}`);
    void fill(body, load);
  };

  function render(tr: DeskTrends): Node {
    const names = stationNames(stationList);
    const period = (p: string) => periodLabel(p, tr.granularity);
    const kpi = (label: string, value: string, sub: string, testid: string, cls = '') =>
      h('div', { class: `kpi ${cls}`, 'data-testid': testid },
        h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-sub muted small' }, sub));
    const changeCls = tr.change === null ? '' : tr.change > 0 ? 'up' : tr.change < 0 ? 'down' : '';
    const minors = tr.by_age_group.find((g) => g.key === 'minor');
    const range = `${period(tr.from)} – ${period(tr.to)}`;
    // The API says whether the range and the year before reach beyond the data; an older
    // server does not, and the coverage read earlier answers instead.
    const gaps = rangeGaps(tr.from, tr.to, coverage);
    const partial = tr.partial ?? gaps.partial;
    const previousPartial = tr.previous_partial ?? gaps.previousPartial;
    const monthLabel = (m: string) => periodLabel(m, 'month');
    const notice = partial ? h('div', { class: 'notice notice-partial', role: 'status', 'data-testid': 'trends-partial' },
      coverage ? t('desk.tr.partial', { first: monthLabel(coverage.first), last: monthLabel(coverage.last) }) : t('desk.tr.noData')) : null;
    const kpis = h('div', { class: 'kpis' },
      kpi(t('mig.tr.total'), formatNumber(tr.total, lang()), range, 'kpi-total'),
      kpi((partial || previousPartial) && tr.change !== null ? t('desk.tr.yoyPartial') : t('mig.tr.yoy'),
        tr.change === null ? t('common.none') : formatPercent(tr.change, lang(), 1, true),
        tr.change === null ? t('mig.tr.noPrevious')
          : `${t('mig.tr.previous', { count: formatNumber(tr.previous_total, lang()), range: `${period(tr.previous_from)} – ${period(tr.previous_to)}` })}${partial ? ` · ${t('desk.tr.currentPartial')}` : ''}${previousPartial ? ` · ${t('desk.tr.previousPartial')}` : ''}`,
        'kpi-change', `${changeCls}${partial || previousPartial ? ' partial' : ''}`),
      kpi(t('mig.tr.repeats'), formatNumber(tr.repeats, lang()), t('mig.tr.repeatShare', { share: formatPercent(tr.repeat_share, lang()) }), 'kpi-repeats'),
      kpi(t('mig.tr.minors'), minors ? formatNumber(minors.encounters, lang()) : '0',
        t('mig.tr.minorShare', { share: formatPercent(minors?.share ?? 0, lang()) }), 'kpi-minors'));

    if (tr.total === 0 && tr.previous_total === 0) {
      return h('div', null, notice, kpis, h('section', { class: 'panel' }, h('div', { class: 'empty', 'data-testid': 'trends-empty' }, t('mig.tr.empty'))));
    }

    const seriesHost = h('div');
    const sharesHost = h('div');
    const stationHost = h('div');
    const sexHost = h('div');
    const ageHost = h('div');
    const panel = (titleKey: MessageKey, ...content: Node[]) =>
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t(titleKey)), h('div', { class: 'panel-body' }, ...content));
    const out = h('div', null,
      notice,
      kpis,
      panel('mig.tr.series', seriesHost, h('p', { class: 'muted small' }, t('mig.tr.seriesNote'))),
      h('div', { class: 'trend-grid' },
        panel('mig.tr.topNationalities', sharesHost, groupTable(tr.top_nationalities, (k) => (k === 'other' ? t('mig.tr.other') : country(k)), 'table-nationalities')),
        panel('mig.tr.byStation', stationHost, groupTable(tr.by_station, (k) => names.get(k) ?? k, 'table-stations'))),
      h('div', { class: 'trend-grid' },
        panel('mig.tr.bySex', sexHost, groupTable(tr.by_sex, sexLabel, 'table-sex')),
        panel('mig.tr.byAge', ageHost, groupTable(tr.by_age_group, (k) => t(`mig.age.${k}` as MessageKey), 'table-age'))));

    // Charts are drawn once their hosts are in the page (ECharts measures them); fill() puts
    // `out` there when this function has returned.
    window.setTimeout(() => {
      if (!out.isConnected) return;
      charts.push(mountTimeSeriesChart(seriesHost, {
        periods: tr.series.map((p) => period(p.period)),
        current: tr.series.map((p) => p.encounters),
        previous: tr.series.map((p) => p.previous),
        repeats: tr.series.map((p) => p.repeats),
        names: { current: t('mig.tr.encounters'), previous: t('mig.tr.yearBefore'), repeats: t('mig.tr.repeats') },
      }));
      charts.push(mountShareChart(sharesHost, tr.top_nationalities.map((g) => ({
        name: g.key === 'other' ? t('mig.tr.other') : formatCountryShort(g.key), value: g.encounters,
      }))));
      charts.push(mountCountChart(stationHost, tr.by_station.map((g) => names.get(g.key) ?? g.key), tr.by_station.map((g) => g.encounters), t('mig.tr.encounters')));
      charts.push(mountCountChart(sexHost, tr.by_sex.map((g) => sexLabel(g.key)), tr.by_sex.map((g) => g.encounters), t('mig.tr.encounters')));
      charts.push(mountCountChart(ageHost, tr.by_age_group.map((g) => t(`mig.age.${g.key}` as MessageKey)), tr.by_age_group.map((g) => g.encounters), t('mig.tr.encounters')));
      out.setAttribute('data-charts', 'ready');
    }, 0);
    return out;
  }

  function filterForm(): HTMLElement {
    const g = h('select', { id: 't-granularity', 'data-testid': 't-granularity' },
      h('option', { value: 'month', selected: filters.granularity === 'month' }, t('mig.tr.month')),
      h('option', { value: 'week', selected: filters.granularity === 'week' }, t('mig.tr.week')));
    const mode = () => (filters.granularity === 'month' ? 'month' : 'date');
    let from = deskDate('t-from', 't-from', filters.from, mode());
    let to = deskDate('t-to', 't-to', filters.to, mode());
    const fromHost = h('span', null, from.el);
    const toHost = h('span', null, to.el);
    const station = h('select', { id: 't-station' }, ...stationOptions(stationList, filters.station_id, t('mig.filter.anyStation')));
    const nat = deskCountry(nations, 't-nationality', 't-nationality', filters.nationality, t('mig.filter.any'));
    const sex = h('select', { id: 't-sex' }, h('option', { value: '' }, t('mig.filter.any')),
      ...SEXES.map((s) => h('option', { value: s, selected: filters.sex === s }, sexLabel(s))));
    const age = h('select', { id: 't-age' }, h('option', { value: '' }, t('mig.filter.any')),
      ...AGE_GROUPS.map((a) => h('option', { value: a, selected: filters.age_group === a }, t(`mig.age.${a}` as MessageKey))));
    const top = h('input', { id: 't-top', type: 'number', min: 1, max: 50, value: filters.top, class: 'num-input' });
    const problem = h('div', { class: 'field-error', hidden: true, 'data-testid': 't-problem' });
    // Null when a date or the country is not valid (the problem is shown).
    const read = (): TrendFilters | null => {
      const f = from.value();
      const tt = to.value();
      const n = nat.value();
      problem.hidden = !(f === null || tt === null || !f || !tt || n === null);
      problem.textContent = n === null ? t('mig.problem.country') : t('desk.tr.badRange');
      if (!problem.hidden || !f || !tt || n === null) return null;
      return {
        granularity: filters.granularity, from: f, to: tt, station_id: station.value,
        nationality: n, sex: sex.value, age_group: age.value,
        top: Math.min(50, Math.max(1, Math.round(Number(top.value) || 5))),
      };
    };
    const rebuildDates = () => {
      from = deskDate('t-from', 't-from', filters.from, mode());
      to = deskDate('t-to', 't-to', filters.to, mode());
      fromHost.replaceChildren(from.el);
      toHost.replaceChildren(to.el);
    };
    g.addEventListener('change', () => {
      filters = convertRange({ ...(read() ?? filters) }, g.value as Granularity);
      rebuildDates();
    });
    // Whole years: those with data when the coverage is known, else the last four.
    const thisYear = Number(panamaToday(new Date()).slice(0, 4));
    const firstYear = coverage ? Number(coverage.first.slice(0, 4)) : thisYear - 3;
    const lastYear = coverage ? Number(coverage.last.slice(0, 4)) : thisYear;
    const years: number[] = [];
    for (let y = Math.max(firstYear, lastYear - 5); y <= lastYear; y++) years.push(y);
    const form = h('form', { class: 'filters', novalidate: true, 'data-testid': 'trend-filters' },
      h('div', { class: 'field' }, h('label', { for: 't-granularity' }, t('mig.tr.granularity')), g),
      h('div', { class: 'field' }, h('label', { for: 't-from' }, t('mig.filter.from')), fromHost),
      h('div', { class: 'field' }, h('label', { for: 't-to' }, t('mig.filter.to')), toHost),
      h('div', { class: 'field' }, h('label', { for: 't-station' }, t('mig.field.station')), station),
      h('div', { class: 'field' }, h('label', { for: 't-nationality' }, t('mig.field.nationality')), nat.el),
      h('div', { class: 'field' }, h('label', { for: 't-sex' }, t('mig.field.sex')), sex),
      h('div', { class: 'field' }, h('label', { for: 't-age' }, t('mig.tr.ageGroup')), age),
      h('div', { class: 'field' }, h('label', { for: 't-top' }, t('mig.tr.top')), top),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 't-apply' }, t('mig.filter.apply'))),
      problem,
      h('div', { class: 'presets', role: 'group', 'aria-label': t('mig.tr.years') },
        h('span', { class: 'muted small' }, t('mig.tr.years')),
        ...years.map((y) => h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': `t-year-${y}`,
          onclick: () => {
            const base = read() ?? filters;
            filters = { ...base, ...yearRange(y, filters.granularity) };
            from.set(filters.from);
            to.set(filters.to);
            problem.hidden = true;
            reload();
          },
        }, String(y)))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const next = read();
      if (!next) return;
      filters = next;
      reload();
    });
    return form;
  }

  void (async () => {
    const [list, countryList, cov] = await Promise.allSettled([stations(ctx.api), countries(ctx.api), coverageOf(ctx)]);
    // Without stations or countries the filters offer "all" only; the trends still load.
    if (list.status === 'fulfilled') stationList = list.value;
    if (countryList.status === 'fulfilled') nations = countryList.value;
    if (cov.status === 'fulfilled') {
      coverage = cov.value;
      if (!explicitRange) {
        const range = defaultTrendRange(coverage, new Date());
        filters = convertRange({ ...filters, granularity: 'month', ...range }, filters.granularity);
        history.replaceState(null, '', `/migration/trends?${trendQuery(filters)}`);
      }
    }
    filterSlot.replaceChildren(filterForm());
    void fill(body, load);
  })();
}

function formatCountryShort(code: string): string {
  const full = country(code);
  return full.replace(/ \([A-Z]{3}\)$/, '');
}

// "ene 2023" / "Jan 2023" for a month; "sem. 2023-07-03" / "wk of Jul 3, 2023" for a week.
function periodLabel(p: string, g: Granularity): string {
  if (g === 'month' && /^\d{4}-\d{2}$/.test(p)) {
    const d = new Date(`${p}-15T12:00:00Z`);
    return new Intl.DateTimeFormat(locale(lang()), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(p)) return formatDate(`${p}T12:00:00Z`, lang(), 'UTC');
  return p;
}

function groupTable(groups: TrendGroup[], label: (k: string) => string, testid: string): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data compact', 'data-testid': testid },
    h('thead', null, h('tr', null,
      h('th', null, t('mig.tr.group')), h('th', { class: 'num' }, t('mig.tr.encounters')), h('th', { class: 'num' }, t('mig.tr.share')),
      h('th', { class: 'num' }, t('mig.tr.yearBefore')), h('th', { class: 'num' }, t('mig.tr.change')))),
    h('tbody', null, groups.map((g) => h('tr', null,
      h('td', null, label(g.key)),
      h('td', { class: 'num' }, formatNumber(g.encounters, lang())),
      h('td', { class: 'num' }, formatPercent(g.share, lang())),
      h('td', { class: 'num' }, formatNumber(g.previous, lang())),
      h('td', { class: `num ${g.change === null ? '' : g.change > 0 ? 'up' : g.change < 0 ? 'down' : ''}` },
        g.change === null ? t('common.none') : formatPercent(g.change, lang(), 1, true)))))));
}
