// Risk rules with their yield: the list (status, weight, version; inspected, positives, hit rate
// with its 95% interval, lift over random selection, and a mark on a rule that does not beat
// chance: its interval's lower bound is not above the random baseline), a rule's page with its
// versions, and the editor with a live check of the expression (POST /canal/rules/check; the
// error shown at its line and column under the text), the weight, the explanation in Spanish and
// English, retire and reactivate. Writing is for analysts of the rule's organization. Analysts and
// supervisors also see each active rule's suggested weight from its yield (GET
// /canal/rules/suggestions); an analyst of the owner applies it as a new version or, when the
// suggestion is to retire, opens the retire dialog.
import { formatDateTime } from '../../lib/format';
import { initialReleasability } from '../../lib/releasability';
import type { Rule, RuleField, RuleVersion, RuleYield, WeightSuggestion, WeightSuggestions, YieldReport } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { ApiError, describeError } from '../../shell/errors';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import { errorPointer, explanationIn, isoDay, mayReadSuggestions, parseWeight, suggestionState } from './logic';
import { t } from './messages';
import { actorOf, canalPage, label, lift, num, panel, pct, rateText, reasonDialog, table, td, userLabel, writesRules } from './ui';

function rulesToolbar(ctx: Ctx): HTMLElement {
  return h('div', { class: 'inline' },
    h('a', { class: 'btn btn-ghost', href: '/canal/lists', 'data-link': true, 'data-testid': 'lists-link' }, t('canal.lists.title')),
    h('a', { class: 'btn btn-ghost', href: '/canal/lanes', 'data-link': true, 'data-testid': 'lanes-link' }, t('canal.lanes.title')),
    writesRules(ctx) ? h('a', { class: 'btn btn-primary', href: '/canal/rules/new', 'data-link': true, 'data-testid': 'rule-new' }, t('canal.rules.new')) : null);
}

function yieldCells(y: RuleYield | undefined): HTMLElement[] {
  const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
  if (!y) return [td(c('inspected'), '—', 'num'), td(c('positives'), '—', 'num'), td(c('hitRate'), '—', 'num'), td(c('lift'), '—', 'num'), td(c('chance'), '')];
  return [
    td(c('inspected'), num(y.inspected), 'num'),
    td(c('positives'), num(y.positives), 'num'),
    td(c('hitRate'), rateText(y), 'num nowrap'),
    td(c('lift'), lift(y.lift), 'num'),
    td(c('chance'), y.inspected === 0 ? h('span', { class: 'muted' }, t('canal.yield.noData'))
      : y.beats_chance ? h('span', { class: 'chip chip-ok', 'data-testid': 'beats-chance' }, t('canal.yield.beats'))
        : h('span', { class: 'chip chip-warn', 'data-testid': 'no-better-than-chance', title: t('canal.yield.chanceHint') }, t('canal.yield.chance'))),
  ];
}

function retireDialog(ctx: Ctx, r: Rule, after: () => void): void {
  reasonDialog({
    title: t('canal.rule.retireTitle', { name: r.name }), testid: 'retire', label: t('canal.rule.retireReason'),
    done: t('canal.rule.retired'), send: async (reason) => { await ctx.api.retireRule(r.id, reason); }, after,
  });
}

function suggestionsOf(ctx: Ctx): Promise<WeightSuggestions | null> {
  return mayReadSuggestions(actorOf(ctx)) ? ctx.api.ruleSuggestions().catch(() => null) : Promise.resolve(null);
}

