import type { EntityManager } from '@mikro-orm/postgresql';

export interface OutboxListRow {
  id: number;
  to: string;
  subject: string;
  status: 'pending' | 'failed';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
}

/** One tenant's emails not delivered yet: failed first (they need someone), then waiting, newest first. */
export async function undeliveredMail(em: EntityManager, tenantId: string, page: number, size: number): Promise<{ rows: OutboxListRow[]; total: number }> {
  const conn = em.getConnection();
  const rows = await conn.execute<{
    id: number | string; to_address: string; subject: string; status: 'pending' | 'failed'; attempts: number | string; last_error: string | null;
    next_attempt_at: Date | string; created_at: Date | string;
  }[]>(
    `SELECT id, to_address, subject, status, attempts, last_error, next_attempt_at, created_at FROM mail_outbox
     WHERE tenant_id = ? AND status IN ('failed', 'pending')
     ORDER BY status = 'failed' DESC, id DESC LIMIT ? OFFSET ?`,
    [tenantId, size, (page - 1) * size],
  );
  const [{ n }] = await conn.execute<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = ? AND status IN ('failed', 'pending')`,
    [tenantId],
  );
  return {
    rows: rows.map((r) => ({
      id: Number(r.id),
      to: r.to_address,
      subject: r.subject,
      status: r.status,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      nextAttemptAt: new Date(r.next_attempt_at),
      createdAt: new Date(r.created_at),
    })),
    total: n,
  };
}

/**
 * Puts a failed email back in the queue, due now, with a fresh series of attempts. Only a failed
 * one of this tenant: a second click, or another tenant's id, changes nothing.
 */
export async function retryMail(em: EntityManager, tenantId: string, id: number): Promise<{ to: string } | null> {
  const rows = await em.getConnection().execute<{ to_address: string }[]>(
    `UPDATE mail_outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'failed' RETURNING to_address`,
    [tenantId, id],
  );
  return rows[0] ? { to: rows[0].to_address } : null;
}
