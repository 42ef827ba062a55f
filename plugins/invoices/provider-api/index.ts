import type { PluginApi } from 'portal/sdk';
import { invoiceRoutes } from './invoice-routes.ts';
import { invoiceBatchRoute } from './invoice-batch-route.ts';
import { paymentRoutes } from './payment-routes.ts';
import { movementRoutes } from './movement-routes.ts';
import { invoicesImport } from './import-invoices.ts';
import { paymentsImport } from './import-payments.ts';
import { movementsImport } from './import-movements.ts';

/** The invoices plugin's part of the provider API: see core/api/contract.ts and docs/plugins.md. */
export const invoicesApi: PluginApi = {
  resources: [
    { name: 'invoices', description: 'Invoices, debit and credit notes with their lines and original PDF, keyed by your id.' },
    { name: 'payments', description: 'Payments recorded by your billing system, settling invoices.' },
    { name: 'movements', description: 'The current-account statement: every movement, and adjustments you add.' },
  ],
  async routes(app, ctx) {
    await invoiceRoutes(app, ctx);
    await invoiceBatchRoute(app, ctx);
    await paymentRoutes(app, ctx);
    await movementRoutes(app, ctx);
  },
  imports: [invoicesImport, paymentsImport, movementsImport],
};
