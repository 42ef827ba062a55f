import type { FastifyRequest } from 'fastify';
import { localDate, type StaffRoutesContext } from 'portal/sdk';
import { toCents } from '../domain/money.ts';
import { markRefunded, type PaymentView } from '../data/payments.ts';
import { paymentsOf } from '../provides.ts';
import { RefundError, refundingGateway, refundPayment, type RefundProblem } from '../processing/refund.ts';
import { reverseOnStatement } from '../processing/reverse-on-statement.ts';
import type { PaymentsSettings } from '../settings.ts';
import { inTransaction } from './decide.ts';
import { notifyCustomer } from './notify.ts';

/** A payment an operator refunded, as a bus event, in the refund's transaction. */
export const PAYMENT_REFUNDED = 'payments.refunded';

/** Audited on every attempt: outcome success, or failure with the problem. */
export const REFUND_ACTION = 'payments.refund';

export type RefundOutcome = { ok: true; refundId: string } | { ok: false; problem: RefundProblem | 'gateway'; detail: string };

/** The gateway said no (or did not answer): the transaction rolls back with nothing done. */
class GatewayRefusal extends Error {
  constructor(cause: unknown) {
    super((cause as Error)?.message ?? String(cause));
    this.name = 'GatewayRefusal';
  }
}

/**
 * An operator gives an approved payment back, whole, in one transaction: the gateway's refund
 * (the payment's row locked meanwhile, so a double submit waits and then finds it refunded), the
 * payment moved to refunded, the statement reversed through the invoices plugin, the customer's
 * email queued, the audit row and the events. The gateway call cannot be rolled back, so it goes
 * first: if it fails nothing else happens, and if something after it fails, submitting again is
 * safe because the adapters send an idempotency key the gateway answers with the same refund.
 */
export async function refundByStaff(ctx: StaffRoutesContext, request: FastifyRequest, payment: PaymentView, reason: string): Promise<RefundOutcome> {
  const tenant = request.tenant;
  const settings = ctx.settings<PaymentsSettings>(request);
  const registry = paymentsOf(ctx.portal).gateways;
  const audit = { subject: payment.accountNumber, details: { reference: payment.reference, amount: payment.amount, gateway: payment.gateway, reason } };
  try {
    const refundId = await inTransaction(request, async () => {
      const em = request.em;
      const { refundId } = await refundPayment(tenant, em, registry, settings, payment.reference).catch((err: unknown) => {
        throw err instanceof RefundError ? err : new GatewayRefusal(err);
      });
      try {
        // refundPayment found it approved under the lock; the condition still guards the UPDATE.
        if (!(await markRefunded(em, tenant.id, payment.id, { refundId, reason, staffId: request.staff!.id }))) {
          throw new RefundError('not-approved', `payment ${payment.reference} is no longer approved`);
        }
        await reverseOnStatement({
          tx: em,
          tenant,
          portal: ctx.portal,
          gateway: refundingGateway(settings, registry, payment.gateway)!,
          payment: { id: payment.id, reference: payment.reference, accountId: payment.accountId, amountCents: toCents(payment.amount), paidAt: payment.paidAt ?? payment.createdAt },
          refundedOn: localDate(new Date(), tenant.timezone),
        });
        await notifyCustomer(em, ctx.portal, {
          tenant,
          accountId: payment.accountId,
          customerId: payment.customerId,
          template: 'refunded',
          data: { amount: payment.amount, reference: payment.reference, reason, advance: payment.kind === 'advance' },
          path: `/payments?account=${encodeURIComponent(payment.accountNumber)}`,
        });
        ctx.audit(request, { action: REFUND_ACTION, outcome: 'success', subject: audit.subject, details: { ...audit.details, refundId } });
        const moved = { paymentId: payment.id, reference: payment.reference, accountId: payment.accountId, gateway: payment.gateway, amount: payment.amount };
        await ctx.portal.events.emit(tenant, em, 'payment.status-changed', { ...moved, from: 'approved', to: 'refunded' });
        await ctx.portal.events.emit(tenant, em, PAYMENT_REFUNDED, { ...moved, customerId: payment.customerId, refundId, reason, staffId: request.staff!.id });
      } catch (err) {
        if (!(err instanceof RefundError)) {
          request.log.error({ err, tenant: tenant.id, reference: payment.reference, refundId }, 'the gateway refunded but the portal could not record it; submitting again is safe');
        }
        throw err;
      }
      return refundId;
    });
    request.log.info({ tenant: tenant.id, reference: payment.reference, gateway: payment.gateway, refundId }, 'payment refunded by staff');
    return { ok: true, refundId };
  } catch (err) {
    if (!(err instanceof RefundError) && !(err instanceof GatewayRefusal)) throw err;
    const problem = err instanceof RefundError ? err.problem : 'gateway';
    request.log.warn({ tenant: tenant.id, reference: payment.reference, gateway: payment.gateway, problem, detail: err.message }, 'refund not done; nothing changed');
    // The transaction is gone; the refused attempt is audited on its own.
    ctx.audit(request, { action: REFUND_ACTION, outcome: 'failure', subject: audit.subject, details: { ...audit.details, problem, detail: err.message.slice(0, 200) } });
    await request.em.flush();
    return { ok: false, problem, detail: err.message };
  }
}
