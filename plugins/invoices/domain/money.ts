/**
 * Amounts travel as strings with two decimals (`"1234.56"`, what PostgreSQL's numeric gives)
 * and are added up as integer cents, so no sum ever picks up a binary-fraction error.
 */
export function toCents(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(value)}`);
  return Math.round(n * 100);
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Excel and CSV readers in Argentina expect a decimal comma and no grouping. */
export function decimalComma(value: string | number): string {
  return fromCents(toCents(value)).replace('.', ',');
}
