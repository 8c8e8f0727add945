// Cooperation oversight. English, for U.S. partners.
// Typed against the Spanish keys: a key missing here or not in messages.es.ts fails to compile.
import type { es } from './messages.es';

export const en: Record<keyof typeof es, string> = {
  'nav.cooperation': 'Cooperation',

  'area.cooperation.title': 'Cooperation oversight',
  'area.cooperation.purpose':
    'Training activities (JCET, SFAB, INL, PANAMAX, Fuerzas Comando, State Partnership Program), funding by fiscal year, outcome indicators and reports.',
  'area.cooperation.records':
    'Activities and funding lines appear here once the cooperation service is enabled on this server.',
};
