// The inspection queue (GET /canal/inspections): what waits for a unit and what each unit has,
// by score; supervisors assign to a unit, cancel with a reason and keep the units; the done list
// with results. An inspection's page: the container, its risk and reasons, and for officers the
// result form (scan, physical exam, seal check, negative or positive, drugs by type with kg,
// other contraband, notes).
import { formatDateTime } from '../../lib/format';
import {
  CANAL_DRUGS, PHYSICAL_EXAMS, SCAN_RESULTS, SEAL_CHECKS, type Inspection, type InspectionDetail, type InspectionUnit,
} from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { mayAssign, mayCorrect, mayManageLanes, mayRecord, resultBody, type DrugRow, type ResultProblem } from './logic';
import { t, type MessageKey } from './messages';
import { actorOf, canalPage, containerLink, label, laneBadge, num, panel, portLink, reasonDialog, reasonsList, selectionBadge, table, td } from './ui';

type QueueView = 'queue' | 'done';

function subTabs(current: QueueView): HTMLElement {
  const tab = (v: QueueView, href: string) => h('a', {
    href, 'data-link': true, class: v === current ? 'chip chip-tab active' : 'chip chip-tab', 'data-testid': `insp-view-${v}`,
    'aria-current': v === current ? 'page' : null,
  }, t(`canal.insp.view.${v}` as MessageKey));
  return h('div', { class: 'inline' }, tab('queue', '/canal/inspections'), tab('done', '/canal/inspections?view=done'));
}

// A unit picker and "Asignar" (also to move an assigned inspection to another unit), "Cancelar".
function supervisorActions(ctx: Ctx, i: Inspection, units: InspectionUnit[], done: () => void): HTMLElement {
  const messages = h('div', { 'aria-live': 'assertive' });
  const active = units.filter((u) => u.active);
  const select = h('select', { 'aria-label': t('canal.col.unit'), 'data-testid': 'assign-unit' },
    h('option', { value: '' }, t('canal.insp.chooseUnit')),
    active.map((u) => h('option', { value: u.id, selected: i.unit?.id === u.id }, u.terminal ? `${u.name} · ${u.terminal}` : u.name)));
  const assign = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'assign' }, t('canal.insp.assign'));
  assign.addEventListener('click', () => {
    if (!select.value) {
      messages.replaceChildren(h('div', { class: 'field-error' }, t('canal.insp.chooseUnit')));
      return;
    }
    void submitting(assign, assign, messages, async () => {
      await ctx.api.assignInspection(i.id, select.value);
      toast(t('canal.insp.assigned'));
      done();
    });
  });
  const cancel = h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': 'cancel' }, t('canal.insp.cancel'));
  cancel.addEventListener('click', () => reasonDialog({
    title: t('canal.insp.cancelTitle', { container: i.container_number }), testid: 'cancel', label: t('canal.insp.cancelReason'),
    done: t('canal.insp.cancelled'), send: async (reason) => { await ctx.api.cancelInspection(i.id, reason); }, after: done,
  }));
  return h('div', { class: 'insp-actions' }, h('div', { class: 'inline' }, select, assign, cancel), messages);
}

function queueRows(ctx: Ctx, items: Inspection[], units: InspectionUnit[], reload: () => void): Node[] {
  const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
  const actor = actorOf(ctx);
  return items.map((i) => h('tr', { 'data-inspection': i.id, 'data-container': i.container_number, 'data-status': i.status },
    td(c('score'), i.score === null ? '—' : h('strong', null, num(i.score)), 'num'),
    td(c('container'), [h('a', { href: `/canal/inspections/${encodeURIComponent(i.id)}`, 'data-link': true, class: 'mono', 'data-testid': 'inspection-link' }, i.container_number),
      h('div', { class: 'muted small mono' }, i.bill_of_lading)]),
    td(c('lane'), [laneBadge(i.lane), ' ', selectionBadge(i.selection)]),
    td(c('reasons'), reasonsList(i.reasons), 'wrap'),
    td(c('route'), portLink(i.port_of_loading)),
    td(c('queuedAt'), formatDateTime(i.created_at, lang()), 'nowrap'),
    td(c('actions'), mayAssign(actor, i) ? supervisorActions(ctx, i, units, reload) : mayRecord(actor, i)
      ? h('a', { class: 'btn btn-small btn-primary', href: `/canal/inspections/${encodeURIComponent(i.id)}`, 'data-link': true, 'data-testid': 'record-link' }, t('canal.insp.record'))
      : null)));
}

