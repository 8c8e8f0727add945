// The Maritime area. English, for U.S. partners.
// Typed against the Spanish keys: a key missing here or not in messages.es.ts fails to compile.
import type { es } from './messages.es';

export const en: Record<keyof typeof es, string> = {
  'nav.maritime': 'Maritime',

  'area.maritime.title': "Maritime — Panama's jurisdictional waters",
  'area.maritime.purpose':
    'Vessel picture from AIS; detection of dark gaps, rendezvous, loitering, go-fast speeds and identity spoofing; interdiction cases and their outcomes.',
  'area.maritime.records':
    'The vessel picture and interdiction cases appear here once AIS ingestion is enabled on this server.',
};
