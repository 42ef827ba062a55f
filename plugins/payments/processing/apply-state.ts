import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { GatewayState } from '../gateways/gateway.ts';
import { isForward, type PaymentStatus } from '../domain/statuses.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf, type Sql } from '../data/sql.ts';
import type { TenantGateway } from './gateways-of-tenant.ts';
import { fulfil } from './fulfil.ts';

export type EventSource = 'webhook' | 'return' | 'reconcile' | 'sandbox';

/** What a gateway told us, through a notification, a customer coming back, or the reconcile job. */
export interface Observation {
  source: EventSource;
  /** Unique per gateway and tenant: the same observation twice is recorded, and acted on, once. */
  eventKey: string;
  state: GatewayState;
  /** The payment we asked about; notifications find theirs by the state's reference instead. */
  paymentId?: number;
}

export interface ApplyDeps {
  tenant: Tenant;
  /** Tenant-scoped and outside any transaction: each observation is its own. */
  em: EntityManager;
  portal: PortalServices;
  gateway: TenantGateway;
  log: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
  /** Emails stay out of demo data. */
  notify?: boolean;
}

export type ApplyOutcome = 'applied' | 'unchanged' | 'duplicate' | 'mismatch' | 'unknown';

export interface ApplyResult {
  outcome: ApplyOutcome;
  paymentId?: number;
  status?: PaymentStatus;
}

/**
 * Brings one payment up to what the gateway says, in one transaction: the event's unique row
 * first (a replay stops there, even a concurrent one, which waits on that row), then the payment
 * locked, its reference, amount and currency checked against what we asked for, and its status
 * moved only forward. Reaching "approved" records the payment with the invoices plugin (paid
 * invoices, statement movement) and queues the receipt, all in this same transaction.
 */
export async function applyObservation(deps: ApplyDeps, obs: Observation): Promise<ApplyResult> {
  const tenantId = deps.tenant.id;
  const gatewayId = deps.gateway.id;
  return deps.em.transactional(async (tx) => {
    const sql = sqlOf(tx);
    const [event] = await sql<{ id: string }>(
      `INSERT INTO payments_events (tenant_id, gateway, event_key, source, outcome, status, detail)
       VALUES (?, ?, ?, ?, 'received', ?, ?) ON CONFLICT (gateway, tenant_id, event_key) DO NOTHING RETURNING id`,
      [tenantId, gatewayId, obs.eventKey.slice(0, 200), obs.source, obs.state.status, obs.state.detail?.slice(0, 255) ?? null],
    );
    if (!event) return { outcome: 'duplicate' as const };
    const finish = async (outcome: ApplyOutcome, paymentId: number | null, detail?: string) => {
      await sql(`UPDATE payments_events SET outcome = ?, payment_id = ?, detail = COALESCE(?, detail) WHERE tenant_id = ? AND id = ?`, [outcome, paymentId, detail ?? null, tenantId, event.id]);
    };

    const payment = await lockPayment(sql, tenantId, gatewayId, obs);
    if (!payment) {
      deps.log.warn({ tenant: tenantId, gateway: gatewayId, source: obs.source, reference: obs.state.reference }, 'gateway state for no payment of this tenant; ignored');
      await finish('unknown', null);
      return { outcome: 'unknown' as const };
    }
    const problem = mismatch(payment, obs.state);
    if (problem) {
      deps.log.warn(
        { tenant: tenantId, gateway: gatewayId, source: obs.source, reference: payment.reference, problem },
        'gateway state does not match the payment; not applied',
      );
      await finish('mismatch', payment.id, problem);
      return { outcome: 'mismatch' as const, paymentId: payment.id, status: payment.status };
    }
    if (!isForward(payment.status, obs.state.status)) {
      await finish('unchanged', payment.id);
      return { outcome: 'unchanged' as const, paymentId: payment.id, status: payment.status };
    }

    const paidAt = obs.state.status === 'approved' ? (obs.state.paidAt ?? new Date()) : null;
    await sql(
      `UPDATE payments_payments SET status = ?, status_detail = ?, gateway_payment_id = COALESCE(?, gateway_payment_id),
         paid_at = COALESCE(?, paid_at), updated_at = now()
       WHERE id = ? AND tenant_id = ?`,
      [obs.state.status, obs.state.detail?.slice(0, 64) ?? null, obs.state.gatewayPaymentId, paidAt, payment.id, tenantId],
    );
    if (obs.state.status === 'approved') {
      await fulfil({ tx, tenant: deps.tenant, portal: deps.portal, gateway: deps.gateway, payment, paidAt: paidAt!, notify: deps.notify !== false, log: deps.log });
    } else if (payment.status === 'approved') {
      // The invoices plugin has no way yet to take a payment back: someone must load the reversal.
      deps.log.warn({ tenant: tenantId, gateway: gatewayId, reference: payment.reference, status: obs.state.status }, 'approved payment reversed at the gateway; the statement still shows it');
    }
    // Other plugins (a reconnection on payment, the provider API's webhooks) hear it in this transaction.
    await deps.portal.events.emit(deps.tenant, tx, 'payment.status-changed', {
      paymentId: payment.id, reference: payment.reference, accountId: payment.accountId, gateway: gatewayId,
      from: payment.status, to: obs.state.status, amount: fromCents(payment.amountCents),
    });
    await finish('applied', payment.id);
    deps.log.info({ tenant: tenantId, gateway: gatewayId, reference: payment.reference, from: payment.status, to: obs.state.status }, 'payment moved');
    return { outcome: 'applied' as const, paymentId: payment.id, status: obs.state.status };
  });
}

