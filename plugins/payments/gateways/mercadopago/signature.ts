import { hmacSha256Hex, isFresh, sameHex } from '../hmac.ts';

export interface MercadoPagoSignatureInput {
  /** `x-signature`: `ts=…,v1=…`. */
  signature: string | undefined;
  /** `x-request-id`. */
  requestId: string | undefined;
  /** `data.id` from the query string of the notification URL. */
  dataId: string | undefined;
}

/**
 * The manifest Mercado Pago signs: `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`, leaving out
 * the parts a notification lacks. Alphanumeric ids are signed in lower case.
 */
export function mercadoPagoManifest(dataId: string | undefined, requestId: string | undefined, ts: string): string {
  let manifest = '';
  if (dataId) manifest += `id:${/[a-z]/i.test(dataId) ? dataId.toLowerCase() : dataId};`;
  if (requestId) manifest += `request-id:${requestId};`;
  return `${manifest}ts:${ts};`;
}

export function parseSignatureHeader(value: string | undefined): { ts?: string; v1?: string } {
  const out: { ts?: string; v1?: string } = {};
  for (const part of (value ?? '').split(',')) {
    const [key, ...rest] = part.split('=');
    const k = key?.trim();
    if (k === 'ts' || k === 'v1') out[k] = rest.join('=').trim();
  }
  return out;
}

export type SignatureVerdict = { ok: true; ts: string } | { ok: false; reason: 'signature' | 'stale' };

/** HMAC-SHA256 of the manifest with the tenant's webhook secret, compared in constant time; old timestamps refused. */
export function verifyMercadoPagoSignature(input: MercadoPagoSignatureInput, secret: string, now: Date, toleranceSeconds: number): SignatureVerdict {
  const { ts, v1 } = parseSignatureHeader(input.signature);
  if (!ts || !v1) return { ok: false, reason: 'signature' };
  const expected = hmacSha256Hex(secret, mercadoPagoManifest(input.dataId, input.requestId, ts));
  if (!sameHex(expected, v1)) return { ok: false, reason: 'signature' };
  if (!isFresh(ts, now, toleranceSeconds)) return { ok: false, reason: 'stale' };
  return { ok: true, ts };
}
