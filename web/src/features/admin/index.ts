// Administration: the participating organizations, the users of one's own organization, and
// the audit log.
// Each page's code is fetched when it is first opened (lazyView).
import { defineFeature, lazyView } from '../../shell/feature';
import { MESSAGES } from './messages';

export const admin = defineFeature({
  id: 'admin',
  messages: MESSAGES,
  pages: [
    { path: '/admin/orgs', view: lazyView(() => import('./orgs').then((m) => m.adminOrgsView)), nav: { title: 'nav.orgs', section: 'admin' } },
    { path: '/admin/users', view: lazyView(() => import('./users').then((m) => m.adminUsersView)), roles: ['admin'], nav: { title: 'nav.users', section: 'admin' } },
    { path: '/admin/audit', view: lazyView(() => import('./audit').then((m) => m.adminAuditView)), roles: ['admin', 'supervisor'], nav: { title: 'nav.audit', section: 'admin' } },
  ],
});
