import { createHash } from 'node:crypto';

/**
 * Fingerprint of what the provider sent, after normalisation: sending the same document twice
 * changes nothing and emits no event, which keeps retries and nightly full syncs quiet.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
