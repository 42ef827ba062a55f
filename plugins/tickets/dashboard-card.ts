import type { DashboardCardContext } from '../../core/plugins/define-plugin.ts';
import { Ticket } from './entities.ts';

/** The customer's tickets in progress, and how many have an answer to read; no card without any. */
export async function dashboardCardData({ em, customerId }: DashboardCardContext): Promise<Record<string, unknown> | null> {
  const open = await em.count(Ticket, { customerId, status: 'open' });
  const answered = await em.count(Ticket, { customerId, status: 'answered' });
  if (open + answered === 0) return null;
  return { open, answered, inProgress: open + answered };
}
