// Migration (Darién): the overview in the sidebar's areas and its tabs (register, encounters,
// identify a face, watchlists, trends, repatriation) as sub-pages; the biometrics pages are tabs
// here because face work is done at the reception stations.
import { defineFeature } from '../../shell/feature';
import { IDENTIFIERS, WATCHLIST_READERS } from './biometrics';
import { encounterDetailView, encountersView } from './encounters';
import { identifyView } from './identify';
import { READERS, REGISTRARS } from './logic';
import { MESSAGES } from './messages';
import { overviewView } from './overview';
import { registerEncounterView } from './register';
import { flightDetailView, repatriationView } from './repatriation';
import { trendsView } from './trends';
import { watchlistDetailView, watchlistsView } from './watchlists';

export const migration = defineFeature({
  id: 'migration',
  messages: MESSAGES,
  pages: [{ path: '/migration', view: overviewView, nav: { title: 'nav.migration', section: 'areas' } }],
  subPages: [
    { pattern: /^\/migration\/encounters\/new$/, view: registerEncounterView, roles: REGISTRARS },
    { pattern: /^\/migration\/encounters$/, view: encountersView, roles: READERS },
    { pattern: /^\/migration\/encounters\/([^/]+)$/, view: (ctx, p) => encounterDetailView(ctx, p[0] ?? ''), roles: READERS },
    { pattern: /^\/migration\/identify$/, view: identifyView, roles: IDENTIFIERS },
    { pattern: /^\/migration\/watchlists$/, view: watchlistsView, roles: WATCHLIST_READERS },
    { pattern: /^\/migration\/watchlists\/([^/]+)$/, view: (ctx, p) => watchlistDetailView(ctx, p[0] ?? ''), roles: WATCHLIST_READERS },
    { pattern: /^\/migration\/trends$/, view: trendsView, roles: READERS },
    { pattern: /^\/migration\/repatriation$/, view: repatriationView, roles: READERS },
    { pattern: /^\/migration\/repatriation\/flights\/([^/]+)$/, view: (ctx, p) => flightDetailView(ctx, p[0] ?? ''), roles: READERS },
  ],
});
