import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate, type Tenant } from 'portal/sdk';
import type { PaymentInput } from '../../invoices/api.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import { collectorOf, type TenantGateway } from './gateways-of-tenant.ts';

/** An invoice a checkout pays, as chosen by the customer. */
export interface CheckoutLine {
  invoiceId: number;
  invoiceExternalId: string;
  kind: string;
  label: string;
  amount: string;
  /** What approval put on the invoice (the rest went on account); null until approved, and for payments approved before that split existed. */
  applied: string | null;
}

/** One payment of the invoices plugin that an approved checkout becomes. */
export interface RecordedPayment {
  /** The payment as recorded on account; add `invoiceExternalId` to pay the invoice with it. */
  onAccount: PaymentInput;
  invoiceExternalId: string | null;
}

export interface CheckoutPaid {
  reference: string;
  accountId: number;
  amountCents: number;
  paidAt: Date;
}

export async function checkoutLines(em: EntityManager, tenantId: string, paymentId: number): Promise<CheckoutLine[]> {
  const rows = await sqlOf(em)<{ invoice_id: number; invoice_external_id: string; kind: string; label: string; amount: string; applied: string | null }>(
    `SELECT invoice_id, invoice_external_id, kind, label, amount, applied FROM payments_payment_invoices WHERE tenant_id = ? AND payment_id = ? ORDER BY invoice_id`,
    [tenantId, paymentId],
  );
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    invoiceExternalId: r.invoice_external_id,
    kind: r.kind,
    label: r.label,
    amount: String(r.amount),
    applied: r.applied === null ? null : String(r.applied),
  }));
}

/** The payment on account holding what a checkout paid beyond what its invoices owed. */
export function creditPaymentId(reference: string): string {
  return `${reference}-credit`;
}

/**
 * One payment per invoice (`<reference>-<invoice id>`) for what the invoice took at approval; one
 * on account (`<reference>-credit`) for what the invoices no longer owed (an overpayment, kept
 * apart so billing can refund it); and one on account (`<reference>`) for a payment in advance or
 * for what a whole-balance payment brings beyond its invoices (a debit outside them). Approval
 * records them and a refund takes them back, so both must name them alike: the invoices plugin
 * keys payments by these ids.
 */
export async function recordedPayments(em: EntityManager, tenant: Tenant, gateway: TenantGateway, paid: CheckoutPaid, lines: CheckoutLine[]): Promise<RecordedPayment[]> {
  const [account] = await sqlOf(em)<{ number: string }>(`SELECT number FROM accounts WHERE tenant_id = ? AND id = ?`, [tenant.id, paid.accountId]);
  const common = {
    accountNumber: account.number,
    paidOn: localDate(paid.paidAt, tenant.timezone),
    method: gateway.adapter.method,
    collector: collectorOf(gateway).slice(0, 64),
    reference: paid.reference,
  };
  const out: RecordedPayment[] = [];
  let creditCents = 0;
  for (const line of lines) {
    const applied = toCents(line.applied ?? line.amount);
    creditCents += toCents(line.amount) - applied;
    if (applied > 0) out.push({ onAccount: { ...common, externalId: `${paid.reference}-${line.invoiceId}`, amount: fromCents(applied) }, invoiceExternalId: line.invoiceExternalId });
  }
  if (creditCents > 0) out.push({ onAccount: { ...common, externalId: creditPaymentId(paid.reference), amount: fromCents(creditCents) }, invoiceExternalId: null });
  const rest = onAccountPart(paid.amountCents, lines);
  if (rest > 0) out.push({ onAccount: { ...common, externalId: paid.reference, amount: fromCents(rest) }, invoiceExternalId: null });
  return out;
}

/**
 * What a payment brings beyond the invoices it names, at the amounts the checkout put on them: the
 * whole of a payment in advance, or a debit outside the invoices in a whole-balance payment.
 */
export function onAccountPart(amountCents: number, lines: { amount: string }[]): number {
  return amountCents - lines.reduce((sum, line) => sum + toCents(line.amount), 0);
}
