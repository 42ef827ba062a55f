import { formatDay } from '../domain/days.ts';
import { formatFiscalNumber } from '../domain/fiscal-number.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { MovementRow } from '../data/statement.ts';
import type { Translate } from './translate.ts';

export interface PresentedMovement {
  id: number;
  /** `14/01/2010`; not `date`, which templates would take for the helper of that name. */
  dateLabel: string;
  /** Calendar day as stored, for spreadsheets that want a real date. */
  day: string;
  kind: string;
  concept: string;
  invoiceId: number | null;
  /** Charges and credits as positive amounts in their own column, like a paper statement. */
  debit: string | null;
  credit: string | null;
  balance: string;
}

/** Names a movement the way the customer knows it: the document and its number, or how a payment was made. */
export function describeMovement(row: MovementRow, t: Translate): string {
  if (row.type_code !== null && row.point_of_sale !== null && row.number !== null) {
    const type = invoiceType(row.type_code);
    const name = `${t(`invoices.types.${type.kind}`, { letter: type.letter })} ${formatFiscalNumber(row.point_of_sale, row.number)}`;
    return row.cancelled ? `${name} (${t('invoices.status.cancelled').toLowerCase()})` : name;
  }
  if (row.kind === 'payment' && row.method) {
    const how = [t(`invoices.methods.${row.method}`), row.collector].filter(Boolean).join(' · ');
    return `${t('invoices.statement.payment')} — ${how}`;
  }
  return row.description ?? t(`invoices.movementKinds.${row.kind}`);
}

export function presentMovement(row: MovementRow, t: Translate): PresentedMovement {
  const cents = toCents(row.amount);
  return {
    id: row.id,
    dateLabel: formatDay(row.movement_date),
    day: row.movement_date,
    kind: row.kind,
    concept: describeMovement(row, t),
    invoiceId: row.invoice_id,
    debit: cents > 0 ? fromCents(cents) : null,
    credit: cents < 0 ? fromCents(-cents) : null,
    balance: fromCents(toCents(row.balance)),
  };
}
