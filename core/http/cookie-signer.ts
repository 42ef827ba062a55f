import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { UnsignResult } from '@fastify/cookie';

export interface CookieSigner {
  sign(value: string): string;
  unsign(signed: string): UnsignResult;
}

/**
 * The signer @fastify/cookie is given, in its own format (`<value>.<HMAC-SHA256, base64 without
 * padding>`), so cookies signed before still unsign and the other way round. Its built-in signer
 * hands the secret to `createHmac` as a string, which node imports into a key again on every
 * signature: that was a quarter of the CSRF work of a first visit. The key is imported once here.
 */
export function cookieSigner(secret: string): CookieSigner {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (value: string) => {
    const digest = createHmac('sha256', key).update(value).digest('base64');
    // A SHA-256 digest is 32 bytes: 43 base64 characters and one '=' of padding, dropped.
    return digest.slice(0, 43);
  };
  return {
    sign(value) {
      if (typeof value !== 'string') throw new TypeError('Cookie value must be provided as a string.');
      return `${value}.${mac(value)}`;
    },
    unsign(signed) {
      if (typeof signed !== 'string') throw new TypeError('Signed cookie string must be provided.');
      const dot = signed.lastIndexOf('.');
      if (dot === -1 || dot === signed.length - 1) return { valid: false, renew: false, value: null };
      const value = signed.slice(0, dot);
      const actual = Buffer.from(signed.slice(dot + 1));
      const expected = Buffer.from(mac(value));
      return expected.length === actual.length && timingSafeEqual(expected, actual)
        ? { valid: true, renew: false, value }
        : { valid: false, renew: false, value: null };
    },
  };
}
