import { hash } from 'node:crypto';

/**
 * Fingerprint of what the provider sent, after normalisation: sending the same document twice
 * changes nothing and emits no event, which keeps retries and nightly full syncs quiet.
 */
export function contentHash(value: unknown): string {
  // The one-shot digest: a bulk import hashes every row, and a Hash object per row costs more than the digest.
  return hash('sha256', JSON.stringify(value));
}

/** Stands for the id while the JSON is cut around it; a value that holds it takes the other way. */
const MARK = '\u0000id\u0000';

/**
 * contentHash of `build(id)` for an id only the database knows yet (the account a statement looks
 * up and writes against in one go): SQL over the integer expression `idSql` and its two
 * parameters, the JSON before and after the id. Null when the value's own text contains the mark.
 */
export function contentHashSql(build: (id: unknown) => unknown, idSql: string): { sql: string; params: [string, string] } | null {
  const parts = JSON.stringify(build(MARK)).split(JSON.stringify(MARK));
  if (parts.length !== 2) return null;
  return { sql: `encode(sha256(convert_to(? || ${idSql}::text || ?, 'UTF8')), 'hex')`, params: [parts[0], parts[1]] };
}