/** amount numeric as a string, currency char(3) padded. */
interface LockedRow {
  id: number;
  reference: string;
  account_id: number;
  customer_id: number | null;
  kind: 'invoices' | 'advance';
  amount: string;
  currency: string;
  status: PaymentStatus;
  checkout_id: string | null;
}

export interface LockedPayment {
  id: number;
  reference: string;
  accountId: number;
  customerId: number | null;
  kind: 'invoices' | 'advance';
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  checkoutId: string | null;
}

async function lockPayment(sql: Sql, tenantId: string, gatewayId: string, obs: Observation): Promise<LockedPayment | null> {
  const byId = obs.paymentId !== undefined;
  if (!byId && !obs.state.reference) return null;
  const [row] = await sql<LockedRow>(
    `SELECT id, reference, account_id, customer_id, kind, amount, currency, status, checkout_id FROM payments_payments
     WHERE tenant_id = ? AND gateway = ? AND ${byId ? 'id = ?' : 'reference = ?'} FOR UPDATE`,
    [tenantId, gatewayId, byId ? obs.paymentId : obs.state.reference],
  );
  return row ? locked(row) : null;
}

function locked(row: LockedRow): LockedPayment {
  return {
    id: row.id,
    reference: row.reference,
    accountId: row.account_id,
    customerId: row.customer_id,
    kind: row.kind,
    amountCents: toCents(row.amount),
    currency: String(row.currency).trim(),
    status: row.status,
    checkoutId: row.checkout_id,
  };
}

/**
 * The body of a notification is the gateway's word only once it matches what we asked for: the
 * same reference, amount and currency (and checkout, when the gateway names it). Anything else is
 * someone else's payment, a tampered one, or a bug; it is logged and left alone.
 */
function mismatch(payment: LockedPayment, state: GatewayState): string | null {
  if (state.reference !== payment.reference) return `reference: expected ${payment.reference}, got ${state.reference ?? 'none'}`;
  const settles = state.status === 'approved';
  if (state.amountCents === null ? settles : state.amountCents !== payment.amountCents) {
    return `amount: expected ${payment.amountCents} cents, got ${state.amountCents ?? 'none'}`;
  }
  if (state.currency === null ? settles : state.currency !== payment.currency) return `currency: expected ${payment.currency}, got ${state.currency ?? 'none'}`;
  if (state.checkoutId && payment.checkoutId && state.checkoutId !== payment.checkoutId) return `checkout: expected ${payment.checkoutId}, got ${state.checkoutId}`;
  return null;
}
