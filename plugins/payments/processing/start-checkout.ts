import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Brand, Tenant } from 'portal/sdk';
import type { ReceivableInvoice } from '../../invoices/api.ts';
import { fromCents } from '../domain/money.ts';
import { newPaymentReference } from '../domain/reference.ts';
import { sqlOf } from '../data/sql.ts';
import { isOpenCheckoutConflict, openCheckoutCovering, type OpenCheckout } from '../data/open-checkouts.ts';
import type { ApplyDeps } from './apply-state.ts';
import type { PaymentsSettings } from '../settings.ts';
import { gatewayContext, type TenantGateway } from './gateways-of-tenant.ts';
import { refreshFromGateway } from './refresh-payment.ts';

export interface CheckoutRequest {
  tenant: Tenant;
  brand: Brand;
  em: EntityManager;
  portal: PortalServices;
  settings: PaymentsSettings;
  gateway: TenantGateway;
  /** All the tenant's gateways: an open checkout in the way may be another gateway's, asked before refusing. */
  gateways: TenantGateway[];
  log: ApplyDeps['log'];
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

/** An invoice of the selection is already in a checkout waiting for its gateway. */
export class CheckoutOpenError extends Error {
  readonly open: OpenCheckout;

  constructor(open: OpenCheckout) {
    super(`invoice already in open checkout ${open.reference}`);
    this.name = 'CheckoutOpenError';
    this.open = open;
  }
}

/** Rounds of "record ours, else look at the open one in the way" before giving up on a race. */
const ROUNDS = 3;

/**
 * Starts a checkout for the selection, unless one of its invoices is already in an open one (the
 * database holds one open checkout per invoice, so concurrent requests cannot both get through).
 * The same selection through the same gateway goes back to that checkout's page: a second click
 * or a second tab. Anything else in the way is asked about at its gateway once (it may have
 * expired or been paid meanwhile) and, if still open, refused with CheckoutOpenError.
 */
export async function startCheckout(req: CheckoutRequest): Promise<CheckoutStarted> {
  const invoiceIds = req.documents.map((d) => d.id);
  let asked = false;
  for (let round = 0; round < ROUNDS; round++) {
    // No looking first: the unique index is the only judge, so concurrent requests cannot both pass.
    try {
      return await createCheckout(req);
    } catch (err) {
      if (!isOpenCheckoutConflict(err)) throw err;
    }
    const open = await openCheckoutCovering(req.em, req.tenant.id, invoiceIds);
    if (!open) continue; // closed since the insert failed: try again
    if (await cancelIfAbandoned(req, open)) continue;
    if (isSameCheckout(open, req)) return { reference: open.reference, redirectUrl: open.checkoutUrl! };
    if (!asked) {
      asked = true;
      if (await askedItsGateway(req, open)) continue;
    }
    throw new CheckoutOpenError(open);
  }
  throw new Error(`checkout for invoices ${invoiceIds.join(', ')} kept racing with others`);
}

/**
 * Longer than asking a gateway for a checkout takes (its HTTP timeout is 8 s). Safe even for a
 * slower one: its page is handed out only if the checkout is still `created` (see createCheckout).
 */
const ABANDONED_AFTER_SECONDS = 20;

/**
 * A checkout recorded but never given its gateway page (the process died, or the database went
 * away, between the two steps) blocks its invoices although nobody can ever pay it: no customer saw
 * a page to pay on. Once it is older than any gateway call, it is cancelled so the customer can
 * start again; a younger one may still be waiting for its gateway and is left alone.
 */
async function cancelIfAbandoned(req: CheckoutRequest, open: OpenCheckout): Promise<boolean> {
  if (open.status !== 'created' || open.checkoutId !== null || open.checkoutUrl !== null) return false;
  const rows = await sqlOf(req.em)<{ id: number }>(
    `UPDATE payments_payments SET status = 'cancelled', status_detail = 'checkout-abandoned', updated_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'created' AND checkout_id IS NULL AND checkout_url IS NULL
       AND created_at < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'
     RETURNING id`,
    [req.tenant.id, open.id],
  );
  if (rows.length) req.log.warn({ reference: open.reference }, 'checkout never reached its gateway; cancelled so its invoices can be paid');
  return rows.length > 0;
}

function isSameCheckout(open: OpenCheckout, req: CheckoutRequest): boolean {
  const wanted = req.documents.map((d) => d.id).sort((a, b) => a - b);
  return (
    open.status === 'created' &&
    open.checkoutUrl !== null &&
    open.accountId === req.account.id &&
    open.gateway === req.gateway.id &&
    open.amountCents === req.amountCents &&
    open.invoiceIds.length === wanted.length &&
    open.invoiceIds.every((id, i) => id === wanted[i])
  );
}

/** True when the gateway's answer moved it; the next round sees whether that closed it. */
async function askedItsGateway(req: CheckoutRequest, open: OpenCheckout): Promise<boolean> {
  const gateway = req.gateways.find((g) => g.id === open.gateway);
  if (!gateway) return false;
  return refreshFromGateway({ tenant: req.tenant, em: req.em, portal: req.portal, settings: req.settings, gateway, log: req.log }, open);
}

/**
 * Records the checkout before asking the gateway for it, so a notification that outruns the
 * gateway's answer still finds its payment; a gateway that fails leaves it cancelled, not open.
 */
async function createCheckout(req: CheckoutRequest): Promise<CheckoutStarted> {
  const { tenant, em } = req;
  const reference = newPaymentReference();
  const currency = tenant.currency.toUpperCase();
  const paymentId = await em.transactional(async (tx) => {
    const sql = sqlOf(tx);
    const [row] = await sql<{ id: number }>(
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
    return row.id;
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
    const stored = await sql<{ id: number }>(`UPDATE payments_payments SET checkout_id = ?, checkout_url = ?, updated_at = now() WHERE tenant_id = ? AND id = ? AND status = 'created' RETURNING id`, [
      created.checkoutId.slice(0, 128),
      created.redirectUrl.length <= 2048 ? created.redirectUrl : null,
      tenant.id,
      paymentId,
    ]);
    // Cancelled meanwhile as abandoned: its page must not reach the customer, who starts again.
    if (!stored.length) throw new Error(`checkout ${reference} was cancelled before its gateway answered`);
    return { reference, redirectUrl: created.redirectUrl };
  } catch (err) {
    await sql(
      `UPDATE payments_payments SET status = 'cancelled', status_detail = 'checkout-failed', updated_at = now() WHERE tenant_id = ? AND id = ? AND status = 'created'`,
      [tenant.id, paymentId],
    );
    throw err;
  }
}
