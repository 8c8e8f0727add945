// Trends (GET /api/v1/migration/trends): filters kept in the page address, the totals with the
// change against a year before, repeat crossers, counts over time, top nationalities, the
// breakdowns by station, sex and age group, and the CSV of the same filters (trends.csv,
// fetched with the session and saved as a file).
import { formatDate, formatNumber, formatPercent, locale } from '../../lib/format';
import { AGE_GROUPS, SEXES, type Granularity, type Station, type TrendGroup, type Trends } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { errorBox, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { mountCountChart, mountShareChart, mountTimeSeriesChart, type ChartHandle } from '../../ui/chart';
import { convertRange, panamaToday, readTrendFilters, trendQuery, yearRange, type TrendFilters } from './logic';
import { t, type MessageKey } from './messages';
import { country, migrationPage, nationalityList, sexLabel, stationNames, stationOptions, stations } from './ui';

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
    const tr = await ctx.api.trends(trendQuery(filters));
    return render(tr);
  };
  const reload = () => {
    history.replaceState(null, '', `/migration/trends?${trendQuery(filters)}`);
    void fill(body, load);
  };

  function render(tr: Trends): Node {
    const names = stationNames(stationList);
    const period = (p: string) => periodLabel(p, tr.granularity);
    const kpi = (label: string, value: string, sub: string, testid: string, cls = '') =>
      h('div', { class: `kpi ${cls}`, 'data-testid': testid },
        h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-sub muted small' }, sub));
    const changeCls = tr.change === null ? '' : tr.change > 0 ? 'up' : tr.change < 0 ? 'down' : '';
    const minors = tr.by_age_group.find((g) => g.key === 'minor');
    const range = `${period(tr.from)} – ${period(tr.to)}`;
    const kpis = h('div', { class: 'kpis' },
      kpi(t('mig.tr.total'), formatNumber(tr.total, lang()), range, 'kpi-total'),
      kpi(t('mig.tr.yoy'), tr.change === null ? t('common.none') : formatPercent(tr.change, lang(), 1, true),
        tr.change === null ? t('mig.tr.noPrevious')
          : t('mig.tr.previous', { count: formatNumber(tr.previous_total, lang()), range: `${period(tr.previous_from)} – ${period(tr.previous_to)}` }),
        'kpi-change', changeCls),
      kpi(t('mig.tr.repeats'), formatNumber(tr.repeats, lang()), t('mig.tr.repeatShare', { share: formatPercent(tr.repeat_share, lang()) }), 'kpi-repeats'),
      kpi(t('mig.tr.minors'), minors ? formatNumber(minors.encounters, lang()) : '0',
        t('mig.tr.minorShare', { share: formatPercent(minors?.share ?? 0, lang()) }), 'kpi-minors'));

    if (tr.total === 0 && tr.previous_total === 0) {
      return h('div', null, kpis, h('section', { class: 'panel' }, h('div', { class: 'empty', 'data-testid': 'trends-empty' }, t('mig.tr.empty'))));
    }

    const seriesHost = h('div');
    const sharesHost = h('div');
    const stationHost = h('div');
    const sexHost = h('div');
    const ageHost = h('div');
    const panel = (titleKey: MessageKey, ...content: Node[]) =>
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t(titleKey)), h('div', { class: 'panel-body' }, ...content));
    const out = h('div', null,
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
    const inputType = () => (filters.granularity === 'month' ? 'month' : 'date');
    const from = h('input', { id: 't-from', type: inputType(), value: filters.from, required: true, 'data-testid': 't-from' });
    const to = h('input', { id: 't-to', type: inputType(), value: filters.to, required: true, 'data-testid': 't-to' });
    const station = h('select', { id: 't-station' }, ...stationOptions(stationList, filters.station_id, t('mig.filter.anyStation')));
    const nat = h('input', { id: 't-nationality', maxlength: 3, value: filters.nationality, list: 't-nat-list', class: 'code-input', placeholder: t('mig.filter.any') });
    const sex = h('select', { id: 't-sex' }, h('option', { value: '' }, t('mig.filter.any')),
      ...SEXES.map((s) => h('option', { value: s, selected: filters.sex === s }, sexLabel(s))));
    const age = h('select', { id: 't-age' }, h('option', { value: '' }, t('mig.filter.any')),
      ...AGE_GROUPS.map((a) => h('option', { value: a, selected: filters.age_group === a }, t(`mig.age.${a}` as MessageKey))));
    const top = h('input', { id: 't-top', type: 'number', min: 1, max: 50, value: filters.top, class: 'num-input' });
    const read = (): TrendFilters => ({
      granularity: g.value as Granularity, from: from.value, to: to.value, station_id: station.value,
      nationality: nat.value.trim().toUpperCase(), sex: sex.value, age_group: age.value,
      top: Math.min(50, Math.max(1, Math.round(Number(top.value) || 5))),
    });
    g.addEventListener('change', () => {
      filters = convertRange({ ...read(), granularity: filters.granularity }, g.value as Granularity);
      from.type = inputType(); to.type = inputType();
      from.value = filters.from; to.value = filters.to;
    });
    const thisYear = Number(panamaToday(new Date()).slice(0, 4));
    const years = [thisYear - 3, thisYear - 2, thisYear - 1, thisYear];
    const form = h('form', { class: 'filters', 'data-testid': 'trend-filters' },
      h('div', { class: 'field' }, h('label', { for: 't-granularity' }, t('mig.tr.granularity')), g),
      h('div', { class: 'field' }, h('label', { for: 't-from' }, t('mig.filter.from')), from),
      h('div', { class: 'field' }, h('label', { for: 't-to' }, t('mig.filter.to')), to),
      h('div', { class: 'field' }, h('label', { for: 't-station' }, t('mig.field.station')), station),
      h('div', { class: 'field' }, h('label', { for: 't-nationality' }, t('mig.field.nationality')), nat, nationalityList('t-nat-list')),
      h('div', { class: 'field' }, h('label', { for: 't-sex' }, t('mig.field.sex')), sex),
      h('div', { class: 'field' }, h('label', { for: 't-age' }, t('mig.tr.ageGroup')), age),
      h('div', { class: 'field' }, h('label', { for: 't-top' }, t('mig.tr.top')), top),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 't-apply' }, t('mig.filter.apply'))),
      h('div', { class: 'presets', role: 'group', 'aria-label': t('mig.tr.years') },
        h('span', { class: 'muted small' }, t('mig.tr.years')),
        ...years.map((y) => h('button', {
          type: 'button', class: 'btn btn-small', 'data-testid': `t-year-${y}`,
          onclick: () => {
            filters = { ...read(), ...yearRange(y, g.value as Granularity) };
            from.value = filters.from; to.value = filters.to;
            reload();
          },
        }, String(y)))));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      filters = read();
      reload();
    });
    return form;
  }

  void (async () => {
    try {
      stationList = await stations(ctx.api);
    } catch {
      // The station filter offers "all" only; the trends still load.
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