// A rule's suggested weight with its evidence; for an analyst of the owner, the button that
// applies it (a new version noted in the page's language) or opens the retire dialog.
function suggestionCell(ctx: Ctx, r: Rule, s: WeightSuggestion | undefined, report: WeightSuggestions, reload: () => void): HTMLElement {
  if (!s) return h('span', { class: 'muted', 'data-testid': 'suggestion', 'data-state': 'none' }, t('canal.suggest.none'));
  const state = suggestionState(s, r.weight, report.baseline.inspected, report.min_inspected);
  const editable = writesRules(ctx, r.owner_org);
  const messages = h('div', { 'aria-live': 'assertive' });
  let head: (Node | string | null)[];
  if (state.kind === 'apply') {
    const btn = editable ? h('button', {
      type: 'button', class: 'btn btn-small', 'data-testid': 'suggestion-apply',
      title: t('canal.suggest.applyTitle', { from: num(r.weight), to: num(state.weight) }),
    }, t('canal.suggest.apply')) : null;
    btn?.addEventListener('click', () => void submitting(btn, btn, messages, async () => {
      const saved = await ctx.api.updateRule(r.id, { weight: state.weight, note: t('canal.suggest.note', { date: isoDay(new Date()) }) });
      toast(t('canal.suggest.applied', { weight: num(saved.weight), version: saved.version }));
      reload();
    }));
    head = [h('strong', { 'data-testid': 'suggested-weight' }, num(state.weight)), ' ', btn];
  } else if (state.kind === 'keep') {
    head = [h('strong', { 'data-testid': 'suggested-weight' }, num(state.weight)), ' ', h('span', { class: 'muted small' }, t('canal.suggest.keep'))];
  } else if (state.kind === 'retire') {
    const btn = editable ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'suggestion-retire' }, t('canal.suggest.retire')) : null;
    btn?.addEventListener('click', () => retireDialog(ctx, r, reload));
    head = [h('span', { class: 'chip chip-warn', title: t('canal.suggest.retireHint') }, t('canal.suggest.retire')), ' ', btn];
  } else {
    head = [h('span', { class: 'muted', 'data-testid': 'suggestion-insufficient', 'data-short': state.short },
      t(state.short === 'rule' ? 'canal.suggest.fewRule' : 'canal.suggest.fewBaseline', { have: num(state.have), need: num(state.need) }))];
  }
  const b = report.baseline;
  return h('div', { class: 'suggestion', 'data-testid': 'suggestion', 'data-state': state.kind, 'data-action': s.action },
    ...head,
    h('div', { class: 'muted small', 'data-testid': 'suggestion-evidence' }, t('canal.suggest.evidence', {
      positives: num(s.positives), inspected: num(s.inspected), rate: s.hit_rate === null ? '—' : pct(s.hit_rate), baseline: b.hit_rate === null ? '—' : pct(b.hit_rate),
    })),
    messages);
}

export function rulesView(ctx: Ctx): void {
  const slot = h('div');
  ctx.main.replaceChildren(canalPage('rules', 'canal-rules', t('canal.rules.title'), t('canal.rules.lead'), rulesToolbar(ctx), slot));
  const load = async (): Promise<Node> => {
    const [{ rules }, report, suggestions] = await Promise.all([ctx.api.rules(), ctx.api.canalYield('rule').catch(() => null as YieldReport | null), suggestionsOf(ctx)]);
    const byId = new Map((report?.rules ?? []).map((y) => [y.rule_id, y]));
    const suggested = new Map((suggestions?.rules ?? []).map((x) => [x.rule_id, x]));
    const reload = () => void fill(slot, load);
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    const l = lang();
    const b = report?.baseline;
    const o = report?.rules_overall;
    const baseline = h('section', { class: 'panel', 'data-testid': 'yield-baseline' }, h('div', { class: 'panel-body' },
      b ? h('p', null, t('canal.yield.baseline', { inspected: num(b.inspected), positives: num(b.positives), rate: rateText(b) })) : h('p', { class: 'muted' }, t('canal.yield.unavailable')),
      o ? h('p', { 'data-testid': 'yield-overall' }, t('canal.yield.overall', { inspected: num(o.inspected), positives: num(o.positives), rate: rateText(o), lift: lift(o.lift) })) : null,
      suggestions ? h('p', { class: 'muted small' }, t('canal.suggest.lead', { min: num(suggestions.min_inspected) })) : null));
    if (rules.length === 0) return h('div', null, baseline, h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, empty(t('canal.rules.empty')))));
    const sorted = [...rules].sort((a, b2) => (a.status === b2.status ? a.name.localeCompare(b2.name, l) : a.status === 'active' ? -1 : 1));
    return h('div', null, baseline, h('section', { class: 'panel' }, table('rules-table',
      [c('rule'), c('status'), c('weight'), c('version'), c('inspected'), c('positives'), c('hitRate'), c('lift'), c('chance'), ...(suggestions ? [c('suggested')] : [])],
      sorted.map((r) => h('tr', { 'data-rule': r.id, 'data-name': r.name, 'data-status': r.status },
        td(c('rule'), [h('a', { href: `/canal/rules/${encodeURIComponent(r.id)}`, 'data-link': true, 'data-testid': 'rule-link' }, r.name),
          h('div', { class: 'muted small' }, explanationIn(r.explanation, l))], 'wrap'),
        td(c('status'), h('span', { class: `chip rule-${r.status}` }, label(`canal.ruleStatus.${r.status}`))),
        td(c('weight'), num(r.weight), 'num'),
        td(c('version'), num(r.version), 'num'),
        ...yieldCells(byId.get(r.id)),
        suggestions ? td(c('suggested'), suggestionCell(ctx, r, suggested.get(r.id), suggestions, reload)) : null)))));
  };
  void fill(slot, load);
}

