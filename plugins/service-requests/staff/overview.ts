import type { StaffOverviewContext, StaffOverviewValue } from 'portal/sdk';
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
