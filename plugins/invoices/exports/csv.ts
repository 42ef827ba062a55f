import { CSV_BOM as BOM, csvCell as cell, csvText as text } from 'portal/sdk';
import { decimalComma } from '../domain/money.ts';
import type { StatementExport } from './statement-export.ts';

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
