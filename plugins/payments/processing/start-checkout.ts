import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices } from '../../../core/plugins/define-plugin.ts';
import type { Brand, Tenant } from '../../../core/tenants/tenant.ts';
import type { ReceivableInvoice } from '../../invoices/service/receivables.ts';
import { fromCents } from '../domain/money.ts';
import { newPaymentReference } from '../domain/reference.ts';
import { sqlOf } from '../data/sql.ts';
import type { PaymentsSettings } from '../settings.ts';
import { gatewayContext, type TenantGateway } from './gateways-of-tenant.ts';

export interface CheckoutRequest {
  tenant: Tenant;
  brand: Brand;
  em: EntityManager;
  portal: PortalServices;
  settings: PaymentsSettings;
  gateway: TenantGateway;
  account: { id: number; number: string };
  customer: { id: number; email: string | null; name: string };
  /** The documents paid, each with what this payment puts on it; empty for a payment in advance. */
  documents: (ReceivableInvoice & { amountCents: number })[];
  amountCents: number;
  description: string;
}

export interface CheckoutStarted {
  reference: string;
  redirectUrl: string;
}

/**
 * Records the checkout before asking the gateway for it, so a notification that outruns the
 * gateway's answer still finds its payment; a gateway that fails leaves it cancelled, not open.
 */
export async function startCheckout(req: CheckoutRequest): Promise<CheckoutStarted> {
  const { tenant, em } = req;
  const reference = newPaymentReference();
  const currency = tenant.currency.toUpperCase();
  const paymentId = await em.transactional(async (tx) => {
    const sql = sqlOf(tx);
    const [row] = await sql(
      `INSERT INTO payments_payments (tenant_id, reference, account_id, customer_id, gateway, kind, amount, currency, description)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [tenant.id, reference, req.account.id, req.customer.id, req.gateway.id, req.documents.length ? 'invoices' : 'advance', fromCents(req.amountCents), currency, req.description.slice(0, 255)],
    );
    for (const doc of req.documents) {
      await sql(
        `INSERT INTO payments_payment_invoices (payment_id, tenant_id, invoice_id, invoice_external_id, kind, label, amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [row.id, tenant.id, doc.id, doc.externalId, doc.kind, `${doc.letter} ${doc.fiscalNumber}`, fromCents(doc.amountCents)],
      );
    }
    return row.id as number;
  });

  const sql = sqlOf(em);
  try {
    const created = await req.gateway.adapter.createCheckout(gatewayContext(tenant, em, req.settings, req.gateway), {
      reference,
      amountCents: req.amountCents,
      currency,
      description: req.description,
      payer: { email: req.customer.email, name: req.customer.name },
      returnUrl: req.portal.links.absolute(tenant, `/payments/return/${reference}`, req.brand),
      notificationUrl: req.portal.links.absolute(tenant, `/payments/webhooks/${req.gateway.id}`, req.brand),
      expiresAt: new Date(Date.now() + req.settings.reconcile.expireAfterHours * 3_600_000),
    });
    await sql(`UPDATE payments_payments SET checkout_id = ?, updated_at = now() WHERE tenant_id = ? AND id = ?`, [created.checkoutId.slice(0, 128), tenant.id, paymentId]);
    return { reference, redirectUrl: created.redirectUrl };
  } catch (err) {
    await sql(
      `UPDATE payments_payments SET status = 'cancelled', status_detail = 'checkout-failed', updated_at = now() WHERE tenant_id = ? AND id = ? AND status = 'created'`,
      [tenant.id, paymentId],
    );
    throw err;
  }
}
