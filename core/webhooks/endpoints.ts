import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { endpointOwner, type SecretBox } from './secret-box.ts';

export interface EndpointRow {
  id: number;
  url: string;
  description: string | null;
  events: string[];
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | null;
}

/** api_webhook_endpoints as its queries read it; events is jsonb, text on some connections. */
interface EndpointRecord {
  id: number;
  url: string;
  description: string | null;
  events: string[] | string;
  created_by: string;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

export interface NewEndpoint {
  url: string;
  description?: string | null;
  events: string[];
  createdBy: string;
}

/**
 * A URL the portal may post to: http(s), no credentials in it, HTTPS in production (deliveries
 * carry customer data). Returns the problem, or null.
 */
export function endpointUrlProblem(raw: string, requireHttps: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must start with https://';
  if (requireHttps && url.protocol !== 'https:') return 'must use https';
  if (url.username || url.password) return 'must not contain a user or password';
  if (raw.length > 2000) return 'longer than 2000 characters';
  return null;
}

/** Stores the endpoint and returns its signing secret in clear, the only time it is shown. */
export async function createEndpoint(em: EntityManager, box: SecretBox, tenantId: string, input: NewEndpoint): Promise<{ id: number; secret: string }> {
  const conn = em.getConnection();
  const ctx: unknown = em.getTransactionContext();
  // The id is part of what the sealed secret is bound to, so it is taken before the insert.
  const [{ id }] = await conn.execute<{ id: number }[]>(`SELECT nextval('api_webhook_endpoints_id_seq')::int AS id`, [], 'all', ctx);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await conn.execute(
    `INSERT INTO api_webhook_endpoints (id, tenant_id, url, description, events, secret_sealed, created_by) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [id, tenantId, input.url, input.description ?? null, JSON.stringify([...new Set(input.events)].sort()), box.seal(secret, endpointOwner(tenantId, id)), input.createdBy],
    'run',
    ctx,
  );
  return { id, secret };
}

export async function listEndpoints(em: EntityManager, tenantId: string): Promise<(EndpointRow & { pending: number; failed: number; delivered: number })[]> {
  const rows = await em.getConnection().execute<(EndpointRecord & { pending: number; failed: number; delivered: number })[]>(
    `SELECT e.id, e.url, e.description, e.events, e.created_by, e.created_at, e.disabled_at,
            count(d.id) FILTER (WHERE d.status = 'pending')::int AS pending,
            count(d.id) FILTER (WHERE d.status = 'failed')::int AS failed,
            count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered
     FROM api_webhook_endpoints e LEFT JOIN api_webhook_deliveries d ON d.endpoint_id = e.id
     WHERE e.tenant_id = ? GROUP BY e.id ORDER BY e.disabled_at IS NOT NULL, e.created_at DESC`,
    [tenantId],
  );
  return rows.map((r) => ({ ...toRow(r), pending: r.pending, failed: r.failed, delivered: r.delivered }));
}

export async function findEndpoint(em: EntityManager, tenantId: string, id: number): Promise<EndpointRow | null> {
  const [row] = await em.getConnection().execute<EndpointRecord[]>(
    `SELECT id, url, description, events, created_by, created_at, disabled_at FROM api_webhook_endpoints WHERE tenant_id = ? AND id = ?`,
    [tenantId, id],
  );
  return row ? toRow(row) : null;
}

/** Pending deliveries are cancelled when the worker reaches them. */
export async function disableEndpoint(em: EntityManager, tenantId: string, id: number): Promise<boolean> {
  const res = await em.getConnection().execute<{ affectedRows: number }>(
    `UPDATE api_webhook_endpoints SET disabled_at = now() WHERE tenant_id = ? AND id = ? AND disabled_at IS NULL`,
    [tenantId, id],
    'run',
    em.getTransactionContext(),
  );
  return res.affectedRows > 0;
}

function toRow(r: EndpointRecord): EndpointRow {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: typeof r.events === 'string' ? (JSON.parse(r.events) as string[]) : r.events,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
  };
}
