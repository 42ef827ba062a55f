import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  rateLimit: number;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface NewApiKey {
  name: string;
  scopes: string[];
  /** Requests per minute; 600 when left out. */
  rateLimit?: number;
  /** `staff:<id>` or `cli:<user>`. */
  createdBy: string;
}

export const DEFAULT_RATE_LIMIT = 600;

/**
 * `ptl_<8 hex>_<43 base64url>`: the prefix tells keys apart in lists and logs, the rest is 256
 * random bits. With that much entropy no one guesses a key from its SHA-256, so a fast hash is
 * safe here (a slow one protects low-entropy passwords and would cost every API call ~50 ms).
 */
export function generateKey(): { key: string; prefix: string; hash: string } {
  const prefix = `ptl_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashKey(key) };
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Stores a new key and returns it in clear, the only time it exists outside the caller's hands. */
export async function createApiKey(em: EntityManager, tenantId: string, input: NewApiKey): Promise<{ id: number; key: string; prefix: string }> {
  const { key, prefix, hash } = generateKey();
  const [row] = await em.getConnection().execute<{ id: number }[]>(
    `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, rate_limit, created_by) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id`,
    [tenantId, input.name, prefix, hash, JSON.stringify(input.scopes), input.rateLimit ?? DEFAULT_RATE_LIMIT, input.createdBy],
    'all',
    em.getTransactionContext(),
  );
  return { id: row.id, key, prefix };
}

export async function listApiKeys(em: EntityManager, tenantId: string): Promise<ApiKeyRow[]> {
  const rows = await em.getConnection().execute<ApiKeyRecord[]>(
    `SELECT id, name, prefix, scopes, rate_limit, created_by, created_at, last_used_at, last_used_ip, revoked_at, revoked_by
     FROM api_keys WHERE tenant_id = ? ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`,
    [tenantId],
  );
  return rows.map(toRow);
}

export async function findApiKey(em: EntityManager, tenantId: string, id: number): Promise<ApiKeyRow | null> {
  const [row] = await em.getConnection().execute<ApiKeyRecord[]>(
    `SELECT id, name, prefix, scopes, rate_limit, created_by, created_at, last_used_at, last_used_ip, revoked_at, revoked_by
     FROM api_keys WHERE tenant_id = ? AND id = ?`,
    [tenantId, id],
  );
  return row ? toRow(row) : null;
}

/** Revokes at once; true when the key was active. */
export async function revokeApiKey(em: EntityManager, tenantId: string, id: number, by: string): Promise<boolean> {
  const res = await em.getConnection().execute<{ affectedRows: number }>(
    `UPDATE api_keys SET revoked_at = now(), revoked_by = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL`,
    [by, tenantId, id],
    'run',
    em.getTransactionContext(),
  );
  return res.affectedRows > 0;
}

/** A key's `scopes` column: jsonb, which the embedded database's driver hands over as text. */
export function scopesOf(column: string[] | string): string[] {
  return typeof column === 'string' ? (JSON.parse(column) as string[]) : column;
}

/** An `api_keys` row as the driver returns it. */
interface ApiKeyRecord {
  id: number;
  name: string;
  prefix: string;
  scopes: string[] | string;
  rate_limit: number;
  created_by: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  last_used_ip: string | null;
  revoked_at: Date | string | null;
  revoked_by: string | null;
}

function toRow(r: ApiKeyRecord): ApiKeyRow {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: scopesOf(r.scopes),
    rateLimit: r.rate_limit,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
    lastUsedIp: r.last_used_ip,
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    revokedBy: r.revoked_by,
  };
}
