import { randomBytes } from 'node:crypto';

/** No 0/O, 1/I: customers read references aloud to support. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * Our reference for one checkout, sent to the gateway as external reference: random, so it says
 * nothing about other customers' payments and cannot be guessed.
 */
export function newPaymentReference(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return `PG-${out}`;
}

export const REFERENCE_PATTERN = /^PG-[2-9A-HJ-NP-Z]{10}$/;
