import { definePlugin } from 'portal/sdk';
import { settingsSchema } from './settings.ts';
import { entities } from './entities.ts';
import { ticketRoutes } from './routes/index.ts';
import { dashboardCardData } from './dashboard-card.ts';
import { autoClose } from './jobs/auto-close.ts';
import { seedDemo } from './demo-seed.ts';
import { PERMISSION_VIEW, permissions } from './permissions.ts';
import { staffRoutes } from './staff/routes.ts';
import { breachedCount, waitingCount } from './staff/overview.ts';
import { ticketsPanel } from './staff/customer-panel.ts';
import { slaWarnings } from './jobs/sla-warnings.ts';
import { ticketsApi } from './provider-api/index.ts';

/**
 * Support tickets: customers open them about one of their services, follow the thread, answer and
 * reopen them; the provider's operators work them from a queue in the back office (assign, reply,
 * internal notes, close). Numbers are consecutive per tenant; every change is in the ticket's
 * history and the audit log; replies by email are not read, and every page and email says so.
 */
export default definePlugin({
  name: 'tickets',
  version: '1.0.0',
  sdk: '^1.1.0',
  description: 'Support tickets with a staff queue',
  settings: settingsSchema,
  entities,
  routes: ticketRoutes,
  navigation: [{ id: 'tickets', label: 'nav', href: '/tickets', icon: 'ticket', order: 600 }],
  dashboard: [{ id: 'in-progress', order: 600, template: 'tickets/card', data: dashboardCardData }],
  jobs: [
    { name: 'auto-close', cron: '20 * * * *', run: async (ctx) => void (await autoClose(ctx)) },
    { name: 'sla-warnings', cron: '*/10 * * * *', run: async (ctx) => void (await slaWarnings(ctx)) },
  ],
  demoSeed: seedDemo,
  permissions,
  staffNavigation: [{ id: 'tickets', label: 'staffNav', href: '/staff/tickets', icon: 'ticket', order: 20, permission: PERMISSION_VIEW }],
  staffOverview: [
    { id: 'waiting', label: 'overviewWaiting', icon: 'ticket', href: '/staff/tickets?status=open', permission: PERMISSION_VIEW, order: 20, count: waitingCount },
    { id: 'breached', label: 'overviewBreached', icon: 'alert', href: '/staff/tickets', permission: PERMISSION_VIEW, order: 21, count: breachedCount },
  ],
  staffCustomerPanels: [
    { id: 'tickets', label: 'customerPanel.title', icon: 'ticket', permission: PERMISSION_VIEW, order: 300, template: 'tickets/staff/customer-panel', data: ticketsPanel },
  ],
  staffRoutes,
  api: ticketsApi,
});
