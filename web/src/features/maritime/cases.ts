// Interdiction cases: the list (by status), a new case (by hand, or from alerts), and a case's page:
// its status moves, positions on a map, the outcome form (boarded, seized, drugs by type and kg,
// arrests by nationality with the country picker, other contraband), the crew's encounter ids as
// the API shows them, the timeline and notes. Changes are for officers, supervisors and admins of
// the organization the case is assigned to; everyone else reads.
import { formatCountry, formatDateTime, formatNumber, panamaLocalToIso, toPanamaLocal } from '../../lib/format';
import { initialReleasability } from '../../lib/releasability';
import { DRUG_TYPES, MARITIME_CASE_STATUSES, type Country, type MaritimeCase, type MaritimeCaseStatus } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { ApiError, describeError } from '../../shell/errors';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { countryPicker, type CountryPicker } from '../../ui/country-picker';
import { submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { mountMap } from '../../ui/map';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import { caseMoves, mayEditCase, mayManageCases, mayOpenCase, outcomeBody, timelineNote, outcomeForm, parseSigned, totalArrests, totalKg, type OutcomeForm } from './case-logic';
import { t, type MessageKey } from './messages';
import { areaLabel, maritimePage, SEA_LAYERS, SEA_VIEW, vesselLink } from './tabs';

const STATUS_COLOURS: Record<MaritimeCaseStatus, string> = { open: '#4a78a8', underway: '#d68910', interdicted: '#1e8449', closed: '#566573' };

const actorOf = (ctx: Ctx) => ({ orgId: ctx.session.user.org.id, roles: ctx.session.user.roles });
const statusLabel = (s: string) => t(`mar.caseStatus.${s}` as MessageKey);
const drugLabel = (d: string) => t(`mar.drug.${d}` as MessageKey);

let countriesCache: Promise<Country[]> | null = null;
function countries(ctx: Ctx): Promise<Country[]> {
  countriesCache ??= ctx.api.countries().then((r) => r.items);
  countriesCache.catch(() => { countriesCache = null; });
  return countriesCache;
}

// ---- The list ------------------------------------------------------------------------------

export function casesView(ctx: Ctx): void {
  let status = new URLSearchParams(location.search).get('status') ?? '';
  const slot = h('div', { class: 'panel-body' });
  const select = h('select', { id: 'case-status', 'data-testid': 'case-status-filter' },
    h('option', { value: '' }, t('mar.alerts.f.any')),
    MARITIME_CASE_STATUSES.map((s) => h('option', { value: s, selected: s === status }, statusLabel(s))));
  select.addEventListener('change', () => {
    status = select.value;
    history.replaceState(null, '', `/maritime/cases${status ? `?status=${status}` : ''}`);
    void fill(slot, load);
  });
  const toolbar = h('div', { class: 'inline' },
    h('label', { for: 'case-status' }, t('mar.case.f.status')), select,
    mayOpenCase(actorOf(ctx)) ? h('a', { class: 'btn btn-primary', href: '/maritime/cases/new', 'data-link': true, 'data-testid': 'case-new' }, t('mar.case.new')) : null);
  ctx.main.replaceChildren(maritimePage('cases', 'mar-cases-page', t('mar.cases.title'), t('mar.cases.lead'), toolbar,
    h('section', { class: 'panel' }, slot)));
  const load = async (): Promise<Node> => {
    const { items } = await ctx.api.maritimeCases({ status });
    if (items.length === 0) return empty(t('mar.cases.empty'));
    const l = lang();
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data cards', 'data-testid': 'cases-table' },
      h('thead', null, h('tr', null,
        ...(['number', 'title', 'status', 'org', 'opened', 'seized'] as const).map((c) => h('th', null, t(`mar.case.col.${c}`))))),
      h('tbody', null, items.map((c) => h('tr', { 'data-case': c.id, 'data-number': c.number },
        h('td', { 'data-label': t('mar.case.col.number'), class: 'mono nowrap' }, h('a', { href: `/maritime/cases/${encodeURIComponent(c.id)}`, 'data-link': true, 'data-testid': 'case-link' }, c.number)),
        h('td', { class: 'wrap', 'data-label': t('mar.case.col.title') }, c.title),
        h('td', { 'data-label': t('mar.case.col.status') }, h('span', { class: `case-status st-${c.status}` }, statusLabel(c.status))),
        h('td', { 'data-label': t('mar.case.col.org') }, c.owner_org_name ?? c.owner_org),
        h('td', { class: 'nowrap', 'data-label': t('mar.case.col.opened') }, formatDateTime(c.opened_at, l)),
        h('td', { class: 'num', 'data-label': t('mar.case.col.seized') }, c.outcome && totalKg(c.outcome) > 0 ? t('mar.kg', { kg: formatNumber(totalKg(c.outcome), l, 1) }) : t('common.none')))))));
  };
  void fill(slot, load);
}

