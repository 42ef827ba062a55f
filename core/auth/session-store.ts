import { createHash, randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';

export interface SessionRow {
  idHash: string;
  tenantId: string;
  customerId: number | null;
  data: Record<string, unknown>;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface SessionTimeouts {
  idleMinutes: number;
  absoluteHours: number;
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** 128 bits of randomness, as ASVS asks, in a cookie-safe alphabet. */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Sessions live in PostgreSQL so logout and "end my other sessions" really end them, and
 * several portal processes share them. Rows are keyed by the SHA-256 of the cookie value: a
 * leaked table does not hand out live cookies. Every query names the tenant.
 */
export class SessionStore {
  readonly #orm: MikroORM;
  readonly #timeouts: SessionTimeouts;

  constructor(orm: MikroORM, timeouts: SessionTimeouts) {
    this.#orm = orm;
    this.#timeouts = timeouts;
  }

  get timeouts(): SessionTimeouts {
    return this.#timeouts;
  }

  #conn() {
    return this.#orm.em.getConnection();
  }

  async find(tenantId: string, id: string): Promise<SessionRow | null> {
    const rows = await this.#conn().execute<any[]>(
      `SELECT id_hash, tenant_id, customer_id, data, created_at, last_seen_at, ip, user_agent FROM sessions
       WHERE id_hash = ? AND tenant_id = ? AND expires_at > now()
         AND last_seen_at > now() - (? * interval '1 minute')`,
      [hashSessionId(id), tenantId, this.#timeouts.idleMinutes],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async create(tenantId: string, customerId: number, meta: { ip?: string; userAgent?: string }, data: Record<string, unknown> = {}): Promise<string> {
    const id = newSessionId();
    await this.#conn().execute(
      `INSERT INTO sessions (id_hash, tenant_id, customer_id, data, expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?::jsonb, now() + (? * interval '1 hour'), ?, ?)`,
      [hashSessionId(id), tenantId, customerId, JSON.stringify(data), this.#timeouts.absoluteHours, meta.ip ?? null, (meta.userAgent ?? '').slice(0, 255)],
    );
    return id;
  }

  /** Marks the session used; throttled to once a minute so reads stay reads. */
  async touch(row: SessionRow): Promise<void> {
    if (Date.now() - row.lastSeenAt.getTime() < 60_000) return;
    await this.#conn().execute('UPDATE sessions SET last_seen_at = now() WHERE id_hash = ?', [row.idHash]);
  }

  async saveData(row: SessionRow): Promise<void> {
    await this.#conn().execute('UPDATE sessions SET data = ?::jsonb WHERE id_hash = ?', [JSON.stringify(row.data), row.idHash]);
  }

  async destroy(tenantId: string, idHash: string): Promise<void> {
    await this.#conn().execute('DELETE FROM sessions WHERE id_hash = ? AND tenant_id = ?', [idHash, tenantId]);
  }

  async listForCustomer(tenantId: string, customerId: number): Promise<SessionRow[]> {
    const rows = await this.#conn().execute<any[]>(
      `SELECT id_hash, tenant_id, customer_id, data, created_at, last_seen_at, ip, user_agent FROM sessions
       WHERE tenant_id = ? AND customer_id = ? AND expires_at > now()
         AND last_seen_at > now() - (? * interval '1 minute')
       ORDER BY last_seen_at DESC`,
      [tenantId, customerId, this.#timeouts.idleMinutes],
    );
    return rows.map(toRow);
  }

  /** Ends every session of a customer but `keepHash` (after a password change or reset). */
  async destroyForCustomer(tenantId: string, customerId: number, keepHash?: string): Promise<number> {
    const res = await this.#conn().execute<{ affectedRows: number }>(
      'DELETE FROM sessions WHERE tenant_id = ? AND customer_id = ? AND id_hash <> ?',
      [tenantId, customerId, keepHash ?? ''],
      'run',
    );
    return res.affectedRows ?? 0;
  }

  async purgeExpired(): Promise<void> {
    await this.#conn().execute(
      `DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - (? * interval '1 minute')`,
      [this.#timeouts.idleMinutes],
    );
  }
}

function toRow(r: any): SessionRow {
  return {
    idHash: r.id_hash,
    tenantId: r.tenant_id,
    customerId: r.customer_id,
    data: r.data ?? {},
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
    ip: r.ip,
    userAgent: r.user_agent,
  };
}
