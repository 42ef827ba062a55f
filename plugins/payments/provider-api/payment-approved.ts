import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import { onlinePaymentOf, onlinePayments } from './online-payment-view.ts';

/**
 * `payment.status-changed` fires on every forward move of a payment; only the move to approved
 * is news for billing. Statuses never move back to approved, and a repeated notification is
 * stopped before it emits anything (apply-state.ts), so this sends once per payment.
 * The data is the payment as GET /online-payments/{reference} shows it.
 */
export async function paymentApprovedData(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }) {
  if (payload.to !== 'approved') return null;
  const [row] = await onlinePayments(ctx.em, ctx.tenant.id, { id: Number(payload.paymentId) });
  return row ? { ...onlinePaymentOf(row), previousStatus: payload.from ?? null } : null;
}
