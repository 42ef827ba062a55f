import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices } from '../../../core/plugins/define-plugin.ts';
import type { Tenant } from '../../../core/tenants/tenant.ts';
import type { InvoicesProvides } from '../../invoices/provides.ts';
import { dayIn } from '../domain/days.ts';
import { fromCents } from '../domain/money.ts';
import { sqlOf } from '../data/sql.ts';
import { collectorOf, type TenantGateway } from './gateways-of-tenant.ts';
import type { LockedPayment } from './apply-state.ts';
import { queueReceipt } from './receipt-mail.ts';

export interface FulfilInput {
  /** The transaction that moved the payment to approved: everything here commits with it. */
  tx: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  gateway: TenantGateway;
  payment: LockedPayment;
  paidAt: Date;
  notify: boolean;
  log: { warn(obj: unknown, msg: string): void };
}

/**
 * An approved payment, told to the invoices plugin: one payment per invoice it covers (marking
 * each paid with method and collecting entity, one statement movement each), or one payment on
 * account for a payment in advance. The invoices plugin keys them by our reference, so even a
 * second call could not count them twice. Then the receipt, in the same transaction.
 */
export async function fulfil(input: FulfilInput): Promise<void> {
  const { tx, tenant, payment } = input;
  const sql = sqlOf(tx);
  const [account] = await sql(`SELECT number FROM accounts WHERE tenant_id = ? AND id = ?`, [tenant.id, payment.accountId]);
  const lines = await sql(
    `SELECT invoice_id, invoice_external_id, kind, label, amount FROM payments_payment_invoices WHERE tenant_id = ? AND payment_id = ? ORDER BY invoice_id`,
    [tenant.id, payment.id],
  );
  const invoices = input.portal.plugins.get<InvoicesProvides>('invoices').service(tenant, tx);
  const paidOn = dayIn(tenant.timezone, input.paidAt);
  const common = {
    accountNumber: account.number as string,
    paidOn,
    method: input.gateway.adapter.method,
    collector: collectorOf(input.gateway).slice(0, 64),
    reference: payment.reference,
  };
  if (!lines.length) {
    await invoices.recordPayment({ ...common, externalId: payment.reference, amount: fromCents(payment.amountCents) });
  }
  for (const line of lines) {
    const externalId = `${payment.reference}-${line.invoice_id}`;
    try {
      await invoices.recordPayment({ ...common, externalId, invoiceExternalId: line.invoice_external_id, amount: String(line.amount) });
    } catch (err) {
      if ((err as Error).name !== 'InvoiceInputError') throw err;
      // The money arrived whatever happened to the invoice meanwhile (cancelled, replaced by a
      // credit note): it goes on account rather than being lost with a rolled-back transaction.
      input.log.warn({ tenant: tenant.id, reference: payment.reference, invoice: line.invoice_id, problem: (err as Error).message }, 'invoice could not take the payment; recorded on account');
      await invoices.recordPayment({ ...common, externalId, amount: String(line.amount) });
    }
  }
  if (input.notify) {
    await queueReceipt({ tx, tenant, portal: input.portal, gateway: input.gateway, payment, paidOn, lines: lines.map((l) => ({ kind: l.kind, label: l.label, amount: String(l.amount) })) });
  }
}
