// The alerts feed. English, for U.S. partners.
// Typed against the Spanish keys: a key missing here or not in messages.es.ts fails to compile.
import type { es } from './messages.es';

export const en: Record<keyof typeof es, string> = {
  'nav.alerts': 'Alerts',

  'alerts.title': 'Alerts',
  'alerts.chartTitle': 'Alerts by area and severity — {status}',
  'alerts.filter.status': 'Status',
  'alerts.empty': 'No alerts in this status.',
  'alerts.count': '{count} alerts',
};