// ---- A new case ----------------------------------------------------------------------------

export function newCaseView(ctx: Ctx): void {
  const q = new URLSearchParams(location.search);
  const fields = formFields('case');
  const title = h('input', { id: 'case-title', maxlength: 200, 'data-testid': 'case-title', value: q.get('title') ?? '' });
  const summary = h('textarea', { id: 'case-summary', rows: 3, 'data-testid': 'case-summary' });
  const mmsis = h('input', { id: 'case-mmsis', 'data-testid': 'case-mmsis', inputmode: 'numeric', value: q.get('mmsi') ?? '', placeholder: '538001234, 735000001' });
  const org = orgSelect(ctx, 'case-org');
  const init = initialReleasability(ctx.session.user.org_default_releasability);
  const rel = releasabilityField('case-rel', init.checked, init.fromOrg);
  const messages = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'case-submit' }, t('mar.case.create'));
  const form = h('form', { class: 'form-panel', 'data-testid': 'case-form', novalidate: true },
    fields.field('title', t('mar.case.f.title'), title),
    org ? fields.field('org_id', t('mar.case.f.org'), org, t('mar.case.f.orgHint')) : null,
    fields.field('mmsis', t('mar.case.f.mmsis'), mmsis, t('mar.case.f.mmsisHint')),
    fields.field('summary', t('mar.case.f.summary'), summary),
    rel.el, messages, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const list = mmsis.value.split(/[\s,;]+/).filter(Boolean);
    if (!title.value.trim()) fields.setError('title', t('mar.case.titleRequired'));
    if (list.some((m) => !/^\d{9}$/.test(m))) fields.setError('mmsis', t('mar.case.mmsiInvalid'));
    if (!title.value.trim() || list.some((m) => !/^\d{9}$/.test(m))) return;
    void submitting(submit, form, messages, async () => {
      let c: MaritimeCase;
      try {
        c = await ctx.api.openMaritimeCase({
          title: title.value.trim(), releasability: rel.value(),
          ...(list.length > 0 ? { mmsis: list.map(Number) } : {}),
          ...(summary.value.trim() ? { summary: summary.value.trim() } : {}),
          ...(org?.value ? { org_id: org.value } : {}),
        });
      } catch (e) {
        fields.showApiError(e, messages);
        return;
      }
      toast(t('mar.case.opened', { number: c.number }));
      ctx.navigate(`/maritime/cases/${encodeURIComponent(c.id)}`);
    });
  });
  ctx.main.replaceChildren(maritimePage('cases', 'mar-case-new', t('mar.case.new'), t('mar.case.newLead'), null,
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, form))));
}

// The organization a new case is assigned to: the caller's, or (supervisors and admins) another.
// Null for everyone else, whose cases are their own organization's.
export function orgSelect(ctx: Ctx, id: string): HTMLSelectElement | null {
  if (!mayManageCases(actorOf(ctx))) return null;
  const org = h('select', { id, 'data-testid': id }, h('option', { value: '' }, ctx.session.user.org.name));
  void ctx.api.orgs().then((r) => {
    for (const o of r.items) if (o.id !== ctx.session.user.org.id) org.appendChild(h('option', { value: o.id }, o.name));
  }).catch(() => undefined);
  return org;
}

// ---- A case --------------------------------------------------------------------------------

