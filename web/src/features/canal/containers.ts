// Containers ranked by score (GET /canal/scores): each with its reasons (the rules that fired,
// their weight and explanation in the page's language), its lane and how it was selected (a
// random selection shown as such), filtered by lane, selection and minimum score (kept in the
// address). A container's page (GET /canal/containers/{number}): its manifest lines, parties
// linked to their history, route, risk with reasons and facts, and the inspection.
import { formatDateTime } from '../../lib/format';
import { CANAL_LANES, SCORE_SELECTIONS, type ManifestLine, type ScoredContainer } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, fill, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { submitting } from '../../ui/dialog';
import { mayQueue, mayScore, readScoreFilters, scoreFiltersQuery, type ScoreFilters } from './logic';
import { t } from './messages';
import { actorOf, canalPage, containerLink, label, laneBadge, num, partyLink, portLink, reasonsList, selectionBadge, table, td } from './ui';

const PAGE = 100;

function inspectionCell(c: ScoredContainer): Node | string {
  const i = c.inspection;
  if (!i) return '—';
  return h('a', { href: `/canal/inspections/${encodeURIComponent(i.id)}`, 'data-link': true, 'data-testid': 'inspection-link', 'data-status': i.status },
    label(`canal.inspStatus.${i.status}`), i.result ? ` · ${label(`canal.result.${i.result}`)}` : '');
}

export function containersView(ctx: Ctx): void {
  let filters: ScoreFilters = readScoreFilters(location.search);
  const lane = h('select', { id: 'f-lane', 'data-testid': 'f-lane' }, h('option', { value: '' }, t('canal.filter.any')),
    CANAL_LANES.map((x) => h('option', { value: x, selected: x === filters.lane }, label(`canal.lane.${x}`))));
  const selection = h('select', { id: 'f-selection', 'data-testid': 'f-selection' }, h('option', { value: '' }, t('canal.filter.any')),
    SCORE_SELECTIONS.map((x) => h('option', { value: x, selected: x === filters.selection }, label(`canal.selection.${x}`))));
  const min = h('input', { id: 'f-min', type: 'number', min: 0, max: 1000, inputmode: 'numeric', value: filters.minScore, 'data-testid': 'f-min-score' });
  const apply = h('button', { type: 'submit', class: 'btn', 'data-testid': 'f-apply' }, t('canal.filter.apply'));
  const form = h('form', { class: 'filters field-row' },
    h('div', { class: 'field' }, h('label', { for: 'f-lane' }, t('canal.col.lane')), lane),
    h('div', { class: 'field' }, h('label', { for: 'f-selection' }, t('canal.col.selection')), selection),
    h('div', { class: 'field' }, h('label', { for: 'f-min' }, t('canal.filter.minScore')), min),
    h('div', { class: 'field field-check' }, apply));
  const slot = h('div', { class: 'panel-body' });
  const messages = h('div', { 'aria-live': 'assertive' });
  let toolbar: HTMLElement | null = null;
  if (mayScore(actorOf(ctx))) {
    const score = h('button', { type: 'button', class: 'btn', 'data-testid': 'score-run' }, t('canal.score.run'));
    score.addEventListener('click', () => void submitting(score, score, messages, async () => {
      const r = await ctx.api.score();
      toast(t('canal.score.done', { scored: num(r.scored), queued: num(r.queued) }));
      void fill(slot, load);
    }));
    toolbar = h('div', { class: 'inline' }, score);
  }
  ctx.main.replaceChildren(canalPage('containers', 'canal-containers', t('canal.containers.title'), t('canal.containers.lead'), toolbar,
    messages,
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, form,
      filters.transitId || filters.importId ? h('p', { class: 'muted small', 'data-testid': 'of-transit' }, t(filters.transitId ? 'canal.containers.ofTransit' : 'canal.containers.ofImport'), ' ',
        h('a', { href: '/canal/containers', 'data-link': true }, t('canal.containers.allTransits'))) : null)),
    h('section', { class: 'panel' }, slot)));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const m = min.value.trim();
    filters = { ...filters, lane: lane.value, selection: selection.value, minScore: /^\d+$/.test(m) ? m : '' };
    const q = scoreFiltersQuery(filters);
    history.replaceState(null, '', `/canal/containers${q ? `?${q}` : ''}`);
    void fill(slot, load);
  });

  const rowsOf = (items: ScoredContainer[]) => {
    const l = lang();
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    return items.map((x) => h('tr', { 'data-line': x.line_id, 'data-container': x.container_number, 'data-score': x.score },
      td(c('score'), h('strong', { class: 'score' }, num(x.score)), 'num'),
      td(c('container'), [containerLink(x.container_number), h('div', { class: 'muted small mono' }, x.bill_of_lading)]),
      td(c('lane'), [laneBadge(x.lane), ' ', selectionBadge(x.selection)]),
      td(c('reasons'), reasonsList(x.reasons), 'wrap'),
      td(c('parties'), [partyLink(x.shipper), h('div', { class: 'muted small' }, '→ ', partyLink(x.consignee))], 'wrap'),
      td(c('route'), [portLink(x.port_of_loading), ' → ', portLink(x.port_of_discharge)], 'nowrap'),
      td(c('hs'), x.hs_code, 'mono'),
      td(c('inspection'), inspectionCell(x)),
      td(c('scoredAt'), formatDateTime(x.scored_at, l), 'nowrap')));
  };

  const load = async (): Promise<Node> => {
    const q = { lane: filters.lane, selection: filters.selection, min_score: filters.minScore, transit_id: filters.transitId, import_id: filters.importId, limit: PAGE };
    const first = await ctx.api.scores(q);
    if (first.containers.length === 0) return empty(t('canal.containers.empty'));
    const c = (k: string) => t(`canal.col.${k}` as 'canal.col.date');
    const tbl = table('scores-table', [c('score'), c('container'), c('lane'), c('reasons'), c('parties'), c('route'), c('hs'), c('inspection'), c('scoredAt')], rowsOf(first.containers));
    const body = tbl.querySelector('tbody');
    const more = h('div', { class: 'form-actions' });
    let after = first.next_after;
    const showMore = () => {
      more.replaceChildren();
      if (!after) return;
      const btn = h('button', { type: 'button', class: 'btn', 'data-testid': 'scores-more' }, t('canal.more'));
      btn.addEventListener('click', () => void submitting(btn, btn, more, async () => {
        const next = await ctx.api.scores({ ...q, after: after ?? undefined });
        body?.append(...rowsOf(next.containers));
        after = next.next_after;
        showMore();
      }));
      more.append(btn);
    };
    showMore();
    return h('div', null, tbl, more);
  };
  void fill(slot, load);
}

