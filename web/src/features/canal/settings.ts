// What the rules stand on: the named lists (ports, countries, parties, HS codes, text) that rules
// test with `in @name`, each saved as a new version, and the organization's lane rates (red:
// physical exam, yellow: scan, random: the baseline selection) with the shares the last 30 days
// actually had. Lists are written by analysts of their organization, lane rates by supervisors.
import { formatDateTime } from '../../lib/format';
import { initialReleasability } from '../../lib/releasability';
import { LIST_KINDS, type LaneSettings, type ListVersion, type NamedList } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import { laneRates, mayManageLanes, parseItems, percentText } from './logic';
import { t, type MessageKey } from './messages';
import { actorOf, canalPage, kpi, label, num, panel, pct, table, td, userLabel, writesRules } from './ui';

function itemsArea(id: string, items: readonly string[]): HTMLTextAreaElement {
  const a = h('textarea', { id, rows: 8, class: 'mono', spellcheck: 'false', 'data-testid': id });
  a.value = items.join('\n');
  return a;
}

export function listsView(ctx: Ctx): void {
  const slot = h('div');
  ctx.main.replaceChildren(canalPage('rules', 'canal-lists', t('canal.lists.title'), t('canal.lists.lead'), null, slot));
  const load = async (): Promise<Node> => {
    const { lists } = await ctx.api.canalLists();
    const l = lang();
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    const tbl = lists.length === 0 ? empty(t('canal.lists.empty')) : table('lists-table', [c('list'), c('kind'), c('items'), c('version'), c('updated')],
      lists.map((x) => h('tr', { 'data-list': x.id, 'data-name': x.name },
        td(c('list'), h('a', { href: `/canal/lists/${encodeURIComponent(x.id)}`, 'data-link': true, class: 'mono' }, `@${x.name}`)),
        td(c('kind'), label(`canal.listKind.${x.kind}`)),
        td(c('items'), num(x.items.length), 'num'),
        td(c('version'), num(x.version), 'num'),
        td(c('updated'), formatDateTime(x.updated_at, l), 'nowrap'))));
    return h('div', null, h('section', { class: 'panel' }, tbl), writesRules(ctx) ? panel(t('canal.lists.new'), 'list-new', newListForm(ctx)) : null);
  };
  void fill(slot, load);
}

function newListForm(ctx: Ctx): HTMLElement {
  const fields = formFields('list');
  const name = h('input', { id: 'list-name', maxlength: 64, class: 'mono', 'data-testid': 'list-name', placeholder: 'source_ports' });
  const kind = h('select', { id: 'list-kind', 'data-testid': 'list-kind' }, LIST_KINDS.map((k) => h('option', { value: k }, label(`canal.listKind.${k}`))));
  const items = itemsArea('list-items', []);
  const init = initialReleasability(ctx.session.user.org_default_releasability);
  const rel = releasabilityField('list-rel', init.checked, init.fromOrg);
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'list-save' }, t('canal.lists.create'));
  const form = h('form', { class: 'form-panel', novalidate: true, 'data-testid': 'list-form' },
    fields.field('name', t('canal.lists.name'), name, t('canal.lists.nameHint')),
    fields.field('kind', t('canal.col.kind'), kind),
    fields.field('items', t('canal.lists.itemsLabel'), items, t('canal.lists.itemsHint')),
    rel.el, messages, h('div', { class: 'form-actions' }, save));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name.value.trim())) {
      fields.setError('name', t('canal.lists.nameHint'));
      return;
    }
    void submitting(save, form, messages, async () => {
      let list: NamedList;
      try {
        list = await ctx.api.createCanalList({ name: name.value.trim(), kind: kind.value, items: parseItems(items.value), releasability: rel.value() });
      } catch (e) {
        fields.showApiError(e, messages);
        return;
      }
      toast(t('canal.lists.created'));
      ctx.navigate(`/canal/lists/${encodeURIComponent(list.id)}`);
    });
  });
  return form;
}

