import { randomFillSync } from 'node:crypto';

// One CSPRNG call per request (a CSP nonce, a visitor's CSRF secret) cost more than the rest of
// an anonymous page's headers: bytes are drawn a page at a time and each byte is handed out once.
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * `length` fresh random bytes as text. The bytes are never handed out again; they are read into
 * the string before this returns, so a later refill of the pool cannot change them.
 */
export function randomText(length: number, encoding: 'hex' | 'base64url'): string {
  if (used + length > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += length;
  return pool.toString(encoding, used - length, used);
}
