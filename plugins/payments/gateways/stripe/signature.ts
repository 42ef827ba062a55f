import { hmacSha256Hex, isFresh, sameHex } from '../hmac.ts';

export type StripeVerdict = { ok: true } | { ok: false; reason: 'signature' | 'stale' };

/**
 * `Stripe-Signature: t=…,v1=…[,v1=…]`: HMAC-SHA256 of `<t>.<raw body>` with the endpoint's
 * secret. Any v1 may match (Stripe sends several while a secret is being rolled). The body must be
 * the bytes received: re-serialised JSON would not match.
 */
export function verifyStripeSignature(headerValue: string | undefined, rawBody: Buffer, secret: string, now: Date, toleranceSeconds: number): StripeVerdict {
  let t: string | undefined;
  const v1: string[] = [];
  for (const part of (headerValue ?? '').split(',')) {
    const [k, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    if (k?.trim() === 't') t = value;
    else if (k?.trim() === 'v1') v1.push(value);
  }
  if (!t || !v1.length) return { ok: false, reason: 'signature' };
  const expected = hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${t}.`, 'utf8'), rawBody]));
  if (!v1.some((candidate) => sameHex(expected, candidate))) return { ok: false, reason: 'signature' };
  if (!isFresh(t, now, toleranceSeconds)) return { ok: false, reason: 'stale' };
  return { ok: true };
}
