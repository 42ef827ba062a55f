import type { StaffOverviewContext, StaffOverviewValue } from 'portal/sdk';
import { countReported } from '../data/reports.ts';
import { approvedBetween } from '../data/payments.ts';
import { sqlOf } from '../data/sql.ts';

/** Reports wait at most this long before the card asks for attention. */
const REPORT_PROMISE_MS = 48 * 3_600_000;

export async function reportedCount({ em, tenant }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const [count, late] = await Promise.all([countReported(em, tenant.id), countReported(em, tenant.id, new Date(Date.now() - REPORT_PROMISE_MS))]);
  return { count, attention: late > 0 };
}

export async function agreementRequestsCount({ em, tenant }: StaffOverviewContext): Promise<number> {
  const [row] = await sqlOf(em)<{ n: number }>(`SELECT count(*)::int AS n FROM payments_agreements WHERE tenant_id = ? AND status = 'pending'`, [tenant.id]);
  return Number(row.n);
}

/** Online payments approved since midnight in the tenant's zone, against the whole of yesterday. */
export async function paidTodayCount({ em, tenant }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const midnight = zonedMidnight(tenant.timezone, new Date());
  const yesterday = new Date(midnight.getTime() - 86_400_000);
  const [count, previous] = await Promise.all([approvedBetween(em, tenant.id, midnight, new Date(Date.now() + 60_000)), approvedBetween(em, tenant.id, yesterday, midnight)]);
  return { count, previous };
}

/** The instant today began in `timeZone` (Argentina has no daylight saving, but others may). */
function zonedMidnight(timeZone: string, now: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]),
  );
  const sinceMidnight = (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 + now.getMilliseconds();
  return new Date(now.getTime() - sinceMidnight);
}
