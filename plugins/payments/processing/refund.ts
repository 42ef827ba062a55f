import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../../../core/tenants/tenant.ts';
import { toCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { PaymentsSettings } from '../settings.ts';
import { gatewayContext, tenantGateways } from './gateways-of-tenant.ts';

export class RefundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefundError';
  }
}

/**
 * Asks the gateway to give an approved payment back (all of it, or `amountCents`). The payment
 * becomes "refunded" when the gateway's notification says so, through the usual road; nothing
 * changes here, so a refund the gateway refuses leaves no trace but the error.
 */
export async function refundPayment(tenant: Tenant, em: EntityManager, registry: GatewayRegistry, settings: PaymentsSettings, reference: string, amountCents?: number): Promise<{ refundId: string }> {
  const [row] = await sqlOf(em)(
    `SELECT gateway, status, amount, currency, checkout_id, gateway_payment_id FROM payments_payments WHERE tenant_id = ? AND reference = ?`,
    [tenant.id, reference],
  );
  if (!row) throw new RefundError(`no payment ${reference}`);
  if (row.status !== 'approved') throw new RefundError(`payment ${reference} is ${row.status}, not approved`);
  const gateway = tenantGateways(settings, registry).find((g) => g.id === row.gateway);
  if (!gateway?.adapter.refund) throw new RefundError(`gateway ${row.gateway} cannot refund`);
  const total = toCents(row.amount);
  const cents = amountCents ?? total;
  if (!Number.isSafeInteger(cents) || cents <= 0 || cents > total) throw new RefundError(`refund of ${cents} cents outside 1..${total}`);
  return gateway.adapter.refund(gatewayContext(tenant, em, settings, gateway), {
    reference,
    checkoutId: row.checkout_id,
    gatewayPaymentId: row.gateway_payment_id,
    amountCents: total,
    currency: String(row.currency).trim(),
  }, cents);
}
