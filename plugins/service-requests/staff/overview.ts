import type { StaffOverviewContext, StaffOverviewValue } from '../../../core/plugins/define-plugin.ts';
import { ServiceRequest } from '../entities.ts';
import { OPEN_STATUSES } from '../lib/states.ts';
import type { ServiceRequestsSettings } from '../settings.ts';

/** Open requests; highlighted when one has waited longer than the tenant promises. */
export async function openCount({ em, settings }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const open = { status: { $in: [...OPEN_STATUSES] } };
  const days = (settings as unknown as ServiceRequestsSettings).attentionAfterDays ?? 3;
  const [count, late] = await Promise.all([
    em.count(ServiceRequest, open),
    em.count(ServiceRequest, { ...open, createdAt: { $lt: new Date(Date.now() - days * 86_400_000) } }),
  ]);
  return { count, attention: late > 0 };
}
