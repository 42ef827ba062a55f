import { toCents } from '../../domain/money.ts';
import type { PaymentStatus } from '../../domain/statuses.ts';
import { isForward } from '../../domain/statuses.ts';
import type { CheckoutCreated, CheckoutInput, GatewayAdapter, GatewayContext, GatewayState, IncomingNotification, KnownPayment, NotificationCheck } from '../gateway.ts';
import { header } from '../hmac.ts';
import { callGateway, trimBase } from '../http.ts';
import { field } from '../json-field.ts';
import { secretFrom } from '../secrets.ts';
import { verifyMercadoPagoSignature } from './signature.ts';
import { fromMercadoPagoStatus } from './statuses.ts';

export const MERCADO_PAGO_API = 'https://api.mercadopago.com';

interface MpPayment {
  id: number | string;
  status: string;
  status_detail?: string;
  external_reference?: string | null;
  transaction_amount?: number;
  currency_id?: string;
  date_approved?: string | null;
}

/**
 * Mercado Pago Checkout Pro: a preference, then the customer pays on Mercado Pago's pages.
 * Notifications are signed over a manifest, not over the body, so the body is never believed:
 * the payment is fetched again and its reference, amount and currency checked by the caller.
 */
export function mercadoPagoAdapter(opts: { apiBase?: string } = {}): GatewayAdapter {
  const base = (ctx: GatewayContext) => trimBase((ctx.settings.apiBase as string | undefined) ?? opts.apiBase ?? MERCADO_PAGO_API);
  const auth = (ctx: GatewayContext) => ({ authorization: `Bearer ${secretFrom(ctx.settings, 'accessTokenEnv')}` });

  async function fetchPayment(ctx: GatewayContext, id: string): Promise<GatewayState> {
    const p = await callGateway<MpPayment>({ method: 'GET', url: `${base(ctx)}/v1/payments/${encodeURIComponent(id)}`, headers: auth(ctx) });
    return stateOf(p);
  }

  return {
    id: 'mercadopago',
    name: 'Mercado Pago',
    collector: 'Mercado Pago',
    method: 'online',
    secretKeys: ['accessTokenEnv', 'webhookSecretEnv'],

    async createCheckout(ctx: GatewayContext, input: CheckoutInput): Promise<CheckoutCreated> {
      const body = {
        items: [{ id: input.reference, title: input.description.slice(0, 250), quantity: 1, unit_price: input.amountCents / 100, currency_id: input.currency }],
        payer: { email: input.payer.email ?? undefined, name: input.payer.name },
        back_urls: { success: input.returnUrl, pending: input.returnUrl, failure: input.returnUrl },
        auto_return: 'approved',
        // `source_news=webhooks`: signed webhooks only, not the older unsigned IPN.
        notification_url: `${input.notificationUrl}?source_news=webhooks`,
        external_reference: input.reference,
        expires: true,
        expiration_date_to: input.expiresAt.toISOString(),
      };
      const pref = await callGateway<{ id: string; init_point: string }>({
        method: 'POST',
        url: `${base(ctx)}/checkout/preferences`,
        headers: { ...auth(ctx), 'content-type': 'application/json', 'x-idempotency-key': input.reference },
        body: JSON.stringify(body),
      });
      return { redirectUrl: pref.init_point, checkoutId: String(pref.id) };
    },

    async handleNotification(ctx: GatewayContext, n: IncomingNotification): Promise<NotificationCheck> {
      const dataId = typeof n.query['data.id'] === 'string' ? (n.query['data.id'] as string) : undefined;
      const requestId = header(n.headers, 'x-request-id');
      const verdict = verifyMercadoPagoSignature(
        { signature: header(n.headers, 'x-signature'), requestId, dataId },
        secretFrom(ctx.settings, 'webhookSecretEnv'),
        ctx.now(),
        ctx.toleranceSeconds,
      );
      if (!verdict.ok) return verdict;
      let body: unknown;
      try {
        body = JSON.parse(n.rawBody.toString('utf8') || '{}');
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const topic = field(body, 'type') ?? (n.query.type as string | undefined) ?? (n.query.topic as string | undefined);
      const eventKey = `${topic ?? 'unknown'}:${dataId ?? '-'}:${requestId ?? verdict.ts}`;
      if (topic !== 'payment' || !dataId) return { ok: true, eventKey, state: null };
      // The signature covers the query's id only; a body naming another payment is not ours to follow.
      const bodyId = field(field(body, 'data'), 'id');
      if (bodyId !== undefined && String(bodyId).toLowerCase() !== dataId.toLowerCase()) return { ok: false, reason: 'malformed' };
      return { ok: true, eventKey, state: await fetchPayment(ctx, dataId) };
    },

    async lookup(ctx: GatewayContext, payment: KnownPayment): Promise<GatewayState | null> {
      if (payment.gatewayPaymentId) {
        const known = await fetchPayment(ctx, payment.gatewayPaymentId);
        if (known.status === 'approved' || !payment.reference) return known;
      }
      const found = await callGateway<{ results?: MpPayment[] }>({
        method: 'GET',
        url: `${base(ctx)}/v1/payments/search?external_reference=${encodeURIComponent(payment.reference)}&sort=date_created&criteria=desc&limit=20`,
        headers: auth(ctx),
      });
      // A preference may hold several attempts (a rejected card, then another): the furthest one tells.
      let best: GatewayState | null = null;
      for (const p of found.results ?? []) {
        const state = stateOf(p);
        if (state.reference !== payment.reference) continue;
        if (!best || isForward(best.status, state.status)) best = state;
      }
      return best;
    },

    async refund(ctx: GatewayContext, payment: KnownPayment, amountCents: number): Promise<{ refundId: string }> {
      if (!payment.gatewayPaymentId) throw new Error('no Mercado Pago payment to refund');
      const refund = await callGateway<{ id: number | string }>({
        method: 'POST',
        url: `${base(ctx)}/v1/payments/${encodeURIComponent(payment.gatewayPaymentId)}/refunds`,
        headers: { ...auth(ctx), 'content-type': 'application/json', 'x-idempotency-key': `refund-${payment.reference}-${amountCents}` },
        body: JSON.stringify({ amount: amountCents / 100 }),
      });
      return { refundId: String(refund.id) };
    },
  };
}

function stateOf(p: MpPayment): GatewayState {
  const status: PaymentStatus = fromMercadoPagoStatus(p.status);
  return {
    status,
    detail: p.status_detail ? `${p.status}/${p.status_detail}`.slice(0, 64) : p.status,
    gatewayPaymentId: String(p.id),
    reference: p.external_reference ?? null,
    amountCents: typeof p.transaction_amount === 'number' ? toCents(p.transaction_amount) : null,
    currency: p.currency_id ? p.currency_id.toUpperCase() : null,
    paidAt: p.date_approved ? new Date(p.date_approved) : null,
  };
}