export function caseView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(maritimePage('cases', 'mar-case-page', t('mar.case.title'), null, null, body));
  const handles: { destroy(): void }[] = [];
  ctx.onCleanup(() => handles.forEach((x) => x.destroy()));
  void fill(body, async () => {
    const [c, nations] = await Promise.all([ctx.api.maritimeCase(id), countries(ctx).catch(() => [] as Country[])]);
    return render(c, nations);
  });

  const render = (c: MaritimeCase, nations: Country[]): Node => {
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = `${c.number} · ${c.title}`;
    const editable = mayEditCase(c, actorOf(ctx));
    // A closed case takes notes only (the server answers case_closed to anything else).
    const working = editable && c.status !== 'closed';
    const update = (next: MaritimeCase) => {
      handles.splice(0).forEach((x) => x.destroy());
      body.replaceChildren(render(next, nations));
    };
    const mapHost = h('div', { class: 'evidence-map case-map', 'data-testid': 'case-map' });
    handles.push(mountMap(mapHost, ctx.api, { layers: SEA_LAYERS, view: SEA_VIEW, overlay: caseFeatures(c), fitOverlay: true }));
    return h('div', { class: 'case-page', 'data-case': c.id, 'data-status': c.status },
      caseHead(ctx, c, editable, update),
      h('div', { class: 'alert-grid' },
        h('section', { class: 'panel' }, h('div', { class: 'panel-title' }, t('mar.case.positions')), mapHost,
          h('div', { class: 'panel-body' }, positionsList(c), working ? positionForm(ctx, c, update) : null)),
        h('div', { class: 'alert-side' },
          h('section', { class: 'panel', 'data-testid': 'case-outcome' }, h('div', { class: 'panel-title' }, t('mar.case.outcome')),
            h('div', { class: 'panel-body' }, outcomeView(c), working ? outcomeEditor(ctx, c, nations, update) : null)),
          h('section', { class: 'panel', 'data-testid': 'case-crew' }, h('div', { class: 'panel-title' }, t('mar.case.crew')),
            h('div', { class: 'panel-body' }, crewPanel(ctx, c, working, update))))),
      h('section', { class: 'panel', 'data-testid': 'case-timeline' }, h('div', { class: 'panel-title' }, t('mar.case.timeline')),
        h('div', { class: 'panel-body' }, editable ? noteForm(ctx, c, update) : null, timeline(c))));
  };
}

