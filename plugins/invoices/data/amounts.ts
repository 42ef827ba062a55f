import { fromCents } from '../domain/money.ts';
import type { Amount } from './input-schemas.ts';

/**
 * Reads an amount the schema let through. A JSON number may still carry more than two decimals
 * (`12.345`), which a numeric(14,2) column would round silently: that is reported instead.
 */
export function readAmount(value: Amount, field: string, problems: string[]): string {
  const n = Number(value);
  const cents = Math.round(n * 100);
  if (!Number.isFinite(n) || Math.abs(n * 100 - cents) > 1e-6) {
    problems.push(`${field}: must have at most two decimals`);
    return '0.00';
  }
  return fromCents(cents);
}

export function readOptionalAmount(value: Amount | undefined, field: string, problems: string[]): string | null {
  return value === undefined ? null : readAmount(value, field, problems);
}
