/**
 * CSV for Excel with Argentine regional settings: there the decimal separator is the comma, so the
 * list separator Excel reads on a double-click is the semicolon. A byte-order mark tells it the
 * file is UTF-8 (without one it reads "Gómez" as "GÃ³mez").
 */
export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

/** Quotes only when the value needs it (separator, quote or line break inside). */
export function csvCell(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Free text could start with `=`, `+`, `-` or `@` and run as a formula when the file is opened; a
 * leading apostrophe keeps it text (OWASP's CSV injection advice).
 */
export function csvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** An amount as Excel in Argentina reads a number: decimal comma, no grouping, two decimals. */
export function csvMoney(value: string | number): string {
  const n = Number(value);
  return Number.isFinite(n) ? n.toFixed(2).replace('.', ',') : '';
}