// ---- The editor ----------------------------------------------------------------------------

let fieldsCache: Promise<RuleField[]> | null = null;
function ruleFields(ctx: Ctx): Promise<RuleField[]> {
  fieldsCache ??= ctx.api.canalFields().then((r) => r.fields);
  fieldsCache.catch(() => { fieldsCache = null; });
  return fieldsCache;
}

// The expression's text area with its live check: after a pause in typing, the server compiles
// it; an error shows the line with a caret under the column (the server's own words only on the
// English page: it writes them in English).
function expressionEditor(ctx: Ctx, initial: string): { el: HTMLElement; input: HTMLTextAreaElement; status: HTMLElement } {
  const input = h('textarea', { id: 'rule-expression', rows: 6, spellcheck: 'false', class: 'mono code', 'data-testid': 'rule-expression' });
  input.value = initial;
  const status = h('div', { class: 'rule-check', 'data-testid': 'rule-check', 'aria-live': 'polite' });
  let timer = 0;
  let seq = 0;
  const check = async () => {
    const text = input.value;
    const mine = ++seq;
    if (!text.trim()) {
      status.replaceChildren();
      status.removeAttribute('data-state');
      return;
    }
    status.setAttribute('data-state', 'checking');
    try {
      const r = await ctx.api.checkRule(text);
      if (mine !== seq) return;
      if (r.ok) {
        status.setAttribute('data-state', 'ok');
        status.replaceChildren(h('span', { class: 'ok-text' }, t('canal.editor.ok'),
          r.lists.length > 0 ? h('span', { class: 'muted small' }, ` ${t('canal.editor.lists', { lists: r.lists.join(', ') })}`) : null));
      } else {
        status.setAttribute('data-state', 'error');
        const p = errorPointer(text, r.error.line, r.error.column);
        status.replaceChildren(h('div', null,
          h('div', { class: 'field-error', 'data-testid': 'rule-check-error', 'data-line': r.error.line ?? '', 'data-column': r.error.column ?? '' },
            r.error.line === null ? t('canal.editor.error') : t('canal.editor.errorAt', { line: r.error.line, column: r.error.column ?? 1 })),
          p ? h('pre', { class: 'caret mono', 'data-testid': 'rule-check-caret' }, `${p.source}\n${p.caret}`) : null,
          lang() === 'en' ? h('div', { class: 'muted small' }, r.error.message) : null));
      }
    } catch (e) {
      if (mine !== seq) return;
      // The server refused the text itself (a character it does not take): its reason, translated.
      if (e instanceof ApiError && e.kind === 'api' && e.status === 400) {
        status.setAttribute('data-state', 'error');
        const v = describeError(e, t);
        status.replaceChildren(h('div', { class: 'field-error', 'data-testid': 'rule-check-error' }, v.detail || v.title));
        return;
      }
      status.setAttribute('data-state', 'unavailable');
      status.replaceChildren(h('span', { class: 'muted' }, t('canal.editor.checkUnavailable')));
    }
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 350);
  });
  if (initial) void check();
  return { el: h('div', null, input, status), input, status };
}

function fieldsHelp(ctx: Ctx): HTMLElement {
  const host = h('div', { class: 'fields-help' });
  void fill(host, async () => {
    const [fields, lists] = await Promise.all([ruleFields(ctx), ctx.api.canalLists().then((r) => r.lists).catch(() => [])]);
    const l = lang();
    return h('div', null,
      h('details', { open: window.innerWidth > 960 },
        h('summary', null, t('canal.editor.fields')),
        h('dl', { class: 'facts facts-mono', 'data-testid': 'rule-fields' }, fields.flatMap((f) => [
          h('dt', { class: 'mono' }, f.name, h('span', { class: 'muted small' }, ` ${label(`canal.fieldType.${f.type}`)}`)),
          h('dd', null, explanationIn(f.description, l))]))),
      lists.length > 0 ? h('details', null, h('summary', null, t('canal.editor.listsTitle')),
        h('ul', { class: 'plain' }, lists.map((x) => h('li', null, h('span', { class: 'mono' }, `@${x.name}`), ` · ${label(`canal.listKind.${x.kind}`)} · ${t('canal.lists.items', { count: x.items.length })}`)))) : null);
  });
  return host;
}

