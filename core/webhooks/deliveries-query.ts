import type { EntityManager } from '@mikro-orm/postgresql';

export interface DeliveryRow {
  id: number;
  event: string;
  eventId: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** api_webhook_deliveries as COLUMNS reads it. */
interface DeliveryRecord {
  id: number | string;
  event: string;
  event_id: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  delivered_at: Date | string | null;
  created_at: Date | string;
}

const COLUMNS = `d.id, d.event, d.event_id, d.status, d.attempts, d.last_status, d.last_error, d.last_attempt_at, d.delivered_at, d.created_at`;

export async function endpointDeliveries(em: EntityManager, tenantId: string, endpointId: number, page: number, pageSize: number): Promise<{ rows: DeliveryRow[]; total: number }> {
  const conn = em.getConnection();
  const rows = await conn.execute<DeliveryRecord[]>(
    `SELECT ${COLUMNS} FROM api_webhook_deliveries d WHERE d.tenant_id = ? AND d.endpoint_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`,
    [tenantId, endpointId, pageSize, (page - 1) * pageSize],
  );
  const [{ n }] = await conn.execute<{ n: number }[]>(`SELECT count(*)::int AS n FROM api_webhook_deliveries WHERE tenant_id = ? AND endpoint_id = ?`, [tenantId, endpointId]);
  return { rows: rows.map(toRow), total: n };
}

export async function findDelivery(em: EntityManager, tenantId: string, id: number) {
  const conn = em.getConnection();
  const [row] = await conn.execute<(DeliveryRecord & { endpoint_id: number; payload: unknown; job_id: string | null })[]>(`SELECT ${COLUMNS}, d.endpoint_id, d.payload, d.job_id FROM api_webhook_deliveries d WHERE d.tenant_id = ? AND d.id = ?`, [tenantId, id]);
  if (!row) return null;
  const attempts = await conn.execute<{ attempt: number; at: Date | string; status_code: number | null; error: string | null; duration_ms: number | null }[]>(
    `SELECT attempt, at, status_code, error, duration_ms FROM api_webhook_attempts WHERE tenant_id = ? AND delivery_id = ? ORDER BY attempt`,
    [tenantId, id],
  );
  return {
    ...toRow(row),
    endpointId: row.endpoint_id,
    payload: JSON.stringify(typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload, null, 2),
    attemptList: attempts.map((a) => ({ attempt: a.attempt, at: new Date(a.at), statusCode: a.status_code, error: a.error, ms: a.duration_ms })),
  };
}

/** A failed or cancelled delivery goes out again as a new job, with its history kept. */
export async function retryDelivery(em: EntityManager, tenantId: string, id: number): Promise<boolean> {
  const res = await em.getConnection().execute<{ affectedRows: number }>(
    `UPDATE api_webhook_deliveries SET status = 'pending', queued_at = NULL, job_id = gen_random_uuid()
     WHERE tenant_id = ? AND id = ? AND status IN ('failed', 'cancelled')`,
    [tenantId, id],
    'run',
  );
  return res.affectedRows > 0;
}

function toRow(r: DeliveryRecord): DeliveryRow {
  return {
    id: Number(r.id),
    event: r.event,
    eventId: r.event_id,
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    lastAttemptAt: r.last_attempt_at ? new Date(r.last_attempt_at) : null,
    deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
    createdAt: new Date(r.created_at),
  };
}
