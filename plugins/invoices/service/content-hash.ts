import { hash } from 'node:crypto';

/**
 * Fingerprint of what the provider sent, after normalisation: sending the same document twice
 * changes nothing and emits no event, which keeps retries and nightly full syncs quiet.
 */
export function contentHash(value: unknown): string {
  // The one-shot digest: a bulk import hashes every row, and a Hash object per row costs more than the digest.
  return hash('sha256', JSON.stringify(value));
}
