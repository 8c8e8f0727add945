// The Maritime area: one page in the sidebar's areas.
import { defineFeature } from '../../shell/feature';
import { maritimeView } from './area';
import { MESSAGES } from './messages';

export const maritime = defineFeature({
  id: 'maritime',
  messages: MESSAGES,
  pages: [{ path: '/maritime', view: maritimeView, nav: { title: 'nav.maritime', section: 'areas' } }],
});
