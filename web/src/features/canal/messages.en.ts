// The Panama Canal area. English, for U.S. partners.
// Typed against the Spanish keys: a key missing here or not in messages.es.ts fails to compile.
import type { es } from './messages.es';

export const en: Record<keyof typeof es, string> = {
  'nav.canal': 'Canal',

  'area.canal.title': 'Panama Canal',
  'area.canal.purpose':
    "Transits and container manifests, risk scores from cargo, route, shipper history and the vessel's behaviour at sea; the inspection queue and its results.",
  'area.canal.records':
    'Transits and the inspection queue appear here once the Canal service is enabled on this server.',
};
