// The Cooperation area: one page in the sidebar's areas.
import { defineFeature } from '../../shell/feature';
import { cooperationView } from './area';
import { MESSAGES } from './messages';

export const cooperation = defineFeature({
  id: 'cooperation',
  messages: MESSAGES,
  pages: [{ path: '/cooperation', view: cooperationView, nav: { title: 'nav.cooperation', section: 'areas' } }],
});
