import type { StaffOverviewContext, StaffOverviewValue } from '../../../core/plugins/define-plugin.ts';
import { Ticket } from '../entities.ts';

/** A day without an answer is what customers start to call "nobody answers". */
const WAITING_TOO_LONG_MS = 24 * 3_600_000;

/** Tickets waiting for the provider; flagged when one has waited more than a day. */
export async function waitingCount({ em }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const count = await em.count(Ticket, { status: 'open' });
  const overdue = count ? await em.count(Ticket, { status: 'open', lastActivityAt: { $lt: new Date(Date.now() - WAITING_TOO_LONG_MS) } }) : 0;
  return { count, attention: overdue > 0 };
}
