import type { PaymentStatus } from '../../domain/statuses.ts';
import type { GatewayState } from '../gateway.ts';

export interface StripeSession {
  id: string;
  object?: string;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  amount_total?: number | null;
  currency?: string | null;
  status?: 'open' | 'complete' | 'expired' | null;
  payment_status?: 'paid' | 'unpaid' | 'no_payment_required';
  payment_intent?: string | { id: string } | null;
}

/** What each Checkout event says about the payment; other events are not about a checkout we track. */
export function statusOfEvent(type: string, session: StripeSession): PaymentStatus | null {
  switch (type) {
    case 'checkout.session.completed':
      return session.payment_status === 'unpaid' ? 'pending' : 'approved';
    case 'checkout.session.async_payment_succeeded':
      return 'approved';
    case 'checkout.session.async_payment_failed':
      return 'rejected';
    case 'checkout.session.expired':
      return 'cancelled';
    default:
      return null;
  }
}

/** A session read back from the API: open means the customer has not finished. */
export function statusOfSession(session: StripeSession): PaymentStatus | null {
  if (session.status === 'expired') return 'cancelled';
  if (session.status !== 'complete') return null;
  return session.payment_status === 'unpaid' ? 'pending' : 'approved';
}

export function sessionState(session: StripeSession, status: PaymentStatus, detail: string, at: Date | null): GatewayState {
  const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id ?? null;
  return {
    status,
    detail: detail.slice(0, 64),
    gatewayPaymentId: intent,
    checkoutId: session.id,
    reference: session.client_reference_id ?? session.metadata?.reference ?? null,
    amountCents: typeof session.amount_total === 'number' ? session.amount_total : null,
    currency: session.currency ? session.currency.toUpperCase() : null,
    paidAt: status === 'approved' ? at : null,
  };
}
