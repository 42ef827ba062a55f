import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { formatDay } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { documentName, translator, type Translate } from '../i18n.ts';
import { gatewayLabel, type TenantGateway } from './gateways-of-tenant.ts';
import type { LockedPayment } from './apply-state.ts';
import { recipientOf } from './recipient.ts';
import { onAccountPart } from './recorded-payments.ts';

export interface ReceiptInput {
  tx: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  gateway: TenantGateway;
  payment: LockedPayment;
  paidOn: string;
  /** Each document with what it took of the payment. */
  lines: { kind: string; label: string; amount: string }[];
  /** What no document took and went on account as credit; null when nothing. */
  credit: string | null;
}

/** The receipt of an approved payment, in the customer's language, queued with the approval. */
export async function queueReceipt(input: ReceiptInput): Promise<boolean> {
  const { tenant, portal, payment } = input;
  const to = await recipientOf(input.tx, tenant, payment.accountId, payment.customerId);
  if (!to) return false;
  const t = translator(portal.views, tenant, to.locale);
  await portal.mail.queue(input.tx, {
    tenant,
    brand: to.brand,
    to: to.email,
    locale: to.locale,
    template: 'payments/emails/receipt',
    subject: 'payments.mail.receipt.subject',
    subjectParams: { reference: payment.reference },
    data: {
      name: to.name,
      amount: fromCents(payment.amountCents),
      reference: payment.reference,
      paidOn: formatDay(input.paidOn),
      gateway: gatewayLabel(input.gateway, t, to.locale),
      accountNumber: to.accountNumber,
      documents: receiptLines(t, payment.amountCents, input.lines, input.credit),
      credit: input.credit,
      link: portal.links.absolute(tenant, `/payments?account=${encodeURIComponent(to.accountNumber)}`, to.brand),
    },
  });
  return true;
}

/**
 * Each invoice with what went to it, and the part paid on account beside them (a debit outside
 * the invoices); the overpaid credit has a line of its own in the mail.
 */
function receiptLines(t: Translate, amountCents: number, lines: ReceiptInput['lines'], credit: string | null): { name: string; amount: string }[] {
  const out = lines.map((l) => ({ name: documentName(t, l.kind, l.label), amount: l.amount }));
  const rest = lines.length ? onAccountPart(amountCents, lines) - toCents(credit ?? '0') : 0;
  if (rest > 0) out.push({ name: t('history.advance'), amount: fromCents(rest) });
  return out;
}
