import { definePlugin } from 'portal/sdk';
import { settingsSchema, validateSettings } from './settings.ts';
import { invoiceEntities } from './entities.ts';
import { invoicesRoutes } from './routes/index.ts';
import { invoicesCard } from './dashboard-card.ts';
import { seedDemoInvoices } from './demo/demo-seed.ts';
import { invoicesProvides } from './provides.ts';
import { invoicesApi } from './provider-api/index.ts';
import { notifyImported } from './jobs/notify-imported.ts';
import * as render from './cli/render-command.ts';
import { PERMISSION_VIEW, permissions } from './staff/permissions.ts';
import { staffPdfRoute } from './staff/pdf-route.ts';
import { invoicesPanel } from './staff/customer-panel.ts';

/**
 * Invoices, their fiscal PDFs, the current-account statement and its downloads, the customer's
 * delivery preference and a dashboard card. Data comes in through `data/invoice-service.ts`,
 * or in bulk through `portal import` (provider-api/import-invoices.ts, emailed later by jobs/notify-imported.ts).
 */
export default definePlugin({
  name: 'invoices',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'Invoices with fiscal PDFs, current-account statement, exports and delivery preference',
  settings: settingsSchema,
  validateSettings,
  entities: invoiceEntities,
  routes: invoicesRoutes,
  navigation: [{ id: 'invoices', label: 'nav', href: '/invoices', icon: 'file', order: 100 }],
  dashboard: [invoicesCard],
  provides: invoicesProvides,
  demoSeed: seedDemoInvoices,
  api: invoicesApi,
  // Every minute, so a bulk load's e-invoice emails follow it as closely as the API's do.
  jobs: [{ name: 'notify-imported', cron: '* * * * *', run: notifyImported }],
  commands: [{ name: 'invoices render', usage: render.usage, summary: render.summary, run: render.renderCommand }],
  permissions,
  staffRoutes: staffPdfRoute,
  staffCustomerPanels: [
    { id: 'balance', label: 'customerPanel.title', icon: 'file', permission: PERMISSION_VIEW, order: 100, template: 'invoices/staff/customer-panel', data: invoicesPanel },
  ],
});
