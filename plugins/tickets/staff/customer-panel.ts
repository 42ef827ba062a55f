import { type StaffCustomerPanelContext, sql } from 'portal/sdk';

const SHOWN = 10;

interface TicketRow {
  number: number;
  subject: string;
  status: string;
  last_activity_at: Date;
  total: string;
  waiting: string;
}

/**
 * The customer's latest tickets on the staff customer page, newest activity first, and how many
 * wait for an answer: the login's own, or on the page of an unclaimed account, none (a ticket
 * needs a login to be opened).
 */
export async function ticketsPanel({ em, tenant, customer }: StaffCustomerPanelContext): Promise<Record<string, unknown> | null> {
  if (!customer) return null;
  const rows = await sql<TicketRow>(
    em,
    `SELECT number, subject, status, last_activity_at, count(*) OVER () AS total, count(*) FILTER (WHERE status = 'open') OVER () AS waiting
     FROM tickets WHERE tenant_id = ? AND customer_id = ? ORDER BY last_activity_at DESC, id DESC LIMIT ?`,
    [tenant.id, customer.id, SHOWN],
  );
  return {
    tickets: rows.map((r) => ({ number: r.number, subject: r.subject, status: r.status, at: new Date(r.last_activity_at) })),
    total: rows.length ? Number(rows[0].total) : 0,
    waiting: rows.length ? Number(rows[0].waiting) : 0,
  };
}
