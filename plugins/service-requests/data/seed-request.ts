import type { EntityManager } from '@mikro-orm/postgresql';
import type { DemoSeedContext } from 'portal/sdk';
import { ServiceRequest } from '../entities.ts';
import { OPEN_STATUSES, transition, type Action } from '../domain/states.ts';
import type { AccountRow, RequestType, ServiceRow } from '../types/contract.ts';
import { storeFiles } from '../documents/store-files.ts';
import { fileRequest } from './file-request.ts';
import { addEvent } from './add-event.ts';

export interface DemoRequest {
  /** Stable key: seeding again finds the request and leaves it as it is. */
  externalId: string;
  type: RequestType;
  account: AccountRow;
  service: ServiceRow | null;
  data: Record<string, unknown>;
  files?: { slot: string; filename: string; data: Buffer; mime: string }[];
  /** Days ago it was filed; each step a day later. */
  daysAgo: number;
  steps: { action: Exclude<Action, 'approve' | 'reject'> | 'approved' | 'rejected'; message?: string }[];
}

/**
 * A request as it would stand after customers and staff worked on it, for the demo: filed, then
 * moved through its steps, back-dated, without emails. A decided one is recorded as decided
 * without running the type's hook: the demo data already shows the outcome.
 */
export async function seedDemoRequest(ctx: DemoSeedContext, demo: DemoRequest): Promise<boolean> {
  const { em, tenant } = ctx;
  if (await em.findOne(ServiceRequest, { externalId: demo.externalId })) return false;
  const clash = await em.findOne(ServiceRequest, { type: demo.type.id, accountId: demo.account.id, serviceId: demo.service?.id ?? null, status: { $in: [...OPEN_STATUSES] } });
  if (clash) return false;
  const stored = await storeFiles(ctx.portal.files, tenant.id, demo.files ?? []);
  const row = await fileRequest(em, ctx.portal, {
    tenant,
    type: demo.type,
    accountId: demo.account.id,
    serviceId: demo.service?.id ?? null,
    customerId: demo.account.customerId ?? null,
    data: demo.data,
    files: stored,
    actor: { type: 'customer', id: demo.account.customerId ?? null },
    externalId: demo.externalId,
    notify: false,
  });
  for (const step of demo.steps) {
    const action: Action = step.action === 'approved' ? 'approve' : step.action === 'rejected' ? 'reject' : step.action;
    const next = transition(action);
    row.status = next.to;
    const actor = action === 'reply' ? { type: 'customer' as const, id: row.customerId ?? null } : { type: 'staff' as const, id: null };
    await addEvent(em, tenant.id, row.id, actor, next.kind, next.to, step.message ?? null);
    if (action === 'approve' || action === 'reject') {
      row.decidedAt = new Date();
      row.decisionNote = action === 'reject' ? (step.message ?? null) : null;
    }
  }
  await em.flush();
  await backdate(em, tenant.id, row.id, demo.daysAgo);
  return true;
}

/** Spreads the history over the days since filing, one step a day, as it would have happened. */
async function backdate(em: EntityManager, tenantId: string, requestId: number, daysAgo: number): Promise<void> {
  const conn = em.getConnection();
  const tx: unknown = em.getTransactionContext();
  await conn.execute(
    `UPDATE service_request_events e SET at = now() - ? * interval '1 day' + (n.step - 1) * interval '26 hours'
     FROM (SELECT id, row_number() OVER (ORDER BY id) AS step FROM service_request_events WHERE tenant_id = ? AND request_id = ?) n
     WHERE e.id = n.id`,
    [daysAgo, tenantId, requestId],
    'run',
    tx,
  );
  await conn.execute(
    `UPDATE service_requests r SET created_at = f.first, updated_at = f.last, decided_at = CASE WHEN r.decided_at IS NULL THEN NULL ELSE f.last END
     FROM (SELECT min(at) AS first, max(at) AS last FROM service_request_events WHERE tenant_id = ? AND request_id = ?) f
     WHERE r.tenant_id = ? AND r.id = ?`,
    [tenantId, requestId, tenantId, requestId],
    'run',
    tx,
  );
  await conn.execute(`UPDATE service_request_documents SET created_at = (SELECT created_at FROM service_requests WHERE id = ?) WHERE tenant_id = ? AND request_id = ?`, [requestId, tenantId, requestId], 'run', tx);
}
