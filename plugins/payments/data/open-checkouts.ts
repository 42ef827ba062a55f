import type { EntityManager } from '@mikro-orm/postgresql';
import { toCents } from '../domain/money.ts';
import type { PaymentStatus } from '../domain/statuses.ts';
import { sqlOf } from './sql.ts';

/** A checkout still waiting for its gateway that already covers an invoice someone wants to pay. */
export interface OpenCheckout {
  id: number;
  reference: string;
  accountId: number;
  gateway: string;
  status: PaymentStatus;
  amountCents: number;
  currency: string;
  checkoutId: string | null;
  gatewayPaymentId: string | null;
  /** Where its customer was sent to pay; null while the gateway is still being asked. */
  checkoutUrl: string | null;
  /** Every invoice it pays, by id. */
  invoiceIds: number[];
  /** How the first of the wanted invoices it covers is named: kind (`invoice`, `debit_note`) and label. */
  covered: { kind: string; label: string };
}

/** A checkout with the wanted invoice's line; amount numeric as a string. */
interface OpenCheckoutRow {
  id: number;
  reference: string;
  account_id: number;
  gateway: string;
  status: PaymentStatus;
  amount: string;
  currency: string;
  checkout_id: string | null;
  gateway_payment_id: string | null;
  checkout_url: string | null;
  kind: string;
  label: string;
}

/** The open checkout covering any of `invoiceIds` (the database allows one per invoice), or null. */
export async function openCheckoutCovering(em: EntityManager, tenantId: string, invoiceIds: number[]): Promise<OpenCheckout | null> {
  if (!invoiceIds.length) return null;
  const sql = sqlOf(em);
  const [row] = await sql<OpenCheckoutRow>(
    `SELECT p.id, p.reference, p.account_id, p.gateway, p.status, p.amount, p.currency, p.checkout_id, p.gateway_payment_id, p.checkout_url, l.kind, l.label
     FROM payments_payment_invoices l JOIN payments_payments p ON p.id = l.payment_id AND p.tenant_id = l.tenant_id
     WHERE l.tenant_id = ? AND l.invoice_id IN (?) AND l.open
     ORDER BY l.invoice_id LIMIT 1`,
    [tenantId, invoiceIds],
  );
  if (!row) return null;
  const lines = await sql<{ invoice_id: number }>(`SELECT invoice_id FROM payments_payment_invoices WHERE tenant_id = ? AND payment_id = ? ORDER BY invoice_id`, [tenantId, row.id]);
  return {
    id: row.id,
    reference: row.reference,
    accountId: row.account_id,
    gateway: row.gateway,
    status: row.status,
    amountCents: toCents(row.amount),
    currency: String(row.currency).trim(),
    checkoutId: row.checkout_id,
    gatewayPaymentId: row.gateway_payment_id,
    checkoutUrl: row.checkout_url,
    invoiceIds: lines.map((l) => l.invoice_id),
    covered: { kind: row.kind, label: row.label },
  };
}

/** Whether a failed insert was the one-open-checkout-per-invoice rule (migration 005). */
export function isOpenCheckoutConflict(err: unknown): boolean {
  return (err as { constraint?: string } | null)?.constraint === 'payments_payment_invoices_one_open';
}
