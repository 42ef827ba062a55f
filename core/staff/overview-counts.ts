import type { FastifyRequest } from 'fastify';

export interface CoreCounts {
  customers: number;
  accountsWithoutLogin: number;
  loginsToday: number;
  loginsYesterday: number;
  activeSessions: number;
  mailPending: number;
  mailFailed: number;
}

/**
 * Core's figures for the tenant overview in one round trip. "Today" is the tenant's calendar day
 * (its time zone), not the server's.
 */
export async function coreCounts(request: FastifyRequest, idleMinutes: number): Promise<CoreCounts> {
  const t = request.tenant;
  // count(*) is bigint: the driver hands it over as text.
  const rows = await request.em.getConnection().execute<Record<'customers' | 'accounts_without_login' | 'logins_today' | 'logins_yesterday' | 'active_sessions' | 'mail_pending' | 'mail_failed', string>[]>(
    `WITH day AS (SELECT (date_trunc('day', now() AT TIME ZONE ?) AT TIME ZONE ?) AS start)
     SELECT
       (SELECT count(*) FROM customers WHERE tenant_id = ?) AS customers,
       (SELECT count(*) FROM accounts WHERE tenant_id = ? AND customer_id IS NULL) AS accounts_without_login,
       (SELECT count(*) FROM audit_log, day WHERE tenant_id = ? AND action = 'login' AND outcome = 'success' AND at >= day.start) AS logins_today,
       (SELECT count(*) FROM audit_log, day WHERE tenant_id = ? AND action = 'login' AND outcome = 'success'
          AND at >= day.start - interval '1 day' AND at < day.start) AS logins_yesterday,
       (SELECT count(*) FROM sessions WHERE tenant_id = ? AND expires_at > now()
          AND last_seen_at > now() - (? * interval '1 minute')) AS active_sessions,
       (SELECT count(*) FROM mail_outbox WHERE tenant_id = ? AND status = 'pending') AS mail_pending,
       (SELECT count(*) FROM mail_outbox WHERE tenant_id = ? AND status = 'failed') AS mail_failed`,
    [t.timezone, t.timezone, t.id, t.id, t.id, t.id, t.id, idleMinutes, t.id, t.id],
  );
  const r = rows[0];
  return {
    customers: Number(r.customers),
    accountsWithoutLogin: Number(r.accounts_without_login),
    loginsToday: Number(r.logins_today),
    loginsYesterday: Number(r.logins_yesterday),
    activeSessions: Number(r.active_sessions),
    mailPending: Number(r.mail_pending),
    mailFailed: Number(r.mail_failed),
  };
}
