import { type DashboardCardContext, sql } from 'portal/sdk';

/** The customer's tickets in progress, and how many have an answer to read; no card without any. */
export async function dashboardCardData({ em, tenant, customerId }: DashboardCardContext): Promise<Record<string, unknown> | null> {
  // Both counts in one round trip: the card is on every dashboard visit.
  const [row] = await sql<{ open: number; answered: number }>(
    em,
    `SELECT count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'answered')::int AS answered
     FROM tickets WHERE tenant_id = ? AND customer_id = ? AND status IN ('open', 'answered')`,
    [tenant.id, customerId],
  );
  if (row.open + row.answered === 0) return null;
  return { open: row.open, answered: row.answered, inProgress: row.open + row.answered };
}
