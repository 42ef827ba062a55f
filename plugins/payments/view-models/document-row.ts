import type { ReceivableInvoice } from '../../invoices/api.ts';
import { formatDay, periodLabel } from '../domain/days.ts';
import { noOnlineReason, type GatewayOffer, type NoOnlineReason } from '../domain/pay-rules.ts';
import { documentName, type Translate } from '../i18n.ts';
import { payable } from '../domain/offers.ts';

export interface DocumentRow {
  id: number;
  name: string;
  period: string;
  dueDate: string;
  overdue: boolean;
  secondDueDate: string | null;
  total: string;
  balance: string;
  payOnline: boolean;
  /** Why there is no online-pay button; the page explains account-wide reasons once, above the list. */
  noOnline: NoOnlineReason | null;
  /** The explanation beside the invoice, for a reason of its own (its type). */
  whyNot: string | null;
  payHref: string;
  couponHref: string | null;
}

export interface DocumentRowContext {
  t: Translate;
  locale: string;
  offers: GatewayOffer[];
  limitCents: number;
  accountBalanceCents: number;
  accountNumber: string;
  today: string;
  coupons: boolean;
  /** The type's notice, the same for every invoice that has it. */
  typeNotice: string;
}

/** An open invoice on the pay page, with the seed-002 verdict on its online-pay button. */
export function documentRow(doc: ReceivableInvoice, ctx: DocumentRowContext): DocumentRow {
  const account = encodeURIComponent(ctx.accountNumber);
  const reason = noOnlineReason(payable(doc), ctx.accountBalanceCents, ctx.offers, ctx.limitCents);
  return {
    id: doc.id,
    name: documentName(ctx.t, doc.kind, `${doc.letter} ${doc.fiscalNumber}`),
    period: periodLabel(doc.period, ctx.locale),
    dueDate: formatDay(doc.dueDate),
    overdue: doc.dueDate < ctx.today,
    secondDueDate: doc.secondDueDate ? formatDay(doc.secondDueDate) : null,
    total: doc.total,
    balance: doc.balance,
    payOnline: reason === null,
    noOnline: reason,
    whyNot: reason === 'type-not-online' ? ctx.typeNotice : null,
    payHref: `/payments/pay?account=${account}&invoice=${doc.id}`,
    couponHref: ctx.coupons ? `/payments/coupon.pdf?account=${account}&invoice=${doc.id}` : null,
  };
}
