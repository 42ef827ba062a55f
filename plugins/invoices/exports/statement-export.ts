import type { PresentedMovement } from '../view-models/movement-row.ts';
import type { StatementFilter } from '../data/statement.ts';

/** Everything a statement download prints, already localised, whatever the file format. */
export interface StatementExport {
  brandName: string;
  accountNumber: string;
  holderName: string;
  filter: StatementFilter;
  /** Signed: positive means the customer owes it. */
  balance: string;
  generatedAt: string;
  movements: PresentedMovement[];
  labels: {
    title: string;
    account: string;
    range: string;
    currentBalance: string;
    generatedAt: string;
    date: string;
    concept: string;
    debit: string;
    credit: string;
    balance: string;
    page: string;
  };
}

/** `cuenta-corriente-0001-000123_2025-01-01_2025-06-30.csv` */
export function statementFileName(data: StatementExport, ext: string): string {
  const parts = [data.accountNumber.replace(/[^\w-]/g, '_')];
  if (data.filter.from || data.filter.to) parts.push(`${data.filter.from ?? 'inicio'}_${data.filter.to ?? 'hoy'}`);
  return `cuenta-corriente-${parts.join('_')}.${ext}`;
}