function caseHead(ctx: Ctx, c: MaritimeCase, editable: boolean, update: (c: MaritimeCase) => void): HTMLElement {
  const l = lang();
  const errors = h('div', { 'aria-live': 'assertive' });
  const actor = actorOf(ctx);
  const moves = caseMoves(c, actor);
  let move: HTMLElement | null = null;
  if (moves.length > 0) {
    const select = h('select', { id: 'case-move', 'data-testid': 'case-move' }, moves.map((s) => h('option', { value: s }, statusLabel(s))));
    const go = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'case-move-save' }, t('mar.case.move'));
    go.addEventListener('click', () => void submitting(go, go, errors, async () => {
      const next = await ctx.api.updateMaritimeCase(c.id, { status: select.value });
      toast(t('mar.case.moved', { status: statusLabel(next.status) }));
      update(next);
    }));
    move = h('div', { class: 'inline' }, h('label', { for: 'case-move' }, t('mar.case.moveTo')), select, go);
  }
  // Supervisors and admins of the owning organization hand the case to another organization.
  let reassign: HTMLElement | null = null;
  if (editable && c.status !== 'closed' && mayManageCases(actor)) {
    const org = h('select', { id: 'case-reassign', 'data-testid': 'case-reassign' }, h('option', { value: '' }, t('mar.case.reassignChoose')));
    void ctx.api.orgs().then((r) => {
      for (const o of r.items) if (o.id !== c.owner_org) org.appendChild(h('option', { value: o.id }, o.name));
    }).catch(() => undefined);
    const go = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'case-reassign-save' }, t('mar.case.reassign'));
    go.addEventListener('click', () => {
      if (!org.value) return;
      void submitting(go, go, errors, async () => {
        const next = await ctx.api.updateMaritimeCase(c.id, { org_id: org.value });
        toast(t('mar.case.reassigned', { org: next.owner_org_name ?? next.owner_org }));
        update(next);
      });
    });
    reassign = h('div', { class: 'inline' }, h('label', { for: 'case-reassign' }, t('mar.case.reassignTo')), org, go);
  }
  return h('section', { class: 'panel' }, h('div', { class: 'panel-body case-head' },
    h('dl', { class: 'facts', 'data-testid': 'case-facts' },
      h('dt', null, t('mar.case.col.status')), h('dd', null, h('span', { class: `case-status st-${c.status}`, 'data-testid': 'case-status' }, statusLabel(c.status))),
      h('dt', null, t('mar.case.col.org')), h('dd', { 'data-testid': 'case-org' }, c.owner_org_name ?? c.owner_org),
      h('dt', null, t('mar.case.col.opened')), h('dd', null, t('mar.case.openedBy', { time: formatDateTime(c.opened_at, l), user: c.opened_by })),
      h('dt', null, t('mar.case.releasability')), h('dd', null, releasabilityLabel(c.releasability)),
      c.summary ? [h('dt', null, t('mar.case.f.summary')), h('dd', null, c.summary)] : null,
      c.mmsis.length > 0 ? [h('dt', null, t('mar.case.vessels')), h('dd', { class: 'vessel-links' }, c.mmsis.map((m) => vesselLink(m)))] : null,
      c.alert_ids.length > 0 ? [h('dt', null, t('mar.case.alerts')), h('dd', { class: 'vessel-links' }, c.alert_ids.map((a, i) =>
        h('a', { href: `/maritime/alerts/${encodeURIComponent(a)}`, 'data-link': true, 'data-testid': 'case-alert-link' }, t('mar.case.alertN', { n: i + 1 }))))] : null),
    h('div', { class: 'case-controls' }, move, reassign), errors));
}

// The case's positions (numbered, joined in time order) and the outcome's position.
function caseFeatures(c: MaritimeCase): GeoJSON.FeatureCollection {
  const pos = [...c.positions].sort((a, b) => Date.parse(a.t) - Date.parse(b.t));
  const features: GeoJSON.Feature[] = [];
  if (pos.length > 1) {
    features.push({ type: 'Feature', properties: { stroke: '#0b3d91', weight: 2, dash: '4 4' }, geometry: { type: 'LineString', coordinates: pos.map((p) => [p.lon, p.lat]) } });
  }
  pos.forEach((p, i) => features.push({
    type: 'Feature',
    properties: { fill: '#0b3d91', stroke: '#ffffff', radius: 6, label: `${i + 1}. ${p.label || formatDateTime(p.t, lang())}`, testid: 'case-position' },
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
  }));
  const o = c.outcome;
  if (o && typeof o.lat === 'number' && typeof o.lon === 'number') {
    features.push({
      type: 'Feature',
      properties: { fill: STATUS_COLOURS.interdicted, stroke: '#ffffff', radius: 9, label: t('mar.case.interdiction'), permanent: true, testid: 'case-interdiction' },
      geometry: { type: 'Point', coordinates: [o.lon, o.lat] },
    });
  }
  return { type: 'FeatureCollection', features };
}

function positionsList(c: MaritimeCase): HTMLElement {
  if (c.positions.length === 0) return h('p', { class: 'muted', 'data-testid': 'case-positions' }, t('mar.case.noPositions'));
  const l = lang();
  return h('ol', { class: 'case-positions', 'data-testid': 'case-positions' }, [...c.positions]
    .sort((a, b) => Date.parse(a.t) - Date.parse(b.t))
    .map((p) => h('li', null, h('span', { class: 'muted' }, formatDateTime(p.t, l)), ' ',
      `${formatNumber(p.lat, l, 4)}°, ${formatNumber(p.lon, l, 4)}°`, p.label ? ` — ${p.label}` : '')));
}

