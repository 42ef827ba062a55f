import { decimalComma } from '../domain/money.ts';
import type { StatementExport } from './statement-export.ts';

const BOM = '\uFEFF';

/**
 * Semicolons, decimal commas and a byte-order mark: what Excel with Argentine regional settings
 * opens correctly by double-click. Amounts carry no thousands separator so they stay numbers.
 */
export function statementCsv(data: StatementExport): string {
  const l = data.labels;
  const lines = [[l.date, l.concept, l.debit, l.credit, l.balance].map(cell).join(';')];
  for (const m of data.movements) {
    lines.push(
      [m.dateLabel, text(m.concept), m.debit ? decimalComma(m.debit) : '', m.credit ? decimalComma(m.credit) : '', decimalComma(m.balance)]
        .map(cell)
        .join(';'),
    );
  }
  return BOM + lines.join('\r\n') + '\r\n';
}

/** Quotes only when the value needs it (separator, quote or line break inside). */
function cell(value: string): string {
  return /[";\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Free text from the provider could start with `=`, `+`, `-` or `@` and run as a formula when the
 * file is opened; a leading apostrophe keeps it text (OWASP's CSV injection advice).
 */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
