/**
 * Amounts travel as decimal strings (`"1234.56"`, what PostgreSQL's numeric gives) and are
 * compared and added as integer cents, so no binary-fraction error reaches a gateway or a check.
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

/**
 * What a customer typed as an amount: `1500`, `1500,50`, `1.500,50` or `1500.50`. Null when it
 * is not one, or has more than two decimals.
 */
export function parseTypedAmount(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  let s = text.trim().replace(/^\$\s*/, '').replace(/\s/g, '');
  if (!s) return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return null;
  return toCents(s);
}
