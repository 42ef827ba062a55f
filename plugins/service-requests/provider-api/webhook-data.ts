import type { EntityManager } from '@mikro-orm/postgresql';
import { type Tenant, sql } from 'portal/sdk';
import { decisionOf, REQUEST_FROM, REQUEST_SELECT, requestItemOf, type RequestItemRow } from './request-view.ts';

type Ctx = { tenant: Tenant; em: EntityManager };

async function requestRow(payload: Record<string, unknown>, ctx: Ctx): Promise<RequestItemRow | undefined> {
  const [row] = await sql<RequestItemRow>(ctx.em, `${REQUEST_SELECT} ${REQUEST_FROM} AND r.id = ?`, [ctx.tenant.id, Number(payload.requestId)]);
  return row;
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
