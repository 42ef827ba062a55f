import type { ReceivableInvoice } from '../../invoices/service/receivables.ts';
import { formatDay, periodLabel } from '../domain/days.ts';
import { showPayOnline, type GatewayOffer } from '../domain/pay-rules.ts';
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
  payHref: string;
  couponHref: string | null;
}

/** An open invoice on the pay page, with the seed-002 verdict on its online-pay button. */
export function documentRow(doc: ReceivableInvoice, ctx: { t: Translate; locale: string; offers: GatewayOffer[]; limitCents: number; accountNumber: string; today: string; coupons: boolean }): DocumentRow {
  const account = encodeURIComponent(ctx.accountNumber);
  return {
    id: doc.id,
    name: documentName(ctx.t, doc.kind, `${doc.letter} ${doc.fiscalNumber}`),
    period: periodLabel(doc.period, ctx.locale),
    dueDate: formatDay(doc.dueDate),
    overdue: doc.dueDate < ctx.today,
    secondDueDate: doc.secondDueDate ? formatDay(doc.secondDueDate) : null,
    total: doc.total,
    balance: doc.balance,
    payOnline: showPayOnline(payable(doc), ctx.offers, ctx.limitCents),
    payHref: `/payments/pay?account=${account}&invoice=${doc.id}`,
    couponHref: ctx.coupons ? `/payments/coupon.pdf?account=${account}&invoice=${doc.id}` : null,
  };
}
