import { randomUUID } from 'node:crypto';
import type { TestPortal } from 'portal/testing';
import { HOSTS, SECRETS, type TenantKey } from './harness.ts';
import { mercadoPagoSignature, nowSeconds, stripeSignature } from './sign.ts';
import type { StripeStubSession } from './stripe-stub.ts';

export interface MpNotice {
  dataId: string;
  requestId?: string;
  ts?: number;
  secret?: string;
  /** Replaces the computed header entirely (tampering, missing parts). */
  signature?: string | null;
  /** The id the body names, when a test wants it to differ from the query's. */
  bodyId?: string;
  host?: TenantKey;
}

/** A Mercado Pago webhook as Mercado Pago sends it: id in the query, signed manifest in headers. */
export function sendMercadoPago(portal: TestPortal, n: MpNotice) {
  const ts = n.ts ?? nowSeconds();
  const requestId = n.requestId ?? randomUUID();
  const signature = n.signature === undefined ? mercadoPagoSignature(n.secret ?? SECRETS.mpWebhook, n.dataId, requestId, ts) : n.signature;
  const headers: Record<string, string> = { host: HOSTS[n.host ?? 'payon'], 'content-type': 'application/json', 'x-request-id': requestId };
  if (signature !== null) headers['x-signature'] = signature;
  return portal.app.inject({
    method: 'POST',
    url: `/payments/webhooks/mercadopago?data.id=${encodeURIComponent(n.dataId)}&type=payment`,
    headers,
    payload: JSON.stringify({ action: 'payment.updated', api_version: 'v1', data: { id: n.bodyId ?? n.dataId }, id: 128912, live_mode: false, type: 'payment', user_id: '44444' }),
  });
}

export interface StripeNotice {
  id?: string;
  type: string;
  session: Partial<StripeStubSession> & { id: string };
  t?: number;
  secret?: string;
  /** Applied to the body after signing: what tampering in transit looks like. */
  tamper?: (body: string) => string;
  host?: TenantKey;
}

/** A Stripe event delivery: the signature covers `<t>.<exact body bytes>`. */
export function sendStripe(portal: TestPortal, e: StripeNotice) {
  const t = e.t ?? nowSeconds();
  const body = JSON.stringify({ id: e.id ?? `evt_${randomUUID().replace(/-/g, '')}`, object: 'event', type: e.type, created: t, data: { object: { object: 'checkout.session', ...e.session } } });
  const signature = stripeSignature(e.secret ?? SECRETS.stripeWebhook, body, t);
  return portal.app.inject({
    method: 'POST',
    url: '/payments/webhooks/stripe',
    headers: { host: HOSTS[e.host ?? 'payon'], 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
    payload: e.tamper ? e.tamper(body) : body,
  });
}
