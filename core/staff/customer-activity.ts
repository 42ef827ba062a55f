import type { FastifyRequest } from 'fastify';

export interface ActivityRow {
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  outcome: string;
  subject: string | null;
  ip: string | null;
}

/**
 * What the audit trail says about one customer: what they did (actor), and what was done about
 * them, which core records under their id, their account numbers or their email (subject).
 */
export async function customerActivity(request: FastifyRequest, customer: { id: number; email: string | null }, accountNumbers: string[], limit = 15): Promise<ActivityRow[]> {
  const subjects = [String(customer.id), ...accountNumbers, ...(customer.email ? [customer.email.toLowerCase()] : [])];
  const rows = await request.em.getConnection().execute<{
    at: Date | string; actor_type: string; actor_id: string | null; action: string; outcome: string; subject: string | null; ip: string | null;
  }[]>(
    `SELECT at, actor_type, actor_id, action, outcome, subject, ip FROM audit_log
     WHERE tenant_id = ?
       AND ((actor_type = 'customer' AND actor_id = ?) OR lower(subject) = ANY(?::text[]))
     ORDER BY at DESC, id DESC LIMIT ?`,
    [request.tenant.id, String(customer.id), `{${subjects.map(pgArrayItem).join(',')}}`, limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    outcome: r.outcome,
    subject: r.subject,
    ip: r.ip,
  }));
}

/** An element of a PostgreSQL array literal, quoted so commas, braces and quotes stay inside it. */
function pgArrayItem(value: string): string {
  return `"${value.toLowerCase().replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
