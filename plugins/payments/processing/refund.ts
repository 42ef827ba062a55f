import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import { toCents } from '../domain/money.ts';
import type { PaymentStatus } from '../domain/statuses.ts';
import { sqlOf } from '../data/sql.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { PaymentsSettings } from '../settings.ts';
import { gatewayContext, tenantGateways, type TenantGateway } from './gateways-of-tenant.ts';

/** Why a refund was not even asked of the gateway; the back office words each one for the operator. */
export type RefundProblem = 'missing' | 'not-approved' | 'unsupported' | 'amount';

export class RefundError extends Error {
  readonly problem: RefundProblem;

  constructor(problem: RefundProblem, message: string) {
    super(message);
    this.name = 'RefundError';
    this.problem = problem;
  }
}

/**
 * Asks the gateway to give an approved payment back (all of it, or `amountCents`). Nothing
 * changes here: the back office (staff/refund-payment.ts) moves the payment and the statement in
 * the same transaction, while callers of the provided `refund` leave that to the gateway's
 * notification. The row is locked, so inside a transaction a second refund of the same payment
 * waits for the first and then finds it no longer approved.
 */
export async function refundPayment(tenant: Tenant, em: EntityManager, registry: GatewayRegistry, settings: PaymentsSettings, reference: string, amountCents?: number): Promise<{ refundId: string }> {
  const [row] = await sqlOf(em)<{ gateway: string; status: PaymentStatus; amount: string; currency: string; checkout_id: string | null; gateway_payment_id: string | null }>(
    `SELECT gateway, status, amount, currency, checkout_id, gateway_payment_id FROM payments_payments WHERE tenant_id = ? AND reference = ? FOR UPDATE`,
    [tenant.id, reference],
  );
  if (!row) throw new RefundError('missing', `no payment ${reference}`);
  if (row.status !== 'approved') throw new RefundError('not-approved', `payment ${reference} is ${row.status}, not approved`);
  const gateway = refundingGateway(settings, registry, row.gateway);
  if (!gateway?.adapter.refund) throw new RefundError('unsupported', `gateway ${row.gateway} cannot refund`);
  const total = toCents(row.amount);
  const cents = amountCents ?? total;
  if (!Number.isSafeInteger(cents) || cents <= 0 || cents > total) throw new RefundError('amount', `refund of ${cents} cents outside 1..${total}`);
  return gateway.adapter.refund(gatewayContext(tenant, em, settings, gateway), {
    reference,
    checkoutId: row.checkout_id,
    gatewayPaymentId: row.gateway_payment_id,
    amountCents: total,
    currency: String(row.currency).trim(),
  }, cents);
}

/** The tenant's gateway of a payment if it can give money back: pages offer a refund only then. */
export function refundingGateway(settings: PaymentsSettings, registry: GatewayRegistry, gatewayId: string): TenantGateway | null {
  const gateway = tenantGateways(settings, registry).find((g) => g.id === gatewayId);
  return gateway?.adapter.refund ? gateway : null;
}

/** Why a payment cannot be refunded, known before asking its gateway. */
export type Refusal = 'already' | 'not-approved' | 'unsupported';

/** What refundPayment would refuse, for pages to say up front instead of offering the button. */
export function refusalOf(payment: { status: PaymentStatus; gateway: string }, settings: PaymentsSettings, registry: GatewayRegistry): Refusal | null {
  if (payment.status === 'refunded') return 'already';
  if (payment.status !== 'approved') return 'not-approved';
  return refundingGateway(settings, registry, payment.gateway) ? null : 'unsupported';
}
