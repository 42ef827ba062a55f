import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import { paymentReportOf, paymentReports } from './payment-report-view.ts';

type Ctx = { tenant: Tenant; em: EntityManager };

async function reportData(reportId: unknown, ctx: Ctx, receiptSize: number | null) {
  const [row] = await paymentReports(ctx.em, ctx.tenant.id, { id: Number(reportId) });
  return row ? paymentReportOf(row, ctx.tenant.currency, receiptSize) : null;
}

/** A new report as GET /payment-reports/{id} shows it; the size of the receipt comes with the event. */
export function paymentReportedData(payload: Record<string, unknown>, ctx: Ctx) {
  const size = (payload.receipt as { size?: unknown } | undefined)?.size;
  return reportData(payload.reportId, ctx, typeof size === 'number' ? size : null);
}

/** The decided report, whoever decided it (an operator, or your own call to the API). */
export function paymentReportDecidedData(payload: Record<string, unknown>, ctx: Ctx) {
  return reportData(payload.reportId, ctx, null);
}
