// Migration (Darién): the overview in the sidebar's areas and its tabs (register, encounters,
// identify a face, watchlists, trends, repatriation) as sub-pages; the biometrics pages are tabs
// here because face work is done at the reception stations.
// The pages' code is fetched when one of them is first opened, so that the sign-in page and the
// other areas do not parse it.
import { defineFeature, lazyParamView, lazyView } from '../../shell/feature';
import { IDENTIFIERS, WATCHLIST_READERS } from './biometrics';
import { READERS, REGISTRARS } from './logic';
import { MESSAGES } from './messages';

const overviewView = lazyView(() => import('./overview').then((m) => m.overviewView));
const registerEncounterView = lazyView(() => import('./register').then((m) => m.registerEncounterView));
const encountersView = lazyView(() => import('./encounters').then((m) => m.encountersView));
const encounterDetailView = lazyParamView(() => import('./encounters').then((m) => (ctx, p) => m.encounterDetailView(ctx, p[0] ?? '')));
const identifyView = lazyView(() => import('./identify').then((m) => m.identifyView));
const watchlistsView = lazyView(() => import('./watchlists').then((m) => m.watchlistsView));
const watchlistDetailView = lazyParamView(() => import('./watchlists').then((m) => (ctx, p) => m.watchlistDetailView(ctx, p[0] ?? '')));
const trendsView = lazyView(() => import('./trends').then((m) => m.trendsView));
const repatriationView = lazyView(() => import('./repatriation').then((m) => m.repatriationView));
const flightDetailView = lazyParamView(() => import('./repatriation').then((m) => (ctx, p) => m.flightDetailView(ctx, p[0] ?? '')));

export const migration = defineFeature({
  id: 'migration',
  messages: MESSAGES,
  pages: [{ path: '/migration', view: overviewView, nav: { title: 'nav.migration', section: 'areas' } }],
  subPages: [
    { pattern: /^\/migration\/encounters\/new$/, view: registerEncounterView, roles: REGISTRARS },
    { pattern: /^\/migration\/encounters$/, view: encountersView, roles: READERS },
    { pattern: /^\/migration\/encounters\/([^/]+)$/, view: encounterDetailView, roles: READERS },
    { pattern: /^\/migration\/identify$/, view: identifyView, roles: IDENTIFIERS },
    { pattern: /^\/migration\/watchlists$/, view: watchlistsView, roles: WATCHLIST_READERS },
    { pattern: /^\/migration\/watchlists\/([^/]+)$/, view: watchlistDetailView, roles: WATCHLIST_READERS },
    { pattern: /^\/migration\/trends$/, view: trendsView, roles: READERS },
    { pattern: /^\/migration\/repatriation$/, view: repatriationView, roles: READERS },
    { pattern: /^\/migration\/repatriation\/flights\/([^/]+)$/, view: flightDetailView, roles: READERS },
  ],
});
