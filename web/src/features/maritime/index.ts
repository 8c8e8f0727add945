// The Maritime area: one page in the sidebar's areas. Its code (and MapLibre with it) is fetched
// when the page is first opened.
import { defineFeature, lazyView } from '../../shell/feature';
import { MESSAGES } from './messages';

const maritimeView = lazyView(() => import('./page').then((m) => m.maritimeView));

export const maritime = defineFeature({
  id: 'maritime',
  messages: MESSAGES,
  pages: [{ path: '/maritime', view: maritimeView, nav: { title: 'nav.maritime', section: 'areas' } }],
});
