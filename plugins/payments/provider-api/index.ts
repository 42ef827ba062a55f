import type { PluginApi } from 'portal/sdk';
import { REPORT_SUBMITTED } from '../data/reports.ts';
import { REPORT_DECIDED } from '../staff/decide-report.ts';
import { onlinePaymentRoutes } from './online-payment-routes.ts';
import { paymentReportRoutes } from './payment-report-routes.ts';
import { reportDecisionRoute } from './report-decision-route.ts';
import { paymentApprovedData } from './payment-approved.ts';
import { paymentRefundedData } from './payment-refunded.ts';
import { PAYMENT_REFUNDED } from '../staff/refund-payment.ts';
import { paymentReportDecidedData, paymentReportedData } from './report-events.ts';
import { AGREEMENT_REQUESTED } from '../data/agreements.ts';
import { AGREEMENT_DECIDED } from '../staff/decide-agreement.ts';
import { agreementRoutes } from './agreement-routes.ts';
import { agreementData } from './agreement-events.ts';

/**
 * The payments plugin's part of the provider API: see core/api/contract.ts and docs/plugins.md.
 * Payments you record yourself are the invoices plugin's `payments`; these are the ones customers
 * make through the portal, for your billing to reconcile.
 */
export const paymentsApi: PluginApi = {
  resources: [
    { name: 'online-payments', description: 'Payments customers started through a gateway (Mercado Pago, Stripe…), with their status and the invoices they pay.' },
    { name: 'payment-reports', description: 'Payments customers reported making elsewhere, with their receipts; accept or reject them.' },
    { name: 'payment-agreements', description: 'Payment agreements customers requested, with their schedules; approve or reject them, and record instalments paid.' },
  ],
  async routes(app, ctx) {
    await onlinePaymentRoutes(app);
    await paymentReportRoutes(app, ctx);
    await reportDecisionRoute(app, ctx);
    await agreementRoutes(app, ctx);
  },
  webhooks: [
    {
      event: 'payment.approved',
      on: 'payment.status-changed',
      description: 'An online payment was approved by its gateway: the invoices it pays are settled. Sent once per payment.',
      data: paymentApprovedData,
    },
    {
      event: 'payment.refunded',
      on: PAYMENT_REFUNDED,
      description: 'An operator refunded an online payment through its gateway: the invoices it paid are owed again and the statement shows the refund.',
      data: paymentRefundedData,
    },
    {
      event: 'payment.reported',
      on: REPORT_SUBMITTED,
      description: 'A customer reported a payment made elsewhere (a transfer, a bank counter) with its receipt; it waits for a decision.',
      data: paymentReportedData,
    },
    {
      event: 'payment.report-decided',
      on: REPORT_DECIDED,
      description: 'A reported payment was accepted (it became a payment) or rejected, in the back office or through the API.',
      data: paymentReportDecidedData,
    },
    {
      event: 'agreement.requested',
      on: AGREEMENT_REQUESTED,
      description: 'A customer asked for a payment agreement (down payment and instalments within your rules); it waits for a decision.',
      data: agreementData,
    },
    {
      event: 'agreement.decided',
      on: AGREEMENT_DECIDED,
      description: 'A payment agreement was approved (with its schedule) or rejected, in the back office or through the API.',
      data: agreementData,
    },
  ],
};
