// The Canal area: one page in the sidebar's areas.
import { defineFeature } from '../../shell/feature';
import { canalView } from './area';
import { MESSAGES } from './messages';

export const canal = defineFeature({
  id: 'canal',
  messages: MESSAGES,
  pages: [{ path: '/canal', view: canalView, nav: { title: 'nav.canal', section: 'areas' } }],
});
