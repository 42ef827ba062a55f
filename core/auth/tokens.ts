import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

export type TokenKind = 'verify' | 'reset';

export interface AuthToken {
  id: number;
  kind: TokenKind;
  customerId: number | null;
  accountId: number | null;
  email: string | null;
}

export type TokenLookup =
  | { status: 'valid'; token: AuthToken }
  | { status: 'expired' | 'used'; token: AuthToken }
  | { status: 'unknown' };

/** 32 random bytes in base64url: exactly 43 characters, safe in a URL without escaping. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * Single-use tokens for email links. Only the SHA-256 is stored, so the table alone opens no
 * account. Raw SQL (the ORM's tenant filter does not reach it) always names the tenant, and runs
 * in the caller's transaction when there is one.
 */
export async function issueToken(
  em: EntityManager,
  tenantId: string,
  input: { kind: TokenKind; minutes: number; customerId?: number | null; accountId?: number | null; email?: string | null },
): Promise<string> {
  const raw = randomBytes(32).toString('base64url');
  await run(em, 'run',
    `INSERT INTO auth_tokens (tenant_id, kind, token_hash, customer_id, account_id, email, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, now() + (? * interval '1 minute'))`,
    [tenantId, input.kind, hashToken(raw), input.customerId ?? null, input.accountId ?? null, input.email ?? null, input.minutes],
  );
  return raw;
}

export async function lookupToken(em: EntityManager, tenantId: string, kind: TokenKind, raw: unknown): Promise<TokenLookup> {
  if (typeof raw !== 'string' || !TOKEN_SHAPE.test(raw)) return { status: 'unknown' };
  const rows = await run<{
    id: number | string; kind: TokenKind; customer_id: number | null; account_id: number | null; email: string | null; used_at: Date | null; expired: boolean;
  }[]>(em, 'all',
    `SELECT id, kind, customer_id, account_id, email, used_at, expires_at <= now() AS expired
     FROM auth_tokens WHERE token_hash = ? AND tenant_id = ? AND kind = ?`,
    [hashToken(raw), tenantId, kind],
  );
  const row = rows[0];
  if (!row) return { status: 'unknown' };
  const token: AuthToken = { id: Number(row.id), kind: row.kind, customerId: row.customer_id, accountId: row.account_id, email: row.email };
  if (row.used_at) return { status: 'used', token };
  if (row.expired) return { status: 'expired', token };
  return { status: 'valid', token };
}

/** Marks the token used; false when another request used it first or it expired meanwhile. */
export async function consumeToken(em: EntityManager, tenantId: string, id: number): Promise<boolean> {
  const res = await run<{ affectedRows: number }>(em, 'run',
    `UPDATE auth_tokens SET used_at = now() WHERE id = ? AND tenant_id = ? AND used_at IS NULL AND expires_at > now()`,
    [id, tenantId],
  );
  return (res.affectedRows ?? 0) === 1;
}

/** Once one link has done its job, the other links still in mailboxes must stop working. */
export async function retireTokens(em: EntityManager, tenantId: string, kind: TokenKind, owner: { customerId?: number; accountId?: number }): Promise<void> {
  const column = owner.customerId != null ? 'customer_id' : 'account_id';
  const id = owner.customerId ?? owner.accountId;
  if (id == null) return;
  await run(em, 'run',
    `UPDATE auth_tokens SET used_at = now() WHERE tenant_id = ? AND kind = ? AND ${column} = ? AND used_at IS NULL`,
    [tenantId, kind, id],
  );
}

/** Links sent to one customer lately: a cap on mail a stranger can make us send them. */
export async function countRecentTokens(em: EntityManager, tenantId: string, kind: TokenKind, customerId: number, minutes: number): Promise<number> {
  const rows = await run<{ n: string | number }[]>(em, 'all',
    `SELECT count(*) AS n FROM auth_tokens
     WHERE tenant_id = ? AND kind = ? AND customer_id = ? AND created_at > now() - (? * interval '1 minute')`,
    [tenantId, kind, customerId, minutes],
  );
  return Number(rows[0]?.n ?? 0);
}

async function run<T>(em: EntityManager, method: 'all' | 'run', sql: string, params: unknown[]): Promise<T> {
  return (await em.getConnection().execute(sql, params as any[], method, em.getTransactionContext())) as T;
}
