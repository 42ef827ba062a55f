import { definePlugin } from 'portal/sdk';
import { noticesCard } from './dashboard-card.ts';
import { expireJob } from './jobs/expire.ts';
import { customerRoutes } from './routes.ts';
import { settingsSchema } from './settings.ts';
import { staffRoutes } from './staff/routes.ts';

/**
 * Outage notices: operators publish a notice of an outage or planned work for one of the
 * tenant's areas, the customers who chose that area get a mail and see it on a page and on
 * their dashboard until it ends.
 */
export default definePlugin({
  name: 'outage-notices',
  version: '0.1.0',
  sdk: '^1.0.0',
  description: 'Outage and planned-work notices per area',
  settings: settingsSchema,
  routes: customerRoutes,
  navigation: [{ id: 'outage-notices', label: 'nav', href: '/outage-notices', icon: 'alert', order: 700 }],
  dashboard: [noticesCard],
  permissions: [{ id: 'outage-notices.manage', label: 'permission.manage', roles: ['support'] }],
  staffNavigation: [{ id: 'outage-notices', label: 'nav', href: '/staff/outage-notices', icon: 'alert', order: 700, permission: 'outage-notices.manage' }],
  staffRoutes,
  jobs: [expireJob],
});