function positionForm(ctx: Ctx, c: MaritimeCase, update: (c: MaritimeCase) => void): HTMLElement {
  const fields = formFields('pos');
  const at = h('input', { id: 'pos-t', type: 'datetime-local', value: toPanamaLocal(new Date()), 'data-testid': 'pos-t' });
  const lat = h('input', { id: 'pos-lat', inputmode: 'decimal', 'data-testid': 'pos-lat', placeholder: '7.85' });
  const lon = h('input', { id: 'pos-lon', inputmode: 'decimal', 'data-testid': 'pos-lon', placeholder: '-78.42' });
  const label = h('input', { id: 'pos-label', maxlength: 100, 'data-testid': 'pos-label' });
  const messages = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small', 'data-testid': 'pos-submit' }, t('mar.case.addPosition'));
  const form = h('form', { class: 'inline-form', 'data-testid': 'pos-form', novalidate: true },
    h('div', { class: 'field-row' },
      fields.field('t', t('mar.case.f.time'), at),
      fields.field('lat', t('mar.case.f.lat'), lat),
      fields.field('lon', t('mar.case.f.lon'), lon),
      fields.field('label', t('mar.case.f.label'), label)),
    messages, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const iso = panamaLocalToIso(at.value);
    const la = parseSigned(lat.value), lo = parseSigned(lon.value);
    if (!iso) fields.setError('t', t('mar.case.problem.time'));
    if (la === null || Math.abs(la) > 90) fields.setError('lat', t('mar.case.problem.latitude'));
    if (lo === null || Math.abs(lo) > 180) fields.setError('lon', t('mar.case.problem.longitude'));
    if (!iso || la === null || lo === null || Math.abs(la) > 90 || Math.abs(lo) > 180) return;
    void submitting(submit, form, messages, async () => {
      try {
        const next = await ctx.api.addCasePosition(c.id, { t: iso, lat: la, lon: lo, ...(label.value.trim() ? { label: label.value.trim() } : {}) });
        toast(t('mar.case.positionAdded'));
        update(next);
      } catch (e) {
        fields.showApiError(e, messages);
      }
    });
  });
  return form;
}

function outcomeView(c: MaritimeCase): HTMLElement {
  const o = c.outcome;
  if (!o) return h('p', { class: 'muted', 'data-testid': 'outcome-none' }, t('mar.case.noOutcome'));
  const l = lang();
  const list = (items: string[]) => (items.length === 0 ? t('common.none') : h('ul', { class: 'plain' }, items.map((x) => h('li', null, x))));
  return h('dl', { class: 'facts', 'data-testid': 'outcome-facts' },
    h('dt', null, t('mar.case.boarded')), h('dd', null, o.boarded ? t('common.yes') : t('common.no')),
    h('dt', null, t('mar.case.seized')), h('dd', null, o.seized ? t('common.yes') : t('common.no')),
    o.at ? [h('dt', null, t('mar.case.f.time')), h('dd', null, formatDateTime(o.at, l))] : null,
    o.area ? [h('dt', null, t('mar.case.area')), h('dd', { 'data-testid': 'outcome-area', 'data-area': o.area }, areaLabel(o.area))] : null,
    h('dt', null, t('mar.case.drugs')), h('dd', { 'data-testid': 'outcome-drugs' }, list(o.drugs.map((d) => `${drugLabel(d.type)}: ${t('mar.kg', { kg: formatNumber(d.kg, l, 1) })}`))),
    h('dt', null, t('mar.case.arrests')), h('dd', { 'data-testid': 'outcome-arrests' }, list(o.arrests.map((a) => `${formatCountry(a.nationality, l)} (${a.nationality}): ${formatNumber(a.count, l)}`))),
    h('dt', null, t('mar.case.other')), h('dd', null, list(o.other_contraband.map((x) => (x.quantity !== null && x.quantity !== undefined ? `${x.description} × ${formatNumber(x.quantity, l)}` : x.description)))),
    h('dt', null, t('mar.case.totals')), h('dd', { 'data-testid': 'outcome-totals' }, t('mar.case.totalsText', { kg: formatNumber(totalKg(o), l, 1), arrests: totalArrests(o) })));
}

