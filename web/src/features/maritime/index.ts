// The Maritime area: one page in the sidebar's areas, and the feeds' health page for admins.
// Their code (and MapLibre with the map's) is fetched when a page is first opened.
import { defineFeature, lazyView } from '../../shell/feature';
import { MESSAGES } from './messages';

const maritimeView = lazyView(() => import('./page').then((m) => m.maritimeView));
const feedsView = lazyView(() => import('./feeds').then((m) => m.feedsView));

export const maritime = defineFeature({
  id: 'maritime',
  messages: MESSAGES,
  pages: [
    { path: '/maritime', view: maritimeView, nav: { title: 'nav.maritime', section: 'areas' } },
    // The feeds' health: linked from the Maritime page for admins (the API's feed routes are theirs).
    { path: '/maritime/feeds', view: feedsView, roles: ['admin'] },
  ],
});
