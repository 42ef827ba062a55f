import { fromCents, toCents } from '../../domain/money.ts';
import type { CheckoutCreated, CheckoutInput, GatewayAdapter, GatewayContext, GatewayState, KnownPayment } from '../gateway.ts';
import { chargeByReference, createCharge, refundCharge, type SandboxCharge } from './charges.ts';

/**
 * A gateway that lives inside the portal, for demos and tests: its checkout page lets a tester
 * approve, reject or leave a payment pending, and the result travels the same path as a real
 * gateway's (state → checks → forward-only update → invoices, statement, receipt). It refunds
 * too, so the back office's refund can be shown without moving money.
 */
export function sandboxAdapter(): GatewayAdapter {
  return {
    id: 'sandbox',
    name: 'Pasarela de prueba',
    collector: 'Pasarela de prueba',
    method: 'online',

    async createCheckout(ctx: GatewayContext, input: CheckoutInput): Promise<CheckoutCreated> {
      const token = await createCharge(ctx.em, ctx.tenant.id, {
        reference: input.reference,
        amount: fromCents(input.amountCents),
        currency: input.currency,
        description: input.description,
      });
      // Same host as the portal: a relative address works behind any port or proxy.
      return { redirectUrl: `/payments/sandbox/${token}`, checkoutId: token };
    },

    async lookup(ctx: GatewayContext, payment: KnownPayment): Promise<GatewayState | null> {
      const charge = await chargeByReference(ctx.em, ctx.tenant.id, payment.reference);
      return charge && charge.status !== 'open' ? sandboxState(charge) : null;
    },

    // Whole charges only: what the portal offers, and a partial one would need a ledger of its own.
    async refund(ctx: GatewayContext, payment: KnownPayment, amountCents: number): Promise<{ refundId: string }> {
      if (amountCents !== payment.amountCents) throw new Error('the sandbox refunds whole charges only');
      const token = payment.checkoutId ?? payment.gatewayPaymentId;
      if (!token || !(await refundCharge(ctx.em, ctx.tenant.id, token))) throw new Error('no approved sandbox charge to refund');
      return { refundId: `sandbox-refund-${token}` };
    },
  };
}

export function sandboxState(charge: SandboxCharge): GatewayState {
  const status = charge.status === 'open' ? 'created' : charge.status;
  return {
    status,
    detail: `sandbox/${charge.status}`,
    gatewayPaymentId: charge.token,
    checkoutId: charge.token,
    reference: charge.reference,
    amountCents: toCents(charge.amount),
    currency: charge.currency,
    paidAt: status === 'approved' ? charge.updatedAt : null,
  };
}
