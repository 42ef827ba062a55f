import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import { toCents } from '../domain/money.ts';
import type { PaymentStatus } from '../domain/statuses.ts';
import { sqlOf } from '../data/sql.ts';
import type { GatewayRegistry } from '../gateways/registry.ts';
import type { PaymentsSettings } from '../settings.ts';
import { applyObservation, type ApplyDeps } from './apply-state.ts';
import { gatewayContext, tenantGateways } from './gateways-of-tenant.ts';
import { lookupKey } from './lookup-key.ts';

export interface ReconcileInput {
  tenant: Tenant;
  em: EntityManager;
  portal: PortalServices;
  registry: GatewayRegistry;
  settings: PaymentsSettings;
  log: ApplyDeps['log'];
  now?: Date;
}

export interface ReconcileSummary {
  checked: number;
  moved: number;
  expired: number;
  failed: number;
}

/** amount numeric as a string; created_at a Date, or a string on the embedded driver. */
interface OpenPaymentRow {
  id: number;
  reference: string;
  gateway: string;
  checkout_id: string | null;
  gateway_payment_id: string | null;
  amount: string;
  currency: string;
  status: PaymentStatus;
  created_at: Date | string;
}

/** A run looks at this many; the next run takes the rest. */
const BATCH = 200;

/**
 * Asks each gateway about checkouts still open after `afterMinutes` (a lost notification, a
 * customer who closed the tab) and applies what it says the same way a notification would.
 * Checkouts nobody finished within `expireAfterHours` are cancelled, so they stop being asked about.
 */
export async function reconcilePending(input: ReconcileInput): Promise<ReconcileSummary> {
  const { tenant, em, settings } = input;
  const now = input.now ?? new Date();
  const { afterMinutes, forDays, expireAfterHours } = settings.reconcile;
  const rows = await sqlOf(em)<OpenPaymentRow>(
    `SELECT id, reference, gateway, checkout_id, gateway_payment_id, amount, currency, status, created_at FROM payments_payments
     WHERE tenant_id = ? AND status IN ('created', 'pending') AND created_at < ? AND created_at > ?
     ORDER BY created_at LIMIT ${BATCH}`,
    [tenant.id, new Date(now.getTime() - afterMinutes * 60_000), new Date(now.getTime() - forDays * 86_400_000)],
  );
  const gateways = new Map(tenantGateways(settings, input.registry).map((g) => [g.id, g]));
  const summary: ReconcileSummary = { checked: 0, moved: 0, expired: 0, failed: 0 };
  for (const row of rows) {
    const gateway = gateways.get(row.gateway);
    if (!gateway) continue;
    summary.checked++;
    const deps: ApplyDeps = { tenant, em, portal: input.portal, gateway, log: input.log };
    const known = { reference: row.reference, checkoutId: row.checkout_id, gatewayPaymentId: row.gateway_payment_id, amountCents: toCents(row.amount), currency: String(row.currency).trim() };
    try {
      const state = await gateway.adapter.lookup(gatewayContext(tenant, em, settings, gateway, () => now), known);
      if (state) {
        const result = await applyObservation(deps, { source: 'reconcile', eventKey: lookupKey(state, row.reference), state, paymentId: row.id });
        if (result.outcome === 'applied') summary.moved++;
        continue;
      }
      const stale = now.getTime() - new Date(row.created_at).getTime() > expireAfterHours * 3_600_000;
      if (stale && row.status === 'created') {
        const result = await applyObservation(deps, {
          source: 'reconcile',
          eventKey: `expire:${row.reference}`,
          paymentId: row.id,
          state: { status: 'cancelled', detail: 'expired', gatewayPaymentId: null, reference: row.reference, amountCents: known.amountCents, currency: known.currency, paidAt: null },
        });
        if (result.outcome === 'applied') summary.expired++;
      }
    } catch (err) {
      summary.failed++;
      input.log.warn({ tenant: tenant.id, gateway: row.gateway, reference: row.reference, err: (err as Error).message }, 'could not reconcile payment');
    }
  }
  return summary;
}
