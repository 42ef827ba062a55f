export interface FiscalNumber {
  pointOfSale: number;
  number: number;
}

/**
 * `00008-00068421` today, `0008-00068421` on older documents: both name the same voucher, so
 * only the two integers are kept and the five-digit form is printed.
 */
export function parseFiscalNumber(text: string): FiscalNumber | null {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,8})\s*$/.exec(text);
  if (!m) return null;
  const pointOfSale = Number(m[1]);
  const number = Number(m[2]);
  return pointOfSale > 0 && number > 0 ? { pointOfSale, number } : null;
}

export function formatFiscalNumber(pointOfSale: number, number: number): string {
  return `${String(pointOfSale).padStart(5, '0')}-${String(number).padStart(8, '0')}`;
}
