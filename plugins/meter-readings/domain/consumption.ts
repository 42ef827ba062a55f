/**
 * A meter with `digits` digits shows 0 … 10^digits − 1 and then starts again at 0. A reading below
 * the previous one is taken as such a rollover only when the wrapped consumption is a small share
 * of the meter's range; otherwise it is what it looks like: a lower number.
 */
const ROLLOVER_SHARE = 0.1;

export interface Advance {
  consumption: number;
  rolledOver: boolean;
}

export function meterCapacity(digits: number): number {
  return 10 ** digits;
}

export function rolloverConsumption(previous: number, current: number, digits: number): number | null {
  if (current >= previous) return null;
  const wrapped = meterCapacity(digits) - previous + current;
  return wrapped <= meterCapacity(digits) * ROLLOVER_SHARE ? wrapped : null;
}

/** Consumption between two readings of one register. Negative when a real reading corrects an estimate that ran ahead. */
export function advance(previous: number, current: number, digits: number): Advance {
  const wrapped = rolloverConsumption(previous, current, digits);
  return wrapped === null ? { consumption: current - previous, rolledOver: false } : { consumption: wrapped, rolledOver: true };
}