function ruleEditor(ctx: Ctx, rule: Rule | null, done: (r: Rule) => void): HTMLElement {
  const fields = formFields('rule');
  const name = h('input', { id: 'rule-name', maxlength: 200, 'data-testid': 'rule-name', value: rule?.name ?? '' });
  const expr = expressionEditor(ctx, rule?.expression ?? '');
  const weight = h('input', { id: 'rule-weight', inputmode: 'numeric', 'data-testid': 'rule-weight', value: rule ? String(rule.weight) : '' });
  const es = h('textarea', { id: 'rule-explanation-es', rows: 2, maxlength: 1000, 'data-testid': 'rule-explanation-es' });
  es.value = rule?.explanation.es ?? '';
  const en = h('textarea', { id: 'rule-explanation-en', rows: 2, maxlength: 1000, 'data-testid': 'rule-explanation-en' });
  en.value = rule?.explanation.en ?? '';
  const note = h('input', { id: 'rule-note', maxlength: 500, 'data-testid': 'rule-note' });
  const init = initialReleasability(ctx.session.user.org_default_releasability);
  const rel = rule ? null : releasabilityField('rule-rel', init.checked, init.fromOrg);
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'rule-save' }, rule ? t('canal.editor.saveVersion') : t('canal.editor.create'));
  const form = h('form', { class: 'form-panel rule-form', 'data-testid': 'rule-form', novalidate: true },
    fields.field('name', t('canal.editor.name'), name),
    fields.field('expression', t('canal.editor.expression'), expr.el, t('canal.editor.expressionHint'), expr.input),
    fields.field('weight', t('canal.editor.weight'), weight, t('canal.editor.weightHint')),
    fields.field('explanation', t('canal.editor.explanationEs'), es),
    fields.field('explanation_en', t('canal.editor.explanationEn'), en),
    rule ? fields.field('note', t('canal.editor.note'), note) : rel?.el ?? null,
    messages, h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const w = parseWeight(weight.value);
    const problems: [string, string][] = [];
    if (!name.value.trim()) problems.push(['name', t('canal.required')]);
    if (!expr.input.value.trim()) problems.push(['expression', t('canal.required')]);
    if (w === null) problems.push(['weight', t('canal.editor.weightHint')]);
    if (!es.value.trim()) problems.push(['explanation', t('canal.required')]);
    if (!en.value.trim()) problems.push(['explanation_en', t('canal.required')]);
    if (problems.length > 0) {
      for (const [f, m] of problems) fields.setError(f, m);
      fields.focus(problems[0]?.[0] ?? 'name');
      return;
    }
    const body = {
      name: name.value.trim(), expression: expr.input.value, weight: w ?? 1,
      explanation: { es: es.value.trim(), en: en.value.trim() },
    };
    void submitting(save, form, messages, async () => {
      let saved: Rule;
      try {
        saved = rule
          ? await ctx.api.updateRule(rule.id, { ...body, ...(note.value.trim() ? { note: note.value.trim() } : {}) })
          : await ctx.api.createRule({ ...body, releasability: rel?.value() ?? [] });
      } catch (e) {
        // "/explanation/…" is shown under the Spanish explanation, the first of the two.
        fields.showApiError(e, messages);
        return;
      }
      toast(rule ? t('canal.editor.savedVersion', { version: saved.version }) : t('canal.editor.created'));
      done(saved);
    });
  });
  return h('div', { class: 'editor-grid' }, form, fieldsHelp(ctx));
}

export function newRuleView(ctx: Ctx): void {
  ctx.main.replaceChildren(canalPage('rules', 'canal-rule-new', t('canal.rules.new'), t('canal.editor.lead'), null,
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' },
      ruleEditor(ctx, null, (r) => ctx.navigate(`/canal/rules/${encodeURIComponent(r.id)}`))))));
}

function versionsTable(ctx: Ctx, versions: RuleVersion[], yields: RuleYield[]): HTMLElement {
  const l = lang();
  const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
  const yieldOf = (v: number) => yields.find((y) => y.version === v);
  return table('rule-versions', [c('version'), c('when'), c('rule'), c('weight'), c('expression'), c('note'), t('canal.rule.versionYield')],
    [...versions].sort((a, b) => b.version - a.version).map((v) => h('tr', { 'data-version': v.version },
      td(c('version'), num(v.version), 'num'),
      td(c('when'), [formatDateTime(v.created_at, l), h('div', { class: 'muted small' }, userLabel(ctx, v.created_by))], 'nowrap'),
      td(c('rule'), [v.name, h('div', { class: 'muted small' }, explanationIn(v.explanation, l))], 'wrap'),
      td(c('weight'), num(v.weight), 'num'),
      td(c('expression'), h('pre', { class: 'mono code-inline' }, v.expression)),
      td(c('note'), v.note ?? '', 'wrap'),
      td(t('canal.rule.versionYield'), (() => {
        const y = yieldOf(v.version);
        return y && y.inspected > 0 ? `${num(y.positives)}/${num(y.inspected)} · ${rateText(y)} · ${lift(y.lift)}` : t('canal.yield.noData');
      })(), 'nowrap'))));
}

