import { availableParallelism } from 'node:os';
import { UsageError } from './cli-error.ts';

/** `--workers N` or `auto` (one per core); absent: 1, the portal in this process alone. */
export function workerCount(value: string | undefined, usage: string): number {
  if (value === undefined) return 1;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, or auto (got "${value}")`, usage);
  return n;
}
