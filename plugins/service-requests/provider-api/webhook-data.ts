import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from 'portal/sdk';
import { decisionOf, REQUEST_FROM, REQUEST_SELECT, requestItemOf } from './request-view.ts';

type Ctx = { tenant: Tenant; em: EntityManager };

async function requestRow(payload: Record<string, unknown>, ctx: Ctx) {
  const [row] = await ctx.em
    .getConnection()
    .execute(`${REQUEST_SELECT} ${REQUEST_FROM} AND r.id = ?`, [ctx.tenant.id, Number(payload.requestId)], 'all', ctx.em.getTransactionContext());
  return row as Record<string, any> | undefined;
}

/** A new request, as GET /service-requests lists it, with what the customer answered. */
export async function requestSubmittedData(payload: Record<string, unknown>, ctx: Ctx) {
  const row = await requestRow(payload, ctx);
  return row ? { ...requestItemOf(row), answers: row.data ?? {} } : null;
}

/**
 * Only approvals and rejections: `service-requests.status-changed` also reports a request taken
 * for review or waiting for the customer, which the provider has no use for.
 */
export async function requestDecidedData(payload: Record<string, unknown>, ctx: Ctx) {
  if (payload.status !== 'approved' && payload.status !== 'rejected') return null;
  const row = await requestRow(payload, ctx);
  return row ? { ...requestItemOf(row), decision: decisionOf(row) } : null;
}
