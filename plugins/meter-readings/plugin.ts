import { definePlugin } from 'portal/sdk';
import { settingsSchema } from './settings.ts';
import { entities } from './entities.ts';
import { meterReadingsRoutes } from './routes/index.ts';
import { dashboardCardData } from './dashboard-card.ts';
import { notifyOpenWindows } from './jobs/notify-window.ts';
import { purgeHeld } from './jobs/purge-held-photos.ts';
import { seedDemo } from './demo-seed.ts';
import { PERMISSION_BILL, PERMISSION_VIEW, staffRoutes } from './staff/routes.ts';
import { readingsPanel } from './staff/customer-panel.ts';
import { pendingCount } from './staff/overview.ts';
import { meterReadingsApi } from './provider-api/index.ts';

/**
 * Meter readings for utilities: consumption history with real and estimated periods, customer
 * readings inside the tenant's reading window, and the provider's side: loading meters, reading
 * dates and readings (provider-service.ts), and in the back office the queue of customer readings,
 * their CSV and marking them billed (staff/).
 */
export default definePlugin({
  name: 'meter-readings',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'Consumption history and customer-submitted meter readings',
  settings: settingsSchema,
  entities,
  routes: meterReadingsRoutes,
  navigation: [{ id: 'meter-readings', label: 'nav', href: '/meter-readings', icon: 'gauge', order: 300 }],
  dashboard: [{ id: 'meters', order: 300, template: 'meter-readings/card', data: dashboardCardData }],
  jobs: [
    // Hourly in office hours: a window that opened at midnight is announced in the morning, and a
    // process that was down at 08:00 still sends it; the notices table keeps it to one email.
    { name: 'window-open', cron: '0 8-20 * * *', run: async (ctx) => void (await notifyOpenWindows(ctx)) },
    { name: 'purge-held-photos', cron: '15 4 * * *', run: async (ctx) => void (await purgeHeld(ctx)) },
  ],
  demoSeed: seedDemo,
  permissions: [
    { id: PERMISSION_VIEW, label: 'permission.view', roles: ['billing', 'support', 'field'] },
    { id: PERMISSION_BILL, label: 'permission.bill', roles: ['billing'] },
  ],
  staffNavigation: [{ id: 'meter-readings', label: 'staffNav', href: '/staff/meter-readings', icon: 'gauge', order: 40, permission: PERMISSION_VIEW }],
  staffOverview: [
    { id: 'pending', label: 'overviewPending', icon: 'gauge', href: '/staff/meter-readings', permission: PERMISSION_VIEW, order: 40, count: pendingCount },
  ],
  staffCustomerPanels: [
    { id: 'readings', label: 'customerPanel.title', icon: 'gauge', permission: PERMISSION_VIEW, order: 500, template: 'meter-readings/staff/customer-panel', data: readingsPanel },
  ],
  staffRoutes,
  api: meterReadingsApi,
});