export function listView(ctx: Ctx, id: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('rules', 'canal-list', t('canal.lists.one'), null, null, body));
  const load = async (): Promise<Node> => {
    const x = await ctx.api.canalList(id);
    const heading = ctx.main.querySelector('[data-testid=page-title]');
    if (heading) heading.textContent = `@${x.name}`;
    const l = lang();
    const editable = writesRules(ctx, x.owner_org);
    const facts = h('dl', { class: 'facts' },
      h('dt', null, t('canal.col.kind')), h('dd', null, label(`canal.listKind.${x.kind}`)),
      h('dt', null, t('canal.col.version')), h('dd', null, t('canal.rule.versionOf', { version: x.version, time: formatDateTime(x.updated_at, l) })),
      h('dt', null, t('canal.rule.releasability')), h('dd', null, releasabilityLabel(x.releasability)));
    let editor: HTMLElement;
    if (editable) {
      const fields = formFields('listedit');
      const items = itemsArea('list-edit-items', x.items);
      const note = h('input', { id: 'list-note', maxlength: 500, 'data-testid': 'list-note' });
      const messages = h('div', { 'aria-live': 'assertive' });
      const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'list-edit-save' }, t('canal.editor.saveVersion'));
      const form = h('form', { class: 'form-panel', novalidate: true },
        fields.field('items', t('canal.lists.itemsLabel'), items, t('canal.lists.itemsHint')),
        fields.field('note', t('canal.editor.note'), note), messages, h('div', { class: 'form-actions' }, save));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        fields.clear();
        void submitting(save, form, messages, async () => {
          let next: NamedList;
          try {
            next = await ctx.api.updateCanalList(x.id, { items: parseItems(items.value), ...(note.value.trim() ? { note: note.value.trim() } : {}) });
          } catch (e) {
            fields.showApiError(e, messages);
            return;
          }
          toast(t('canal.editor.savedVersion', { version: next.version }));
          void fill(body, load);
        });
      });
      editor = form;
    } else {
      editor = h('ul', { class: 'plain mono list-items', 'data-testid': 'list-items' }, x.items.map((i) => h('li', null, i)));
    }
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    return h('div', null,
      h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, facts)),
      panel(t('canal.lists.itemsTitle', { count: x.items.length }), 'list-items-panel', editor),
      panel(t('canal.rule.versions'), null, table('list-versions', [c('version'), c('when'), c('items'), c('note')],
        [...x.versions].sort((a, b) => b.version - a.version).map((v: ListVersion) => h('tr', null,
          td(c('version'), num(v.version), 'num'),
          td(c('when'), [formatDateTime(v.created_at, l), h('div', { class: 'muted small' }, userLabel(ctx, v.created_by))], 'nowrap'),
          td(c('items'), num(v.items.length), 'num'),
          td(c('note'), v.note ?? '', 'wrap'))))));
  };
  void fill(body, load);
}

// ---- Lanes ---------------------------------------------------------------------------------

export function lanesView(ctx: Ctx): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('rules', 'canal-lanes', t('canal.lanes.title'), t('canal.lanes.lead'), null, body));
  const load = async (): Promise<Node> => render(await ctx.api.lanes());
  const render = (s: LaneSettings): Node => {
    const l = lang();
    const a = s.actual;
    const share = (n: number) => (a.scored > 0 ? pct(n / a.scored) : '—');
    const kpis = h('div', { class: 'kpis', 'data-testid': 'lanes-actual' },
      kpi(t('canal.lanes.red'), pct(s.red_rate), 'lane-red-rate', t('canal.lanes.actual', { share: share(a.red), count: num(a.red), days: a.days })),
      kpi(t('canal.lanes.yellow'), pct(s.yellow_rate), 'lane-yellow-rate', t('canal.lanes.actual', { share: share(a.yellow), count: num(a.yellow), days: a.days })),
      kpi(t('canal.lanes.random'), pct(s.random_rate), 'lane-random-rate', t('canal.lanes.actual', { share: share(a.random), count: num(a.random), days: a.days })),
      kpi(t('canal.lanes.scored'), num(a.scored), 'lane-scored', s.thresholds && s.thresholds.red !== null
        ? t('canal.lanes.thresholds', { red: num(s.thresholds.red), yellow: s.thresholds.yellow === null ? '—' : num(s.thresholds.yellow) }) : undefined));
    const who = s.updated_at ? h('p', { class: 'muted' }, t('canal.lanes.updated', { version: s.version, time: formatDateTime(s.updated_at, l) }), ' ', userLabel(ctx, s.updated_by))
      : h('p', { class: 'muted', 'data-testid': 'lanes-default' }, t('canal.lanes.defaults'));
    if (!mayManageLanes(actorOf(ctx))) return h('div', null, kpis, who);
    const fields = formFields('lanes');
    const input = (name: string, v: number) => h('input', { id: `lanes-${name}`, inputmode: 'decimal', 'data-testid': `lanes-${name}`, value: percentText(v), class: 'pct-input' });
    const red = input('red_rate', s.red_rate);
    const yellow = input('yellow_rate', s.yellow_rate);
    const random = input('random_rate', s.random_rate);
    const messages = h('div', { 'aria-live': 'assertive' });
    const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'lanes-save' }, t('common.save'));
    const form = h('form', { class: 'field-row', novalidate: true, 'data-testid': 'lanes-form' },
      fields.field('red_rate', t('canal.lanes.redPct'), red),
      fields.field('yellow_rate', t('canal.lanes.yellowPct'), yellow),
      fields.field('random_rate', t('canal.lanes.randomPct'), random),
      h('div', { class: 'field field-check' }, save));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      fields.clear();
      const { rates, problems } = laneRates({ red: red.value, yellow: yellow.value, random: random.value });
      if (problems.length > 0) {
        for (const p of problems) {
          if (p.field === 'sum') fields.setError('random_rate', t('canal.lanes.sum'));
          else fields.setError(p.field, t(`canal.lanes.problem.${p.problem}` as MessageKey));
        }
        return;
      }
      void submitting(save, form, messages, async () => {
        let next: LaneSettings;
        try {
          next = await ctx.api.setLanes(rates);
        } catch (e) {
          fields.showApiError(e, messages);
          return;
        }
        toast(t('canal.lanes.saved'));
        body.replaceChildren(render(next));
      });
    });
    return h('div', null, kpis, who, panel(t('canal.lanes.edit'), 'lanes-edit', form, h('p', { class: 'muted small' }, t('canal.lanes.hint')), messages));
  };
  void fill(body, load);
}
