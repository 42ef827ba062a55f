import { sql, type StaffOverviewContext, type StaffOverviewValue } from 'portal/sdk';
import { dueSql } from './promised-times.ts';
import { ServiceRequest } from '../entities.ts';
import { OPEN_STATUSES } from '../domain/states.ts';
import type { ServiceRequestsSettings } from '../settings.ts';

const DAY_MS = 86_400_000;

/** Open requests against a day earlier; highlighted when one has waited longer than the tenant promises. */
export async function openCount({ em, settings }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const open = { status: { $in: [...OPEN_STATUSES] } };
  const days = (settings as unknown as ServiceRequestsSettings).attentionAfterDays ?? 3;
  const dayAgo = new Date(Date.now() - DAY_MS);
  const [count, late, previous] = await Promise.all([
    em.count(ServiceRequest, open),
    em.count(ServiceRequest, { ...open, createdAt: { $lt: new Date(Date.now() - days * DAY_MS) } }),
    // A request is open from its filing until its decision.
    em.count(ServiceRequest, { createdAt: { $lte: dayAgo }, $or: [{ decidedAt: null }, { decidedAt: { $gt: dayAgo } }] }),
  ]);
  return { count, previous, attention: late > 0 };
}

/** Open requests whose first-answer or resolution time has run out. */
export async function breachedCount({ em, tenant, settings }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const { due } = dueSql(settings as unknown as ServiceRequestsSettings);
  const [row] = await sql<{ n: number }>(em, `SELECT count(*)::int AS n FROM service_requests r WHERE r.tenant_id = ? AND ${due} < now()`, [tenant.id]);
  return { count: Number(row.n), attention: Number(row.n) > 0 };
}
