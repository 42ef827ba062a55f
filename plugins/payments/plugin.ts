import { definePlugin } from 'portal/sdk';
import { settingsSchema } from './settings.ts';
import { validateSettings } from './settings-check.ts';
import { paymentEntities } from './entities.ts';
import { paymentsRoutes } from './routes/index.ts';
import { paymentsProvides } from './provides.ts';
import { gatewayExtension } from './gateways/registry.ts';
import { mercadoPagoAdapter } from './gateways/mercadopago/adapter.ts';
import { stripeAdapter } from './gateways/stripe/adapter.ts';
import { sandboxAdapter } from './gateways/sandbox/adapter.ts';
import { dashboardCardData } from './dashboard-card.ts';
import { runReconcile } from './jobs/reconcile-job.ts';
import { seedDemoPayments } from './demo/demo-seed.ts';
import { staffRoutes } from './staff/routes.ts';
import { paymentsPanel } from './staff/customer-panel.ts';
import { paymentsApi } from './provider-api/index.ts';
import { PERMISSION_AGREEMENTS, PERMISSION_REFUND, PERMISSION_REVIEW, PERMISSION_VIEW } from './staff/permissions.ts';
import { agreementRequestsCount, paidTodayCount, reportedCount } from './staff/overview.ts';

/**
 * Paying invoices online through gateway adapters (Mercado Pago, Stripe, a sandbox, or any a
 * plugin registers), cash-network coupons with an Interleaved 2 of 5 barcode, payments reported
 * with a receipt, and payment agreements; in the back office, the queues that review the last two.
 */
export default definePlugin({
  name: 'payments',
  version: '1.0.0',
  sdk: '^1.1.0',
  description: 'Online payments through gateways, payment coupons, reported payments and payment agreements',
  dependsOn: ['invoices'],
  settings: settingsSchema,
  validateSettings,
  entities: paymentEntities,
  routes: paymentsRoutes,
  provides: paymentsProvides,
  // Gateways are an extension point: other plugins contribute theirs the same way.
  extensionPoints: [gatewayExtension],
  contributes: [gatewayExtension.contribute(mercadoPagoAdapter(), stripeAdapter(), sandboxAdapter())],
  navigation: [{ id: 'payments', label: 'nav', href: '/payments', icon: 'card', order: 110 }],
  dashboard: [{ id: 'pay', order: 110, template: 'payments/card', data: dashboardCardData }],
  // Every ten minutes: a lost notification costs a customer at most that long.
  jobs: [{ name: 'reconcile', cron: '*/10 * * * *', run: runReconcile }],
  demoSeed: seedDemoPayments,
  permissions: [
    { id: PERMISSION_VIEW, label: 'permission.view', roles: ['billing', 'support'] },
    { id: PERMISSION_REVIEW, label: 'permission.review', roles: ['billing'] },
    { id: PERMISSION_AGREEMENTS, label: 'permission.agreements', roles: ['billing'] },
    { id: PERMISSION_REFUND, label: 'permission.refund', roles: ['billing'] },
  ],
  staffNavigation: [
    { id: 'payments', label: 'staffNav.payments', href: '/staff/payments', icon: 'card', order: 30, permission: PERMISSION_VIEW },
    { id: 'payments-reports', label: 'staffNav.reports', href: '/staff/payments/reports', icon: 'file', order: 31, permission: PERMISSION_VIEW },
    { id: 'payments-agreements', label: 'staffNav.agreements', href: '/staff/payments/agreements', icon: 'calendar', order: 32, permission: PERMISSION_VIEW },
  ],
  staffOverview: [
    { id: 'reported', label: 'overview.reported', icon: 'file', href: '/staff/payments/reports', permission: PERMISSION_VIEW, order: 30, count: reportedCount },
    { id: 'agreements', label: 'overview.agreements', icon: 'calendar', href: '/staff/payments/agreements', permission: PERMISSION_VIEW, order: 31, count: agreementRequestsCount },
    { id: 'paid-today', label: 'overview.paidToday', icon: 'card', href: '/staff/payments?status=approved', permission: PERMISSION_VIEW, order: 32, count: paidTodayCount },
  ],
  staffCustomerPanels: [
    { id: 'payments', label: 'customerPanel.title', icon: 'card', permission: PERMISSION_VIEW, order: 200, template: 'payments/staff/customer-panel', data: paymentsPanel },
  ],
  staffRoutes,
  api: paymentsApi,
});
