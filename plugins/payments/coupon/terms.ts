import { addDays } from '../domain/days.ts';
import { toCents } from '../domain/money.ts';

export interface CouponTerms {
  dueDate: string;
  amountCents: number;
  secondDueDate: string | null;
  secondAmountCents: number | null;
}

export interface CouponInvoice {
  balance: string;
  total: string;
  dueDate: string;
  secondDueDate: string | null;
  secondDueTotal: string | null;
}

/**
 * What a coupon for an invoice can promise today: both due dates while the first has not passed,
 * then the second with its surcharge, and once both are gone the balance for `validDays` more (a
 * collector refuses a coupon past its due date).
 */
export function invoiceCouponTerms(invoice: CouponInvoice, today: string, validDays: number): CouponTerms {
  const balance = toCents(invoice.balance);
  const surcharge = invoice.secondDueDate && invoice.secondDueTotal ? Math.max(0, toCents(invoice.secondDueTotal) - toCents(invoice.total)) : 0;
  if (today <= invoice.dueDate) {
    return invoice.secondDueDate
      ? { dueDate: invoice.dueDate, amountCents: balance, secondDueDate: invoice.secondDueDate, secondAmountCents: balance + surcharge }
      : { dueDate: invoice.dueDate, amountCents: balance, secondDueDate: null, secondAmountCents: null };
  }
  if (invoice.secondDueDate && today <= invoice.secondDueDate) {
    return { dueDate: invoice.secondDueDate, amountCents: balance + surcharge, secondDueDate: null, secondAmountCents: null };
  }
  return amountCouponTerms(balance, today, validDays);
}

export function amountCouponTerms(amountCents: number, today: string, validDays: number): CouponTerms {
  return { dueDate: addDays(today, validDays), amountCents, secondDueDate: null, secondAmountCents: null };
}