// ---- A container ---------------------------------------------------------------------------

function factsList(facts: Record<string, unknown>): HTMLElement {
  const entries = Object.entries(facts).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return h('p', { class: 'muted' }, t('canal.container.noFacts'));
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? t('canal.yes') : t('canal.no')) : String(v));
  return h('dl', { class: 'facts facts-mono', 'data-testid': 'risk-facts' }, entries.flatMap(([k, v]) => [h('dt', { class: 'mono' }, k), h('dd', null, show(v))]));
}

function lineSection(ctx: Ctx, l: ManifestLine): HTMLElement {
  const lg = lang();
  const risk = l.risk;
  const messages = h('div', { 'aria-live': 'assertive' });
  const facts = h('dl', { class: 'facts', 'data-testid': 'line-facts' },
    h('dt', null, t('canal.col.bill')), h('dd', { class: 'mono' }, l.bill_of_lading),
    h('dt', null, t('canal.container.shipper')), h('dd', null, partyLink(l.shipper)),
    h('dt', null, t('canal.container.consignee')), h('dd', null, partyLink(l.consignee)),
    l.notify ? [h('dt', null, t('canal.container.notify')), h('dd', null, partyLink(l.notify))] : null,
    h('dt', null, t('canal.col.route')), h('dd', null, portLink(l.port_of_loading),
      ...l.transshipment_ports.flatMap((p) => [' → ', portLink(p)]), ' → ', portLink(l.port_of_discharge)),
    h('dt', null, t('canal.col.hs')), h('dd', { class: 'mono' }, l.hs_code),
    h('dt', null, t('canal.container.weight')), h('dd', null, t('canal.kg', { kg: num(l.weight_kg, 1) })),
    l.declared_value ? [h('dt', null, t('canal.container.value')), h('dd', null, `${num(l.declared_value.amount, 2)} ${l.declared_value.currency}`)] : null,
    l.seal_numbers.length > 0 ? [h('dt', null, t('canal.container.seals')), h('dd', { class: 'mono' }, l.seal_numbers.join(', '))] : null,
    l.vessel_imo ? [h('dt', null, t('canal.col.vessel')), h('dd', null, `IMO ${l.vessel_imo}${l.voyage ? ` · ${l.voyage}` : ''}`)] : null,
    h('dt', null, t('canal.container.imported')), h('dd', null, formatDateTime(l.created_at, lg)));
  let queue: HTMLElement | null = null;
  if (mayQueue(actorOf(ctx), l) && !l.inspection) {
    const btn = h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'queue-line' }, t('canal.container.queue'));
    btn.addEventListener('click', () => void submitting(btn, btn, messages, async () => {
      const i = await ctx.api.queueInspection({ line_id: l.id });
      toast(t('canal.container.queued'));
      ctx.navigate(`/canal/inspections/${encodeURIComponent(i.id)}`);
    }));
    queue = h('div', { class: 'form-actions' }, btn);
  }
  return h('section', { class: 'panel', 'data-testid': 'container-line', 'data-line': l.id },
    h('div', { class: 'panel-title' }, t('canal.container.line', { bill: l.bill_of_lading })),
    h('div', { class: 'panel-body container-grid' },
      h('div', null, facts),
      h('div', { 'data-testid': 'container-risk' },
        h('h3', null, t('canal.container.risk')),
        risk ? h('div', null,
          h('p', null, h('strong', { class: 'score', 'data-testid': 'risk-score' }, t('canal.container.score', { score: num(risk.score) })), ' ',
            laneBadge(risk.lane), ' ', selectionBadge(risk.selection), h('span', { class: 'muted small' }, ` · ${formatDateTime(risk.scored_at, lg)}`)),
          reasonsList(risk.reasons),
          h('details', null, h('summary', null, t('canal.container.facts')), factsList(risk.facts ?? {})))
          : h('p', { class: 'muted' }, t('canal.container.notScored')),
        l.inspection ? h('p', { 'data-testid': 'line-inspection' }, t('canal.container.inspection'), ' ',
          h('a', { href: `/canal/inspections/${encodeURIComponent(l.inspection.id)}`, 'data-link': true },
            label(`canal.inspStatus.${l.inspection.status}`), l.inspection.result ? ` · ${label(`canal.result.${l.inspection.result}`)}` : '')) : null,
        queue, messages)));
}

export function containerView(ctx: Ctx, number: string): void {
  const body = h('div');
  ctx.main.replaceChildren(canalPage('containers', 'canal-container', number, null, null, body));
  void fill(body, async () => {
    const k = await ctx.api.canalContainer(number);
    return h('div', null, h('p', { class: 'muted' }, t('canal.container.lead', { owner: k.owner_code, count: k.lines.length })),
      ...k.lines.map((l) => lineSection(ctx, l)));
  });
}