function unitsPanel(ctx: Ctx, units: InspectionUnit[], reload: () => void): HTMLElement {
  const list = units.length === 0 ? empty(t('canal.units.empty')) : h('ul', { class: 'unit-list', 'data-testid': 'units' },
    units.map((u) => h('li', { class: u.active ? null : 'muted' }, u.name, u.terminal ? ` · ${u.terminal}` : '', u.active ? '' : ` (${t('canal.units.inactive')})`)));
  if (!mayManageLanes(actorOf(ctx))) return panel(t('canal.units.title'), 'units-panel', list);
  const fields = formFields('unit');
  const name = h('input', { id: 'unit-name', maxlength: 100, 'data-testid': 'unit-name' });
  const terminal = h('input', { id: 'unit-terminal', maxlength: 100, 'data-testid': 'unit-terminal' });
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn', 'data-testid': 'unit-save' }, t('canal.units.add'));
  const form = h('form', { class: 'field-row', novalidate: true },
    fields.field('name', t('canal.units.name'), name), fields.field('terminal', t('canal.units.terminal'), terminal),
    h('div', { class: 'field field-check' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    if (!name.value.trim()) {
      fields.setError('name', t('canal.required'));
      return;
    }
    void submitting(save, form, messages, async () => {
      try {
        await ctx.api.createUnit({ name: name.value.trim(), ...(terminal.value.trim() ? { terminal: terminal.value.trim() } : {}) });
      } catch (e) {
        fields.showApiError(e, messages);
        return;
      }
      toast(t('canal.units.added'));
      reload();
    });
  });
  return panel(t('canal.units.title'), 'units-panel', list, form, messages);
}

export function inspectionsView(ctx: Ctx): void {
  const view: QueueView = new URLSearchParams(location.search).get('view') === 'done' ? 'done' : 'queue';
  const slot = h('div');
  ctx.main.replaceChildren(canalPage('inspections', 'canal-inspections', t(`canal.insp.title.${view}` as MessageKey), t('canal.insp.lead'), subTabs(view), slot));
  const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
  const load = async (): Promise<Node> => {
    if (view === 'done') {
      const { inspections } = await ctx.api.inspections({ status: 'done', limit: 200 });
      if (inspections.length === 0) return h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, empty(t('canal.insp.doneEmpty'))));
      return h('section', { class: 'panel' }, table('done-table', [c('completedAt'), c('container'), c('lane'), c('unit'), c('result'), c('seized')],
        inspections.map((i) => h('tr', { 'data-inspection': i.id, 'data-result': i.result ?? '' },
          td(c('completedAt'), formatDateTime(i.completed_at ?? null, lang()), 'nowrap'),
          td(c('container'), h('a', { href: `/canal/inspections/${encodeURIComponent(i.id)}`, 'data-link': true, class: 'mono' }, i.container_number)),
          td(c('lane'), [laneBadge(i.lane), ' ', selectionBadge(i.selection)]),
          td(c('unit'), i.unit?.name ?? '—'),
          td(c('result'), i.result ? h('span', { class: `result result-${i.result}` }, label(`canal.result.${i.result}`)) : '—'),
          td(c('seized'), seizedText(i))))));
    }
    const [queued, assigned, units] = await Promise.all([
      ctx.api.inspections({ status: 'queued', limit: 500 }),
      ctx.api.inspections({ status: 'assigned', limit: 500 }),
      ctx.api.units().catch(() => ({ units: [] as InspectionUnit[] })),
    ]);
    const reload = () => void fill(slot, load);
    const cols = [c('score'), c('container'), c('lane'), c('reasons'), c('route'), c('queuedAt'), c('actions')];
    const byUnit = new Map<string, { name: string; items: Inspection[] }>();
    for (const i of assigned.inspections) {
      const key = i.unit?.id ?? '';
      const g = byUnit.get(key) ?? { name: i.unit?.name ?? t('canal.insp.noUnit'), items: [] };
      g.items.push(i);
      byUnit.set(key, g);
    }
    return h('div', null,
      panel(t('canal.insp.waiting', { count: queued.inspections.length }), 'queue-waiting',
        queued.inspections.length === 0 ? empty(t('canal.insp.queueEmpty')) : table('queue-table', cols, queueRows(ctx, queued.inspections, units.units, reload))),
      ...[...byUnit.values()].map((g) => panel(t('canal.insp.unitQueue', { unit: g.name, count: g.items.length }), 'queue-unit',
        table('unit-table', cols, queueRows(ctx, g.items, units.units, reload)))),
      unitsPanel(ctx, units.units.filter((u) => u.active || mayManageLanes(actorOf(ctx))), reload));
  };
  void fill(slot, load);
}

function seizedText(i: Pick<Inspection, 'drugs' | 'other_contraband'>): string {
  const parts = (i.drugs ?? []).map((d) => `${label(`canal.drug.${d.type}`)} ${t('canal.kg', { kg: num(d.kg, 1) })}`);
  if (i.other_contraband) parts.push(i.other_contraband);
  return parts.length > 0 ? parts.join(', ') : '—';
}

// ---- One inspection ------------------------------------------------------------------------

