// The Canal area: the dashboard in the sidebar's areas (the area page for those who see nothing
// of the canal), the inspection queue in its operations; transits, containers ranked by risk,
// rules with their yield, lists, lanes and the history of parties and ports as tabs and pages
// under /canal. The pages' code is fetched when one is first opened.
import { formatNumber } from '../../lib/format';
import type { Role } from '../../lib/types';
import type { Api } from '../../shell/api';
import { defineFeature, lazyParamView, lazyView, type NavBadge } from '../../shell/feature';
import { lang } from '../../shell/i18n';
import { CANAL_READERS } from './logic';
import { MESSAGES } from './messages';

const canalView = lazyView(() => import('./dashboard').then((m) => m.canalView));
const transitsView = lazyView(() => import('./transits').then((m) => m.transitsView));
const transitView = lazyParamView(() => import('./transits').then((m) => (ctx, p) => m.transitView(ctx, p[0] ?? '')));
const containersView = lazyView(() => import('./containers').then((m) => m.containersView));
const containerView = lazyParamView(() => import('./containers').then((m) => (ctx, p) => m.containerView(ctx, p[0] ?? '')));
const inspectionsView = lazyView(() => import('./inspections').then((m) => m.inspectionsView));
const inspectionView = lazyParamView(() => import('./inspections').then((m) => (ctx, p) => m.inspectionView(ctx, p[0] ?? '')));
const rulesView = lazyView(() => import('./rules').then((m) => m.rulesView));
const newRuleView = lazyView(() => import('./rules').then((m) => m.newRuleView));
const ruleView = lazyParamView(() => import('./rules').then((m) => (ctx, p) => m.ruleView(ctx, p[0] ?? '')));
const listsView = lazyView(() => import('./settings').then((m) => m.listsView));
const listView = lazyParamView(() => import('./settings').then((m) => (ctx, p) => m.listView(ctx, p[0] ?? '')));
const lanesView = lazyView(() => import('./settings').then((m) => m.lanesView));
const partyView = lazyParamView(() => import('./history').then((m) => (ctx, p) => m.partyView(ctx, p[0] ?? '')));
const portView = lazyParamView(() => import('./history').then((m) => (ctx, p) => m.portView(ctx, p[0] ?? '')));

// Inspections waiting for a unit or for their result (up to 100).
async function openInspections(api: Api): Promise<NavBadge | null> {
  const [q, a] = await Promise.all([api.inspections({ status: 'queued', limit: 100 }), api.inspections({ status: 'assigned', limit: 100 })]);
  const n = q.inspections.length + a.inspections.length;
  if (n === 0) return null;
  return { text: n >= 100 ? '100+' : formatNumber(n, lang()), critical: false };
}

const readers: readonly Role[] = CANAL_READERS;

export const canal = defineFeature({
  id: 'canal',
  messages: MESSAGES,
  pages: [
    { path: '/canal', view: canalView, nav: { title: 'nav.canal', section: 'areas' } },
    { path: '/canal/inspections', view: inspectionsView, roles: readers, nav: { title: 'nav.canalInspections', section: 'ops', badge: openInspections } },
    { path: '/canal/transits', view: transitsView, roles: readers },
    { path: '/canal/containers', view: containersView, roles: readers },
    { path: '/canal/rules', view: rulesView, roles: readers },
    { path: '/canal/rules/new', view: newRuleView, roles: ['analyst'] },
    { path: '/canal/lists', view: listsView, roles: readers },
    { path: '/canal/lanes', view: lanesView, roles: readers },
  ],
  subPages: [
    { pattern: /^\/canal\/transits\/([^/]+)$/, view: transitView, roles: readers },
    { pattern: /^\/canal\/containers\/([^/]+)$/, view: containerView, roles: readers },
    { pattern: /^\/canal\/inspections\/([^/]+)$/, view: inspectionView, roles: readers },
    { pattern: /^\/canal\/rules\/([^/]+)$/, view: ruleView, roles: readers },
    { pattern: /^\/canal\/lists\/([^/]+)$/, view: listView, roles: readers },
    { pattern: /^\/canal\/parties\/([^/]+)$/, view: partyView, roles: readers },
    { pattern: /^\/canal\/ports\/([^/]+)$/, view: portView, roles: readers },
  ],
});
