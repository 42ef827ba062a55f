import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate, type PortalServices, type Tenant } from 'portal/sdk';
import type { InvoicesProvides } from '../../invoices/api.ts';
import type { TenantGateway } from './gateways-of-tenant.ts';
import type { LockedPayment } from './apply-state.ts';
import { allocateToInvoices } from './allocate.ts';
import { queueReceipt } from './receipt-mail.ts';
import { checkoutLines, recordedPayments } from './recorded-payments.ts';

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
 * An approved payment, told to the invoices plugin: one payment per invoice it covers for what
 * that invoice still owed (marking each paid with method and collecting entity, one statement
 * movement each) and the rest on account as credit, or one payment on account for a payment in
 * advance. The invoices plugin keys them by our reference, so even a second call could not count
 * them twice. Then the receipt, in the same transaction.
 */
export async function fulfil(input: FulfilInput): Promise<void> {
  const { tx, tenant, payment } = input;
  const { lines, overpaid } = await allocateToInvoices({ tx, tenant, portal: input.portal, payment, lines: await checkoutLines(tx, tenant.id, payment.id) });
  const invoices = input.portal.plugins.get<InvoicesProvides>('invoices').service(tenant, tx);
  const recorded = await recordedPayments(tx, tenant, input.gateway, { ...payment, paidAt: input.paidAt }, lines);
  for (const { onAccount, invoiceExternalId } of recorded) {
    if (!invoiceExternalId) {
      await invoices.recordPayment(onAccount);
      continue;
    }
    try {
      await invoices.recordPayment({ ...onAccount, invoiceExternalId });
    } catch (err) {
      if ((err as Error).name !== 'InvoiceInputError') throw err;
      // The money arrived whatever happened to the invoice meanwhile (cancelled, replaced by a
      // credit note): it goes on account rather than being lost with a rolled-back transaction.
      input.log.warn({ tenant: tenant.id, reference: payment.reference, externalId: onAccount.externalId, problem: (err as Error).message }, 'invoice could not take the payment; recorded on account');
      await invoices.recordPayment(onAccount);
    }
  }
  if (input.notify) {
    const paidOn = localDate(input.paidAt, tenant.timezone);
    const receiptLines = lines.map((l) => ({ kind: l.kind, label: l.label, amount: l.applied ?? l.amount }));
    await queueReceipt({ tx, tenant, portal: input.portal, gateway: input.gateway, payment, paidOn, lines: receiptLines, credit: overpaid });
  }
}