const PROBLEM_KEYS: Record<ResultProblem['problem'], MessageKey> = {
  required: 'canal.required', number: 'canal.problem.number', positive: 'canal.problem.positive',
  positiveNeedsFinding: 'canal.problem.positiveNeedsFinding', negativeHasFinding: 'canal.problem.negativeHasFinding',
};

// The result form; `correcting` (a supervisor's correction of a done result) starts from the
// recorded result and asks why it is corrected.
function resultForm(ctx: Ctx, i: InspectionDetail, done: (next: Inspection) => void, correcting = false): HTMLElement {
  const fields = formFields('res');
  const was = correcting ? i : null;
  const radios = (name: 'scan_result' | 'physical_exam' | 'seal_check' | 'result', values: readonly string[], prefix: string) => {
    const wrap = h('div', { class: 'radios', id: `res-${name}`, role: 'radiogroup' },
      values.map((v) => h('label', { class: 'check' },
        h('input', { type: 'radio', name: `res-${name}`, value: v, checked: was?.[name] === v, 'data-testid': `res-${name}-${v}` }), label(`${prefix}.${v}`))));
    return { wrap, value: () => (wrap.querySelector<HTMLInputElement>('input:checked')?.value ?? '') };
  };
  const scan = radios('scan_result', SCAN_RESULTS, 'canal.scan');
  const exam = radios('physical_exam', PHYSICAL_EXAMS, 'canal.exam');
  const seal = radios('seal_check', SEAL_CHECKS, 'canal.seal');
  const result = radios('result', ['negative', 'positive'], 'canal.result');
  const rows: { type: HTMLSelectElement; kg: HTMLInputElement; error: HTMLElement }[] = [];
  const drugHost = h('div', { class: 'drug-rows', 'data-testid': 'drug-rows' });
  const addRow = () => {
    const n = rows.length;
    const type = h('select', { 'aria-label': t('canal.res.drug'), 'data-testid': `drug-type-${n}` }, h('option', { value: '' }, t('canal.res.drugChoose')),
      CANAL_DRUGS.map((d) => h('option', { value: d }, label(`canal.drug.${d}`))));
    const kg = h('input', { inputmode: 'decimal', 'aria-label': t('canal.res.kg'), placeholder: 'kg', 'data-testid': `drug-kg-${n}`, class: 'kg-input' });
    const error = h('div', { class: 'field-error', hidden: true, 'data-testid': `drug-error-${n}` });
    rows.push({ type, kg, error });
    drugHost.append(h('div', { class: 'drug-row' }, h('div', { class: 'inline' }, type, kg, 'kg'), error));
  };
  for (const d of was?.drugs ?? []) {
    addRow();
    const r = rows[rows.length - 1];
    if (r) {
      r.type.value = d.type;
      r.kg.value = String(d.kg);
    }
  }
  if (rows.length === 0) addRow();
  const more = h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'data-testid': 'drug-add' }, t('canal.res.addDrug'));
  more.addEventListener('click', addRow);
  const other = h('input', { id: 'res-other', maxlength: 500, 'data-testid': 'res-other', value: was?.other_contraband ?? '' });
  const notes = h('textarea', { id: 'res-notes', rows: 3, maxlength: 2000, 'data-testid': 'res-notes' });
  notes.value = was?.notes ?? '';
  const why = h('input', { id: 'res-correction', maxlength: 500, 'data-testid': 'res-correction' });
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'res-save' }, t('canal.res.save'));
  const form = h('form', { class: 'form-panel', 'data-testid': 'result-form', novalidate: true },
    fields.field('scan_result', t('canal.res.scan'), scan.wrap),
    fields.field('physical_exam', t('canal.res.exam'), exam.wrap),
    fields.field('seal_check', t('canal.res.seal'), seal.wrap),
    fields.field('result', t('canal.res.result'), result.wrap),
    fields.field('drugs', t('canal.res.drugs'), h('div', null, drugHost, more)),
    fields.field('other_contraband', t('canal.res.other'), other),
    fields.field('notes', t('canal.res.notes'), notes),
    correcting ? fields.field('correction_reason', t('canal.res.correctionReason'), why) : null,
    messages, h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    rows.forEach((r) => { r.error.hidden = true; r.error.textContent = ''; });
    const { body, problems } = resultBody({
      scan: scan.value(), exam: exam.value(), seal: seal.value(), result: result.value(),
      drugs: rows.map((r): DrugRow => ({ type: r.type.value, kg: r.kg.value })), other: other.value, notes: notes.value,
    });
    if (correcting && !why.value.trim()) problems.push({ field: '/correction_reason', problem: 'required' });
    if (problems.length > 0) {
      for (const p of problems) {
        const m = /^\/drugs\/(\d+)\//.exec(p.field);
        // The body's drug index counts only the rows sent; the form's rows include the empty ones.
        const sent = rows.filter((r) => r.type.value || r.kg.value.trim());
        const row = m ? sent[Number(m[1])] : undefined;
        if (row) {
          row.error.hidden = false;
          row.error.textContent = t(PROBLEM_KEYS[p.problem]);
        } else fields.setError(p.field.slice(1), t(PROBLEM_KEYS[p.problem]));
      }
      return;
    }
    void submitting(save, form, messages, async () => {
      let next: Inspection;
      try {
        next = await ctx.api.recordInspection(i.id, correcting ? { ...body, correction_reason: why.value.trim() } : body);
      } catch (e) {
        fields.showApiError(e, messages);
        return;
      }
      toast(t('canal.res.saved'));
      done(next);
    });
  });
  return form;
}