// The outcome form: rows for drugs, arrests and other contraband, added as needed.
function outcomeEditor(ctx: Ctx, c: MaritimeCase, nations: Country[], update: (c: MaritimeCase) => void): HTMLElement {
  const init: OutcomeForm = outcomeForm(c.outcome);
  const fields = formFields('outcome');
  const boarded = h('input', { type: 'checkbox', id: 'out-boarded', checked: init.boarded, 'data-testid': 'out-boarded' });
  const seized = h('input', { type: 'checkbox', id: 'out-seized', checked: init.seized, 'data-testid': 'out-seized' });
  const at = h('input', { id: 'out-at', type: 'datetime-local', value: init.at ? toPanamaLocal(new Date(init.at)) : '', 'data-testid': 'out-at' });
  const lat = h('input', { id: 'out-lat', inputmode: 'decimal', value: init.lat, 'data-testid': 'out-lat' });
  const lon = h('input', { id: 'out-lon', inputmode: 'decimal', value: init.lon, 'data-testid': 'out-lon' });

  const drugRows: { type: HTMLSelectElement; kg: HTMLInputElement }[] = [];
  const drugBox = h('div', { class: 'rows', 'data-testid': 'out-drugs' });
  const addDrug = (type = '', kg = '') => {
    const i = drugRows.length;
    const sel = h('select', { id: `out-drug-${i}`, 'data-testid': `out-drug-${i}`, 'aria-label': t('mar.case.drugType') },
      h('option', { value: '' }, t('mar.case.drugChoose')), DRUG_TYPES.map((d) => h('option', { value: d, selected: d === type }, drugLabel(d))));
    const amount = h('input', { id: `out-kg-${i}`, inputmode: 'decimal', value: kg, 'data-testid': `out-kg-${i}`, 'aria-label': t('mar.case.kg') });
    drugRows.push({ type: sel, kg: amount });
    drugBox.append(h('div', { class: 'field-row' },
      fields.field(`drugs/${i}/type`, t('mar.case.drugType'), sel),
      fields.field(`drugs/${i}/kg`, t('mar.case.kg'), amount)));
  };
  init.drugs.forEach((d) => addDrug(d.type, d.kg));

  const arrestRows: { nationality: CountryPicker; count: HTMLInputElement }[] = [];
  const arrestBox = h('div', { class: 'rows', 'data-testid': 'out-arrests' });
  const addArrest = (nationality = '', count = '') => {
    const i = arrestRows.length;
    const picker = countryPicker({ id: `out-nat-${i}`, testid: `out-nat-${i}`, list: nations, lang: lang(), value: nationality, placeholder: t('mar.case.nationalityPlaceholder'), noMatch: t('mar.case.noCountry') });
    const n = h('input', { id: `out-count-${i}`, inputmode: 'numeric', value: count, 'data-testid': `out-count-${i}` });
    arrestRows.push({ nationality: picker, count: n });
    arrestBox.append(h('div', { class: 'field-row' },
      fields.field(`arrests/${i}/nationality`, t('mar.case.nationality'), picker.el, null, picker.input),
      fields.field(`arrests/${i}/count`, t('mar.case.count'), n)));
  };
  init.arrests.forEach((a) => addArrest(a.nationality ?? '', a.count));

  const otherRows: { description: HTMLInputElement; quantity: HTMLInputElement }[] = [];
  const otherBox = h('div', { class: 'rows', 'data-testid': 'out-other' });
  const addOther = (description = '', quantity = '') => {
    const i = otherRows.length;
    const d = h('input', { id: `out-desc-${i}`, maxlength: 200, value: description, 'data-testid': `out-desc-${i}` });
    const q = h('input', { id: `out-qty-${i}`, inputmode: 'decimal', value: quantity, 'data-testid': `out-qty-${i}` });
    otherRows.push({ description: d, quantity: q });
    otherBox.append(h('div', { class: 'field-row' },
      fields.field(`other_contraband/${i}/description`, t('mar.case.otherDescription'), d),
      fields.field(`other_contraband/${i}/quantity`, t('mar.case.quantity'), q)));
  };
  init.other.forEach((o) => addOther(o.description, o.quantity));

  const more = (testid: string, label: MessageKey, add: () => void) => h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': testid, onclick: add }, t(label));
  const messages = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'out-submit' }, t('mar.case.saveOutcome'));
  const form = h('form', { class: 'outcome-form', 'data-testid': 'outcome-form', novalidate: true },
    h('div', { class: 'field-row' },
      h('label', { class: 'check' }, boarded, t('mar.case.boarded')),
      h('label', { class: 'check' }, seized, t('mar.case.seized'))),
    h('div', { class: 'field-row' },
      fields.field('at', t('mar.case.f.time'), at),
      fields.field('lat', t('mar.case.f.lat'), lat),
      fields.field('lon', t('mar.case.f.lon'), lon)),
    h('h3', null, t('mar.case.drugs')), drugBox, more('out-add-drug', 'mar.case.addDrug', () => addDrug()),
    h('h3', null, t('mar.case.arrests')), arrestBox, more('out-add-arrest', 'mar.case.addArrest', () => addArrest()),
    h('h3', null, t('mar.case.other')), otherBox, more('out-add-other', 'mar.case.addOther', () => addOther()),
    messages, h('div', { class: 'form-actions' }, submit));
  // Which of the form's rows are filled: the body sends only those, so "/drugs/0" is the first
  // filled row, not always the first row.
  const filled = (): boolean[][] => [
    drugRows.map((r) => !!(r.type.value || r.kg.value.trim())),
    arrestRows.map((r) => r.nationality.value() !== '' || !!r.count.value.trim()),
    otherRows.map((r) => !!(r.description.value.trim() || r.quantity.value.trim())),
  ];
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const iso = at.value ? panamaLocalToIso(at.value) : '';
    if (iso === null) {
      fields.setError('at', t('mar.case.problem.time'));
      return;
    }
    const { body, problems } = outcomeBody({
      boarded: boarded.checked, seized: seized.checked, at: iso, lat: lat.value, lon: lon.value,
      drugs: drugRows.map((r) => ({ type: r.type.value, kg: r.kg.value })),
      arrests: arrestRows.map((r) => ({ nationality: r.nationality.value(), count: r.count.value })),
      other: otherRows.map((r) => ({ description: r.description.value, quantity: r.quantity.value })),
    });
    if (problems.length > 0) {
      for (const p of problems) fields.setError(rowField(p.field, filled()) ?? p.field.slice(1), t(`mar.case.problem.${p.problem}` as MessageKey));
      return;
    }
    void submitting(submit, form, messages, async () => {
      try {
        const next = await ctx.api.setCaseOutcome(c.id, body);
        toast(t('mar.case.outcomeSaved'));
        update(next);
      } catch (e) {
        // A row's field ("/drugs/1/kg") goes under that row's input; anything else as usual.
        const at = e instanceof ApiError ? rowField(e.field, filled()) : null;
        if (at) {
          const v = describeError(e, t);
          fields.setError(at, v.detail ? `${v.title}: ${v.detail}` : v.title);
          fields.focus(at);
        } else {
          fields.showApiError(e, messages);
        }
      }
    });
  });
  return h('details', { class: 'outcome-edit', open: !c.outcome, 'data-testid': 'outcome-edit' },
    h('summary', null, c.outcome ? t('mar.case.editOutcome') : t('mar.case.recordOutcome')), form);
}

