import { createHmac } from 'node:crypto';

/** What Mercado Pago puts in `x-signature` for a notification about `dataId`. */
export function mercadoPagoSignature(secret: string, dataId: string, requestId: string, ts: number): string {
  const v1 = createHmac('sha256', secret).update(`id:${dataId};request-id:${requestId};ts:${ts};`).digest('hex');
  return `ts=${ts},v1=${v1}`;
}

/** What Stripe puts in `Stripe-Signature` for a raw event body. */
export function stripeSignature(secret: string, payload: string, t: number): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
