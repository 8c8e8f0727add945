// The alerts feed: one page, and the sidebar's count of open alerts.
import { formatNumber } from '../../lib/format';
import type { Api } from '../../shell/api';
import { defineFeature, lazyView, type NavBadge } from '../../shell/feature';
import { lang } from '../../shell/i18n';
import { MESSAGES } from './messages';

// Open alerts visible to the user, up to 50 (the feed's page), red when one is critical.
async function openAlerts(api: Api): Promise<NavBadge | null> {
  const { items } = await api.alerts('open', 50);
  if (items.length === 0) return null;
  return {
    text: items.length >= 50 ? '50+' : formatNumber(items.length, lang()),
    critical: items.some((a) => a.severity === 'critical'),
  };
}

export const alerts = defineFeature({
  id: 'alerts',
  messages: MESSAGES,
  pages: [{ path: '/alerts', view: lazyView(() => import('./alerts').then((m) => m.alertsView)), nav: { title: 'nav.alerts', section: 'ops', badge: openAlerts } }],
});
