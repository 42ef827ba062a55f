import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { InvoicesProvides } from '../../invoices/api.ts';
import { fromCents } from '../domain/money.ts';
import { translator } from '../i18n.ts';
import type { TenantGateway } from './gateways-of-tenant.ts';
import { checkoutLines, recordedPayments, type CheckoutPaid } from './recorded-payments.ts';

export interface ReversalInput {
  /** The refund's transaction: the statement moves back only if the payment does. */
  tx: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  gateway: TenantGateway;
  payment: CheckoutPaid & { id: number };
  /** Day of the refund in the tenant's zone: the adjustment's date on the statement. */
  refundedOn: string;
}

/** The statement movement a refund adds, keyed so it can only be added once. */
export function refundMovementId(reference: string): string {
  return `${reference}-refund`;
}

/**
 * Undoes what approval recorded, through the invoices plugin's service (it has no reversal of its
 * own): each payment it recorded for an invoice is moved off that invoice, so the invoice owes
 * again, and one adjustment the size of the refund brings the account's balance back. The
 * payment's movement stays on the day the money came in, as on the provider's own books. Every
 * write is keyed by our reference, so a second run changes nothing.
 */
export async function reverseOnStatement(input: ReversalInput): Promise<void> {
  const { tx, tenant, payment } = input;
  const invoices = input.portal.plugins.get<InvoicesProvides>('invoices').service(tenant, tx);
  const lines = await checkoutLines(tx, tenant.id, payment.id);
  const recorded = await recordedPayments(tx, tenant, input.gateway, payment, lines);
  for (const { onAccount, invoiceExternalId } of recorded) {
    if (invoiceExternalId) await invoices.recordPayment(onAccount);
  }
  // Statement lines are stored text, read by every customer of the account: the tenant's language.
  const t = translator(input.portal.views, tenant, tenant.locale);
  await invoices.addMovement({
    externalId: refundMovementId(payment.reference),
    accountNumber: recorded[0].onAccount.accountNumber,
    date: input.refundedOn,
    kind: 'adjustment',
    description: t('statement.refund', { reference: payment.reference }).slice(0, 255),
    amount: fromCents(payment.amountCents),
  });
}
