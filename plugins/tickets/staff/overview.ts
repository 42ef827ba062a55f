import { sql, type StaffOverviewContext, type StaffOverviewValue } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import { dueSql } from '../sla/due-sql.ts';
import { Ticket } from '../entities.ts';

/** A day without an answer is what customers start to call "nobody answers". */
const WAITING_TOO_LONG_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** Tickets waiting for the provider, against the same figure a day earlier; flagged when one has waited more than a day. */
export async function waitingCount({ em, tenant }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const count = await em.count(Ticket, { status: 'open' });
  const overdue = count ? await em.count(Ticket, { status: 'open', lastActivityAt: { $lt: new Date(Date.now() - WAITING_TOO_LONG_MS) } }) : 0;
  return { count, previous: await waitingAt(em, tenant.id, new Date(Date.now() - DAY_MS)), attention: overdue > 0 };
}

/**
 * How many tickets were waiting for the provider at `at`, replayed from the status history: a
 * ticket starts open and takes the status of its last change before then. Only tickets not yet
 * closed by then can count, which keeps the old closed ones out of the scan.
 */
async function waitingAt(em: StaffOverviewContext['em'], tenantId: string, at: Date): Promise<number> {
  const [row] = await em.getConnection().execute<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM tickets t
     WHERE t.tenant_id = ? AND t.created_at <= ? AND (t.closed_at IS NULL OR t.closed_at > ?)
       AND COALESCE((SELECT e.to_status FROM tickets_events e
                     WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id AND e.kind = 'status' AND e.created_at <= ?
                     ORDER BY e.created_at DESC, e.id DESC LIMIT 1), 'open') = 'open'`,
    [tenantId, at, at, at],
    'all',
    em.getTransactionContext(),
  );
  return Number(row.n);
}

/** Tickets whose first-answer or resolution time has run out and that are still not closed. */
export async function breachedCount({ em, tenant, settings }: StaffOverviewContext): Promise<StaffOverviewValue> {
  const { due } = dueSql(settings as unknown as TicketsSettings);
  const [row] = await sql<{ n: number }>(em, `SELECT count(*)::int AS n FROM tickets t WHERE t.tenant_id = ? AND t.status <> 'closed' AND ${due} < now()`, [tenant.id]);
  return { count: Number(row.n), attention: Number(row.n) > 0 };
}
