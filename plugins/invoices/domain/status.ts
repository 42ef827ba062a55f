import { toCents } from './money.ts';

export type InvoiceStatus = 'paid' | 'unpaid' | 'overdue' | 'partial' | 'cancelled';

export interface StatusInput {
  kind: string;
  cancelled: boolean;
  balance: string;
  paidAmount: string;
  creditedAmount: string;
  dueDate: string;
}

/**
 * Derived at read time, never stored: "overdue" changes with the calendar, and anything stored
 * would need a nightly job to stay true. Credit notes settle rather than owe, so they have none.
 */
export function invoiceStatus(row: StatusInput, today: string): InvoiceStatus | null {
  if (row.cancelled) return 'cancelled';
  if (row.kind === 'credit_note') return null;
  if (toCents(row.balance) <= 0) return 'paid';
  if (toCents(row.paidAmount) + toCents(row.creditedAmount) > 0) return 'partial';
  return row.dueDate < today ? 'overdue' : 'unpaid';
}

export const STATUS_BADGE: Record<InvoiceStatus, string> = {
  paid: 'badge-success',
  unpaid: 'badge-info',
  overdue: 'badge-danger',
  partial: 'badge-warning',
  cancelled: 'badge-muted',
};