// The form's field name of a row's JSON pointer ("/drugs/0/kg" → "drugs/<row>/kg", the row being
// the form's first filled one); a top-level pointer ("/lat") is its name; null for anything else.
function rowField(pointer: string, filled: boolean[][]): string | null {
  const lists = ['drugs', 'arrests', 'other_contraband'];
  const m = /^\/([a-z_]+)\/(\d+)\/([a-z_]+)$/.exec(pointer);
  if (!m) return /^\/(at|lat|lon)$/.test(pointer) ? pointer.slice(1) : null;
  const rows = filled[lists.indexOf(m[1] ?? '')];
  if (!rows) return null;
  let seen = -1;
  const row = rows.findIndex((f) => f && ++seen === Number(m[2]));
  return row < 0 ? null : `${m[1]}/${row}/${m[3]}`;
}

function crewPanel(ctx: Ctx, c: MaritimeCase, editable: boolean, update: (c: MaritimeCase) => void): HTMLElement {
  const l = lang();
  const errors = h('div', { 'aria-live': 'assertive' });
  const list = c.crew.length === 0
    ? h('p', { class: 'muted', 'data-testid': 'crew-list' }, t('mar.case.noCrew'))
    : h('ul', { class: 'crew-list', 'data-testid': 'crew-list' }, c.crew.map((m) => {
      const remove = editable ? h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': 'crew-remove' }, t('mar.case.removeCrew')) : null;
      remove?.addEventListener('click', () => void submitting(remove, remove, errors, async () => {
        update(await ctx.api.removeCaseCrew(c.id, m.encounter_id));
      }));
      return h('li', { 'data-encounter': m.encounter_id, 'data-visible': String(m.visible) },
        m.visible
          ? h('span', null,
            h('a', { href: `/migration/encounters/${encodeURIComponent(m.encounter_id)}`, 'data-link': true }, m.name ?? m.encounter_id),
            m.nationality ? ` · ${formatCountry(m.nationality, l)}` : '',
            m.station ? ` · ${m.station}` : '',
            m.registered_at ? ` · ${formatDateTime(m.registered_at, l)}` : '')
          : h('span', { class: 'muted' }, t('mar.case.crewHidden', { id: m.encounter_id })),
        remove);
    }));
  if (!editable) return h('div', null, list);
  const fields = formFields('crew');
  const input = h('input', { id: 'crew-id', 'data-testid': 'crew-id', autocomplete: 'off', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small', 'data-testid': 'crew-add' }, t('mar.case.addCrew'));
  const form = h('form', { class: 'inline-form', novalidate: true }, fields.field('encounter_id', t('mar.case.encounterId'), input, t('mar.case.encounterHint')), errors, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const v = input.value.trim();
    if (!v) {
      fields.setError('encounter_id', t('mar.case.problem.required'));
      return;
    }
    void submitting(submit, form, errors, async () => {
      try {
        update(await ctx.api.addCaseCrew(c.id, v));
        toast(t('mar.case.crewAdded'));
      } catch (e) {
        fields.showApiError(e, errors);
      }
    });
  });
  return h('div', null, list, form);
}

function noteForm(ctx: Ctx, c: MaritimeCase, update: (c: MaritimeCase) => void): HTMLElement {
  const area = h('textarea', { rows: 2, maxlength: 2000, 'data-testid': 'case-note', 'aria-label': t('mar.case.note'), placeholder: t('mar.case.notePlaceholder') });
  const messages = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-small btn-primary', 'data-testid': 'case-note-submit' }, t('mar.case.addNote'));
  const form = h('form', { class: 'comment-form' }, area, messages, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!area.value.trim()) {
      messages.replaceChildren(h('div', { class: 'field-error', role: 'alert' }, t('mar.case.noteRequired')));
      return;
    }
    void submitting(submit, form, messages, async () => {
      update(await ctx.api.addCaseNote(c.id, area.value.trim()));
      toast(t('mar.case.noteAdded'));
    });
  });
  return form;
}

function timeline(c: MaritimeCase): HTMLElement {
  const events = [...(c.timeline ?? [])].sort((a, b) => Date.parse(b.t) - Date.parse(a.t));
  if (events.length === 0) return h('p', { class: 'muted' }, t('mar.case.noEvents'));
  const l = lang();
  return h('ul', { class: 'comment-list', 'data-testid': 'timeline-list' }, events.map((e) => h('li', { class: 'comment', 'data-action': e.action },
    h('div', { class: 'muted small' }, t('mar.case.eventBy', { action: actionLabel(e.action), user: e.user, time: formatDateTime(e.t, l) })),
    timelineNote(e, statusLabel) ? h('div', { class: 'comment-body' }, timelineNote(e, statusLabel)) : null)));
}

function actionLabel(action: string): string {
  const key = `mar.case.action.${action}` as MessageKey;
  const s = t(key);
  return s === key ? action : s;
}
