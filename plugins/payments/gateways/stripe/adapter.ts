import type { CheckoutCreated, CheckoutInput, GatewayAdapter, GatewayContext, GatewayState, IncomingNotification, KnownPayment, NotificationCheck } from '../gateway.ts';
import { header } from '../hmac.ts';
import { callGateway, trimBase } from '../http.ts';
import { secretFrom } from '../secrets.ts';
import { stripeForm } from './form.ts';
import { sessionState, statusOfEvent, statusOfSession, type StripeSession } from './session-state.ts';
import { verifyStripeSignature } from './signature.ts';

export const STRIPE_API = 'https://api.stripe.com';

/** Stripe refuses a session expiring sooner than 30 minutes or later than 24 hours. */
const MIN_EXPIRY_S = 31 * 60;
const MAX_EXPIRY_S = 23 * 3600;

interface StripeEvent {
  id: string;
  type: string;
  created?: number;
  data?: { object?: StripeSession };
}

/**
 * Stripe Checkout: a session, then Stripe's hosted page. Events are signed over the raw body, so
 * their content is trusted once the signature holds; they can still come twice or out of order,
 * which the payments plugin absorbs (one row per event id, statuses only move forward).
 */
export function stripeAdapter(opts: { apiBase?: string } = {}): GatewayAdapter {
  const base = (ctx: GatewayContext) => trimBase((ctx.settings.apiBase as string | undefined) ?? opts.apiBase ?? STRIPE_API);
  const auth = (ctx: GatewayContext) => ({ authorization: `Bearer ${secretFrom(ctx.settings, 'secretKeyEnv')}` });

  return {
    id: 'stripe',
    name: 'Stripe',
    collector: 'Stripe',
    method: 'credit_card',
    secretKeys: ['secretKeyEnv', 'webhookSecretEnv'],

    async createCheckout(ctx: GatewayContext, input: CheckoutInput): Promise<CheckoutCreated> {
      const nowS = Math.floor(ctx.now().getTime() / 1000);
      const expiresAt = Math.min(Math.max(Math.floor(input.expiresAt.getTime() / 1000), nowS + MIN_EXPIRY_S), nowS + MAX_EXPIRY_S);
      const session = await callGateway<{ id: string; url: string }>({
        method: 'POST',
        url: `${base(ctx)}/v1/checkout/sessions`,
        headers: { ...auth(ctx), 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `checkout-${input.reference}` },
        body: stripeForm({
          mode: 'payment',
          client_reference_id: input.reference,
          'metadata[reference]': input.reference,
          'payment_intent_data[metadata][reference]': input.reference,
          'line_items[0][quantity]': 1,
          'line_items[0][price_data][currency]': input.currency.toLowerCase(),
          'line_items[0][price_data][unit_amount]': input.amountCents,
          'line_items[0][price_data][product_data][name]': input.description.slice(0, 250),
          customer_email: input.payer.email ?? undefined,
          success_url: input.returnUrl,
          cancel_url: input.returnUrl,
          expires_at: expiresAt,
        }),
      });
      return { redirectUrl: session.url, checkoutId: session.id };
    },

    async handleNotification(ctx: GatewayContext, n: IncomingNotification): Promise<NotificationCheck> {
      const verdict = verifyStripeSignature(header(n.headers, 'stripe-signature'), n.rawBody, secretFrom(ctx.settings, 'webhookSecretEnv'), ctx.now(), ctx.toleranceSeconds);
      if (!verdict.ok) return verdict;
      let event: StripeEvent;
      try {
        // Signed over these bytes, so Stripe's own document; its id and type are still checked below.
        event = JSON.parse(n.rawBody.toString('utf8')) as StripeEvent;
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if (typeof event?.id !== 'string' || typeof event.type !== 'string') return { ok: false, reason: 'malformed' };
      const session = event.data?.object;
      const status = session && (session.object ?? 'checkout.session') === 'checkout.session' ? statusOfEvent(event.type, session) : null;
      if (!session || !status) return { ok: true, eventKey: event.id, state: null };
      const at = event.created ? new Date(event.created * 1000) : ctx.now();
      return { ok: true, eventKey: event.id, state: sessionState(session, status, event.type, at) };
    },

    async lookup(ctx: GatewayContext, payment: KnownPayment): Promise<GatewayState | null> {
      if (!payment.checkoutId) return null;
      const session = await callGateway<StripeSession>({
        method: 'GET',
        url: `${base(ctx)}/v1/checkout/sessions/${encodeURIComponent(payment.checkoutId)}`,
        headers: auth(ctx),
      });
      const status = statusOfSession(session);
      return status ? sessionState(session, status, `session.${session.status}/${session.payment_status ?? ''}`, ctx.now()) : null;
    },

    async refund(ctx: GatewayContext, payment: KnownPayment, amountCents: number): Promise<{ refundId: string }> {
      if (!payment.gatewayPaymentId) throw new Error('no Stripe payment intent to refund');
      const refund = await callGateway<{ id: string }>({
        method: 'POST',
        url: `${base(ctx)}/v1/refunds`,
        headers: { ...auth(ctx), 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': `refund-${payment.reference}-${amountCents}` },
        body: stripeForm({ payment_intent: payment.gatewayPaymentId, amount: amountCents }),
      });
      return { refundId: refund.id };
    },
  };
}