export function inspectionView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('inspections', 'canal-inspection', t('canal.insp.one'), null, subTabs('queue'), body));
  const load = async (): Promise<Node> => {
    const [i, units] = await Promise.all([ctx.api.inspection(id), ctx.api.units().catch(() => ({ units: [] as InspectionUnit[] }))]);
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = t('canal.insp.oneOf', { container: i.container_number });
    const l = lang();
    const actor = actorOf(ctx);
    const reload = () => void fill(body, load);
    const facts = h('dl', { class: 'facts', 'data-testid': 'inspection-facts' },
      h('dt', null, t('canal.col.status')), h('dd', { 'data-testid': 'inspection-status', 'data-status': i.status }, label(`canal.inspStatus.${i.status}`)),
      h('dt', null, t('canal.col.container')), h('dd', null, containerLink(i.container_number), ' · ', h('span', { class: 'mono' }, i.bill_of_lading)),
      h('dt', null, t('canal.col.lane')), h('dd', null, laneBadge(i.lane), ' ', selectionBadge(i.selection), i.score === null ? '' : ` · ${t('canal.container.score', { score: num(i.score) })}`),
      h('dt', null, t('canal.col.unit')), h('dd', null, i.unit?.name ?? t('canal.insp.noUnit')),
      h('dt', null, t('canal.col.queuedAt')), h('dd', null, formatDateTime(i.created_at, l)),
      i.assigned_at ? [h('dt', null, t('canal.col.assignedAt')), h('dd', null, formatDateTime(i.assigned_at, l))] : null,
      i.note ? [h('dt', null, t('canal.insp.note')), h('dd', null, i.note)] : null,
      i.cancel_reason ? [h('dt', null, t('canal.insp.cancelReason')), h('dd', null, i.cancel_reason)] : null);
    const done = i.status === 'done' ? panel(t('canal.res.title'), 'inspection-result',
      h('dl', { class: 'facts' },
        h('dt', null, t('canal.res.result')), h('dd', { 'data-testid': 'inspection-result-value', 'data-result': i.result ?? '' }, i.result ? label(`canal.result.${i.result}`) : '—'),
        h('dt', null, t('canal.res.scan')), h('dd', null, i.scan_result ? label(`canal.scan.${i.scan_result}`) : '—'),
        h('dt', null, t('canal.res.exam')), h('dd', null, i.physical_exam ? label(`canal.exam.${i.physical_exam}`) : '—'),
        h('dt', null, t('canal.res.seal')), h('dd', null, i.seal_check ? label(`canal.seal.${i.seal_check}`) : '—'),
        h('dt', null, t('canal.res.seized')), h('dd', null, seizedText(i)),
        i.notes ? [h('dt', null, t('canal.res.notes')), h('dd', null, i.notes)] : null,
        i.completed_at ? [h('dt', null, t('canal.col.completedAt')), h('dd', null, formatDateTime(i.completed_at, l))] : null)) : null;
    const risk = i.risk ?? null;
    return h('div', null,
      h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, facts,
        mayAssign(actor, i) ? supervisorActions(ctx, i, units.units, reload) : null)),
      panel(t('canal.container.risk'), 'inspection-reasons', reasonsList(risk?.reasons ?? i.reasons),
        i.line ? h('p', { class: 'muted' }, portLink(i.line.port_of_loading), ' → ', portLink(i.line.port_of_discharge)) : null),
      done,
      mayRecord(actor, i) ? panel(t('canal.res.title'), 'inspection-form', resultForm(ctx, i, () => reload())) : null,
      mayCorrect(actor, i) ? h('details', { class: 'panel correction', 'data-testid': 'inspection-correct' },
        h('summary', { class: 'panel-title' }, t('canal.res.correct')), h('div', { class: 'panel-body' }, resultForm(ctx, i, () => reload(), true))) : null,
      i.status === 'queued' && actor.roles.includes('officer') && i.owner_org === actor.orgId ? h('p', { class: 'muted', 'data-testid': 'await-assign' }, t('canal.insp.awaitAssign')) : null);
  };
  void fill(body, load);
}
