/** Periods needed before a reading is judged against the customer's habits. */
const MIN_PERIODS = 3;
const RECENT_PERIODS = 12;

/**
 * The customer's usual daily consumption: the median of the recent periods' daily averages, so one
 * odd period (a leak, a holiday) does not move it. Null while there is too little history.
 */
export function usualDaily(dailyAverages: number[]): number | null {
  const recent = dailyAverages.slice(-RECENT_PERIODS).filter((d) => Number.isFinite(d) && d >= 0).sort((a, b) => a - b);
  if (recent.length < MIN_PERIODS) return null;
  const mid = Math.floor(recent.length / 2);
  return recent.length % 2 ? recent[mid] : (recent[mid - 1] + recent[mid]) / 2;
}

/** A daily consumption `factor` times above or below the usual one needs the customer's confirmation. */
export function isPlausible(daily: number, usual: number | null, factor: number): boolean {
  if (usual === null || usual <= 0) return true;
  return daily <= usual * factor && daily >= usual / factor;
}
