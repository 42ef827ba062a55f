import type { ImportKind } from './import-kind.ts';

/** The names of `staging`'s columns in order; commas inside a type (`numeric(14,2)`) stay with it. */
export function stagingColumns(staging: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= staging.length; i++) {
    const c = staging[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === staging.length) {
      names.push(staging.slice(start, i).trim().split(/\s+/)[0]);
      start = i + 1;
    }
  }
  return names;
}

/** A batch's values of the kind's key column: two batches sharing one must be written in file order. */
export function batchKeys(kind: ImportKind, staged: { values: unknown[] }[]): Set<unknown> {
  const at = stagingColumns(kind.staging).indexOf(kind.key);
  return new Set(staged.map((r) => r.values[at]));
}

export function sharesAny(a: Set<unknown>, b: Set<unknown>): boolean {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const k of small) if (large.has(k)) return true;
  return false;
}
