// The pieces the canal pages share: the area's tabs and page frame, lane and selection badges,
// a container's reasons (each fired rule with its weight and explanation in the page's
// language), the vessel's behaviour badges, links to a party's and a port's history, and the
// figures of a history or a yield as text.
import { formatNumber, formatPercent, shortHash } from '../../lib/format';
import type { CanalLane, CanalSelection, PartyLink, RuleReason, VesselBehaviourCounts } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { dialogShell, submitting } from '../../ui/dialog';
import { formFields } from '../../ui/form-fields';
import { behaviourBadges, explanationIn, liftText, mayWriteRules, rateWithInterval, type Actor } from './logic';
import { t, type MessageKey } from './messages';
import './canal.css';

export type CanalTab = 'dashboard' | 'transits' | 'containers' | 'inspections' | 'rules';

const TABS: { tab: CanalTab; path: string; label: MessageKey }[] = [
  { tab: 'dashboard', path: '/canal', label: 'canal.tab.dashboard' },
  { tab: 'transits', path: '/canal/transits', label: 'canal.tab.transits' },
  { tab: 'containers', path: '/canal/containers', label: 'canal.tab.containers' },
  { tab: 'inspections', path: '/canal/inspections', label: 'canal.tab.inspections' },
  { tab: 'rules', path: '/canal/rules', label: 'canal.tab.rules' },
];

export const actorOf = (ctx: Ctx): Actor => ({ orgId: ctx.session.user.org.id, roles: ctx.session.user.roles });

export function canalTabs(current: CanalTab): HTMLElement {
  return h('nav', { class: 'tabs', 'aria-label': t('canal.tabs') },
    ...TABS.map((x) => h('a', {
      href: x.path, 'data-link': true, class: x.tab === current ? 'tab active' : 'tab',
      'aria-current': x.tab === current ? 'page' : null, 'data-testid': `canal-tab-${x.tab}`,
    }, t(x.label))));
}

// The frame of every canal page: tabs, title, lead and a toolbar.
export function canalPage(tab: CanalTab, testid: string, title: string | Node, lead: string | null,
  toolbar: Node | null, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'page canal-page', 'data-testid': testid },
    canalTabs(tab),
    h('header', { class: 'page-head row' },
      h('div', null, h('h1', { 'data-testid': 'page-title' }, title), lead ? h('p', { class: 'lead' }, lead) : null),
      toolbar ? h('div', { class: 'toolbar' }, toolbar) : null),
    ...body);
}

export function panel(title: string, testid: string | null, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'panel', 'data-testid': testid },
    h('div', { class: 'panel-title' }, title), h('div', { class: 'panel-body' }, ...body));
}

export const label = (key: string): string => {
  const s = t(key as MessageKey);
  return s === key ? key.slice(key.lastIndexOf('.') + 1) : s;
};

export function laneBadge(lane: CanalLane | null | undefined): HTMLElement | null {
  if (!lane) return null;
  return h('span', { class: `lane lane-${lane}`, 'data-testid': 'lane', 'data-lane': lane }, label(`canal.lane.${lane}`));
}

// "Aleatoria" is shown as such: a random selection is the baseline, not a rule's verdict.
export function selectionBadge(selection: CanalSelection | null | undefined): HTMLElement | null {
  if (!selection || selection === 'none') return null;
  return h('span', { class: `chip sel-${selection}`, 'data-testid': 'selection', 'data-selection': selection }, label(`canal.selection.${selection}`));
}

// Each fired rule: name, weight and explanation in the page's language, linked to the rule.
export function reasonsList(reasons: readonly RuleReason[]): HTMLElement {
  if (reasons.length === 0) return h('span', { class: 'muted' }, t('canal.reasons.none'));
  const l = lang();
  return h('ul', { class: 'reasons', 'data-testid': 'reasons' },
    reasons.map((r) => h('li', { 'data-rule': r.rule_id },
      r.name === null ? h('span', { class: 'reason-name muted' }, t('canal.reasons.hidden'))
        : h('a', { href: `/canal/rules/${encodeURIComponent(r.rule_id)}`, 'data-link': true, class: 'reason-name' }, r.name),
      ' ', h('span', { class: 'chip weight', title: t('canal.reasons.weight') }, `+${formatNumber(r.weight, l)}`),
      h('div', { class: 'reason-text', 'data-testid': 'reason-text' }, explanationIn(r.explanation, l)))));
}

