import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import { onlinePaymentOf, onlinePayments } from './online-payment-view.ts';

/**
 * A refund made from the back office: the payment as GET /online-payments/{reference} shows it
 * (status refunded), with the gateway's refund id and the reason the customer was given, so
 * billing can reverse it on its side too.
 */
export async function paymentRefundedData(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }) {
  const [row] = await onlinePayments(ctx.em, ctx.tenant.id, { id: Number(payload.paymentId) });
  if (!row) return null;
  return { ...onlinePaymentOf(row), refund: { gatewayRefundId: payload.refundId ?? null, reason: payload.reason ?? null } };
}
