import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every delivery; receivers verify `Portal-Signature` before trusting the body. */
export const HEADERS = {
  event: 'portal-event',
  eventId: 'portal-event-id',
  delivery: 'portal-delivery',
  timestamp: 'portal-timestamp',
  signature: 'portal-signature',
} as const;

/**
 * `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`, the scheme Stripe made familiar: the
 * timestamp inside the signature lets receivers refuse replays older than a few minutes.
 */
export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver runs (and what the tests run): signature and freshness, in constant time. */
export function verify(secret: string, header: string | undefined, timestamp: string | undefined, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const ts = Number(timestamp);
  if (!header || !Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
