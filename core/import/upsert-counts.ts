import type { ApplyCounts } from './import-kind.ts';

/** Counts from `RETURNING (xmax = 0) AS inserted`: true for new rows, false for updated ones. */
export function upsertCounts(rows: { inserted: boolean }[]): ApplyCounts {
  let inserted = 0;
  for (const r of rows) if (r.inserted) inserted++;
  return { inserted, updated: rows.length - inserted };
}
