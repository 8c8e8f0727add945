// The Maritime area: the vessel map in the sidebar's areas; its alerts (list, map, one alert's
// evidence and triage) and interdiction cases in the sidebar's alerts section, with the cases'
// statistics as a tab; the feeds' health page for admins. Their code (and MapLibre with the
// map's) is fetched when a page is first opened.
import { formatNumber } from '../../lib/format';
import type { Api } from '../../shell/api';
import { defineFeature, lazyParamView, lazyView, type NavBadge } from '../../shell/feature';
import { lang } from '../../shell/i18n';
import { MESSAGES } from './messages';

const maritimeView = lazyView(() => import('./page').then((m) => m.maritimeView));
const feedsView = lazyView(() => import('./feeds').then((m) => m.feedsView));
const alertsView = lazyView(() => import('./alerts').then((m) => m.maritimeAlertsView));
const alertView = lazyParamView(() => import('./alerts').then((m) => (ctx, p) => m.maritimeAlertView(ctx, p[0] ?? '')));
const casesView = lazyView(() => import('./cases').then((m) => m.casesView));
const newCaseView = lazyView(() => import('./cases').then((m) => m.newCaseView));
const caseView = lazyParamView(() => import('./cases').then((m) => (ctx, p) => m.caseView(ctx, p[0] ?? '')));
const statsView = lazyView(() => import('./stats').then((m) => m.statsView));

// New maritime alerts (status open, not snoozed) visible to the user, up to 50.
async function newAlerts(api: Api): Promise<NavBadge | null> {
  const { items } = await api.alertsWhere({ module: 'maritime', status: 'open', limit: 50 });
  if (items.length === 0) return null;
  return {
    text: items.length >= 50 ? '50+' : formatNumber(items.length, lang()),
    critical: items.some((a) => a.severity === 'critical'),
  };
}

export const maritime = defineFeature({
  id: 'maritime',
  messages: MESSAGES,
  pages: [
    { path: '/maritime', view: maritimeView, nav: { title: 'nav.maritime', section: 'areas' } },
    { path: '/maritime/alerts', view: alertsView, nav: { title: 'nav.maritimeAlerts', section: 'ops', badge: newAlerts } },
    { path: '/maritime/cases', view: casesView, nav: { title: 'nav.maritimeCases', section: 'ops' } },
    { path: '/maritime/cases/new', view: newCaseView, roles: ['officer', 'supervisor', 'admin'] },
    { path: '/maritime/stats', view: statsView },
    // The feeds' health: linked from the Maritime page for admins (the API's feed routes are theirs).
    { path: '/maritime/feeds', view: feedsView, roles: ['admin'] },
  ],
  subPages: [
    { pattern: /^\/maritime\/alerts\/([^/]+)$/, view: alertView },
    { pattern: /^\/maritime\/cases\/([^/]+)$/, view: caseView },
  ],
});
