import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { InvoicesProvides } from '../../invoices/api.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import type { CheckoutLine } from './recorded-payments.ts';

export interface AllocateInput {
  /** The approval's transaction: the invoices stay locked until the payment is recorded. */
  tx: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  payment: { id: number; accountId: number };
  lines: CheckoutLine[];
}

/**
 * Splits an approved checkout between its invoices and the account: each invoice takes at most
 * what it owes now, read under a row lock, so of two approvals for one invoice (two tabs, a late
 * approval of an expired checkout, concurrent notifications) the second finds it paid. What no
 * invoice took is the customer's money all the same: it goes on account as credit, and the
 * payment keeps it as `overpaid` for billing to refund. Returns the lines with `applied` set, and the credit.
 */
export async function allocateToInvoices(input: AllocateInput): Promise<{ lines: CheckoutLine[]; overpaid: string | null }> {
  const { tx, tenant, payment, lines } = input;
  if (!lines.length) return { lines, overpaid: null };
  const receivables = input.portal.plugins.get<InvoicesProvides>('invoices').receivables(tenant, tx);
  const owed = await receivables.lockBalances(payment.accountId, lines.map((l) => l.invoiceId));
  const sql = sqlOf(tx);
  let overpaid = 0;
  const out: CheckoutLine[] = [];
  for (const line of lines) {
    const cents = toCents(line.amount);
    const applied = Math.max(0, Math.min(cents, toCents(owed.get(line.invoiceId) ?? '0')));
    overpaid += cents - applied;
    out.push({ ...line, applied: fromCents(applied) });
    await sql(`UPDATE payments_payment_invoices SET applied = ? WHERE tenant_id = ? AND payment_id = ? AND invoice_id = ?`, [fromCents(applied), tenant.id, payment.id, line.invoiceId]);
  }
  const credit = overpaid > 0 ? fromCents(overpaid) : null;
  await sql(`UPDATE payments_payments SET overpaid = ? WHERE tenant_id = ? AND id = ?`, [credit, tenant.id, payment.id]);
  return { lines: out, overpaid: credit };
}
