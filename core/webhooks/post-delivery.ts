import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { HEADERS, sign } from './signature.ts';

export interface DeliveryRequest {
  url: string;
  secret: string;
  body: string;
  event: string;
  eventId: string;
  deliveryId: string;
}

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  ms: number;
}

const PRIVATE = [
  /^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
  /^::1$/, /^::$/, /^f[cd][0-9a-f]{2}:/i, /^fe[89ab][0-9a-f]:/i, /^::ffff:(127|10|192\.168|169\.254)\./i,
];

/**
 * In production a tenant's endpoint must not reach the host's own network (cloud metadata at
 * 169.254.169.254, a database on 10.x): every address the name resolves to is checked before
 * the call. Development and tests post to 127.0.0.1 freely.
 */
export async function destinationProblem(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const blocked = addresses.find((a) => PRIVATE.some((re) => re.test(a)));
  return blocked ? `${host} resolves to a private address (${blocked})` : null;
}

/** One signed POST; redirects are not followed (a 3xx counts as a failure), so the URL registered is the one called. */
export async function postDelivery(d: DeliveryRequest, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const refused = await destinationProblem(d.url, opts.allowPrivate);
    if (refused) return { ok: false, status: null, error: refused, ms: elapsed() };
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'portal-webhooks/1',
        [HEADERS.event]: d.event,
        [HEADERS.eventId]: d.eventId,
        [HEADERS.delivery]: d.deliveryId,
        [HEADERS.timestamp]: String(timestamp),
        [HEADERS.signature]: sign(d.secret, timestamp, d.body),
      },
      body: d.body,
    });
    // The receiver's answer is not needed, but an unread body keeps the socket busy.
    await res.body?.cancel().catch(() => {});
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}`, ms: elapsed() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, status: null, error: (e.name === 'TimeoutError' ? `no answer within ${opts.timeoutMs} ms` : e.cause?.code ?? e.message).slice(0, 500), ms: elapsed() };
  }
}