export function partyLink(p: PartyLink | null | undefined): Node | string {
  if (!p) return '';
  if (!p.party_id) return p.name;
  return h('a', { href: `/canal/parties/${encodeURIComponent(p.party_id)}`, 'data-link': true, 'data-testid': 'party-link' }, p.name);
}

export function portLink(locode: string | null | undefined): Node | string {
  if (!locode) return '—';
  return h('a', { href: `/canal/ports/${encodeURIComponent(locode)}`, 'data-link': true, class: 'mono', 'data-testid': 'port-link' }, locode);
}

export function containerLink(number: string): HTMLElement {
  return h('a', { href: `/canal/containers/${encodeURIComponent(number)}`, 'data-link': true, class: 'mono', 'data-testid': 'container-link' }, number);
}

export function behaviourEl(b: VesselBehaviourCounts | null | undefined): HTMLElement {
  const badges = behaviourBadges(b);
  const l = lang();
  if (badges.length === 0) return h('span', { class: 'muted', 'data-testid': 'behaviour-none' }, b ? t('canal.behaviour.clean') : t('canal.behaviour.unknown'));
  return h('span', { class: 'behaviour', 'data-testid': 'behaviour' },
    badges.map((x) => h('span', {
      class: x.critical ? 'chip beh beh-critical' : 'chip beh', 'data-kind': x.kind,
      title: x.hours !== null ? t('canal.behaviour.darkHours', { hours: formatNumber(x.hours, l, 0) }) : null,
    }, t(`canal.behaviour.${x.kind}` as MessageKey, { count: x.count }))));
}

export const pct = (x: number): string => formatPercent(x, lang(), 1);
export const num = (x: number, digits = 0): string => formatNumber(x, lang(), digits);

export function rateText(r: { hit_rate: number | null; low: number | null; high: number | null }): string {
  return rateWithInterval(r.hit_rate, r.low, r.high, pct);
}
export function lift(x: number | null | undefined): string {
  return liftText(x, num);
}

// Whether the user may write rules owned by `ownerOrg` (analysts of that organization).
export function writesRules(ctx: Ctx, ownerOrg?: string): boolean {
  return mayWriteRules(actorOf(ctx), ownerOrg);
}

export function kpi(labelText: string, value: string, testid: string, extra?: string): HTMLElement {
  return h('div', { class: 'kpi', 'data-testid': testid },
    h('div', { class: 'kpi-label' }, labelText), h('div', { class: 'kpi-value' }, value),
    extra ? h('div', { class: 'muted small' }, extra) : null);
}

export function table(testid: string, columns: string[], rows: Node[], cards = true): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', { class: cards ? 'data cards' : 'data', 'data-testid': testid },
    h('thead', null, h('tr', null, columns.map((c) => h('th', null, c)))),
    h('tbody', null, rows)));
}

// A table cell with its column name for the phone's cards.
export function td(col: string, content: Node | string | number | null | (Node | string | null)[], cls?: string): HTMLElement {
  return h('td', { 'data-label': col, class: cls ?? null }, ...(Array.isArray(content) ? content : [content]));
}

// A dialog asking why (retiring a rule, cancelling an inspection): 1–500 characters, checked
// before sending; `send` makes the call, and on success the dialog closes with `done` as a toast.
export function reasonDialog(o: { title: string; testid: string; label: string; done: string; send(reason: string): Promise<void>; after(): void }): void {
  const d = dialogShell(o.title, o.testid);
  const fields = formFields(o.testid);
  const reason = h('textarea', { id: `${o.testid}-reason`, rows: 3, maxlength: 500, 'data-testid': `${o.testid}-reason` });
  d.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    if (!reason.value.trim()) {
      fields.setError('reason', t('canal.required'));
      return;
    }
    void submitting(d.save, d.form, d.messages, async () => {
      try {
        await o.send(reason.value.trim());
      } catch (e) {
        fields.showApiError(e, d.messages);
        return;
      }
      d.dialog.close();
      toast(o.done);
      o.after();
    });
  });
  d.open(fields.field('reason', o.label, reason));
}

// Who made a version: the API names users by id; the reader's own name for their own changes,
// else the id shortened (the whole id in the title, to look up in the audit log).
export function userLabel(ctx: Ctx, id: string | null | undefined): HTMLElement | string {
  if (!id) return '';
  if (id === ctx.session.user.id) return ctx.session.user.display_name;
  return /^[0-9a-f-]{36}$/i.test(id) ? h('span', { class: 'mono', title: id }, shortHash(id.replace(/-/g, ''), 4)) : id;
}
