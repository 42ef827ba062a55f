import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { paymentsListRoutes } from './payments-list.ts';
import { paymentDetailRoutes } from './payment-detail.ts';
import { refundRoutes } from './refund-routes.ts';
import { reportsQueueRoutes } from './reports-queue.ts';
import { agreementsQueueRoutes } from './agreements-queue.ts';
import { bulkReportRoutes } from './bulk-reports.ts';
import { bulkAgreementRoutes } from './bulk-agreements.ts';
import { exportRoutes } from './exports.ts';

export function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  paymentsListRoutes(app, ctx);
  paymentDetailRoutes(app, ctx);
  refundRoutes(app, ctx);
  reportsQueueRoutes(app, ctx);
  agreementsQueueRoutes(app, ctx);
  bulkReportRoutes(app, ctx);
  bulkAgreementRoutes(app, ctx);
  exportRoutes(app, ctx);
}
