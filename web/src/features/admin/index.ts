// Administration: the participating organizations, the users of one's own organization, and
// the audit log.
import { defineFeature } from '../../shell/feature';
import { adminAuditView } from './audit';
import { MESSAGES } from './messages';
import { adminOrgsView } from './orgs';
import { adminUsersView } from './users';

export const admin = defineFeature({
  id: 'admin',
  messages: MESSAGES,
  pages: [
    { path: '/admin/orgs', view: adminOrgsView, nav: { title: 'nav.orgs', section: 'admin' } },
    { path: '/admin/users', view: adminUsersView, roles: ['admin'], nav: { title: 'nav.users', section: 'admin' } },
    { path: '/admin/audit', view: adminAuditView, roles: ['admin', 'supervisor'], nav: { title: 'nav.audit', section: 'admin' } },
  ],
});