export function ruleView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('rules', 'canal-rule', t('canal.rule.title'), null, rulesToolbar(ctx), body));
  const load = async (): Promise<Node> => {
    const [r, report, byVersion, suggestions] = await Promise.all([ctx.api.rule(id), ctx.api.canalYield('rule').catch(() => null as YieldReport | null),
      ctx.api.canalYield('version').catch(() => null as YieldReport | null), suggestionsOf(ctx)]);
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = r.name;
    const l = lang();
    const y = report?.rules.find((x) => x.rule_id === r.id);
    const editable = writesRules(ctx, r.owner_org);
    const messages = h('div', { 'aria-live': 'assertive' });
    const reload = () => void fill(body, load);
    let actions: HTMLElement | null = null;
    if (editable) {
      const btn = r.status === 'active'
        ? h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'rule-retire' }, t('canal.rule.retire'))
        : h('button', { type: 'button', class: 'btn', 'data-testid': 'rule-reactivate' }, t('canal.rule.reactivate'));
      btn.addEventListener('click', () => {
        if (r.status === 'active') retireDialog(ctx, r, reload);
        else void submitting(btn, btn, messages, async () => {
          await ctx.api.reactivateRule(r.id);
          toast(t('canal.rule.reactivated'));
          reload();
        });
      });
      actions = h('div', { class: 'form-actions' }, btn);
    }
    const facts = h('dl', { class: 'facts', 'data-testid': 'rule-facts' },
      h('dt', null, t('canal.col.status')), h('dd', { 'data-testid': 'rule-status', 'data-status': r.status }, label(`canal.ruleStatus.${r.status}`)),
      h('dt', null, t('canal.col.weight')), h('dd', null, num(r.weight)),
      suggestions && r.status === 'active' ? [h('dt', null, t('canal.col.suggested')),
        h('dd', null, suggestionCell(ctx, r, suggestions.rules.find((x) => x.rule_id === r.id), suggestions, reload))] : null,
      h('dt', null, t('canal.col.version')), h('dd', null, t('canal.rule.versionOf', { version: r.version, time: formatDateTime(r.updated_at, l) })),
      h('dt', null, t('canal.rule.explanation')), h('dd', { 'data-testid': 'rule-explanation' }, explanationIn(r.explanation, l)),
      h('dt', null, t('canal.editor.expression')), h('dd', null, h('pre', { class: 'mono code-inline', 'data-testid': 'rule-expression-view' }, r.expression)),
      r.status === 'retired' && r.status_reason ? [h('dt', null, t('canal.rule.statusReason')), h('dd', { 'data-testid': 'rule-status-reason' }, r.status_reason)] : null,
      h('dt', null, t('canal.rule.releasability')), h('dd', null, releasabilityLabel(r.releasability)),
      h('dt', null, t('canal.rule.yield')), h('dd', { 'data-testid': 'rule-yield' }, y
        ? [t('canal.rule.yieldLine', { inspected: num(y.inspected), positives: num(y.positives), rate: rateText(y), lift: lift(y.lift) }), ' ',
          y.inspected === 0 ? null : y.beats_chance ? h('span', { class: 'chip chip-ok' }, t('canal.yield.beats')) : h('span', { class: 'chip chip-warn', 'data-testid': 'no-better-than-chance' }, t('canal.yield.chance'))]
        : t('canal.yield.noData')));
    return h('div', null,
      h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, facts, actions, messages)),
      editable && r.status === 'active' ? panel(t('canal.rule.edit'), 'rule-edit', ruleEditor(ctx, r, reload)) : null,
      editable ? null : h('p', { class: 'muted', 'data-testid': 'rule-readonly' }, t('canal.rule.readOnly')),
      panel(t('canal.rule.versions'), 'rule-versions-panel', versionsTable(ctx, r.versions, (byVersion?.rules ?? []).filter((x) => x.rule_id === r.id))));
  };
  void fill(body, load);
}
