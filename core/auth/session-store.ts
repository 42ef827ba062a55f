import { createHash, randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { CurrentCustomer } from '../http/request-types.ts';
import { runSqlOn } from '../db/run-sql.ts';

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
 * The live session and its customer (unlocked) with their accounts; params: id hash, tenant,
 * absolute hours, idle minutes. Exported so the benchmark's baseline runs exactly this query.
 */
export const SIGNED_IN_SQL = `SELECT s.id_hash, s.tenant_id, s.customer_id, s.data, s.created_at, s.last_seen_at, s.ip, s.user_agent,
          c.name AS customer_name, c.email AS customer_email, c.must_change_password,
          coalesce((SELECT json_agg(json_build_object(
              'id', a.id, 'number', a.number, 'holderName', a.holder_name,
              'documentType', a.document_type, 'documentNumber', a.document_number, 'brandId', a.brand_id
            ) ORDER BY a.number)
            FROM accounts a WHERE a.customer_id = c.id AND a.tenant_id = c.tenant_id), '[]') AS accounts
   FROM sessions s
   JOIN customers c ON c.id = s.customer_id AND c.tenant_id = s.tenant_id AND c.locked_at IS NULL
   WHERE s.id_hash = ? AND s.tenant_id = ? AND s.expires_at > now()
     AND s.created_at > now() - (? * interval '1 hour')
     AND s.last_seen_at > now() - (? * interval '1 minute')`;

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

  /**
   * The live session and its customer (unlocked) with their accounts, in one round trip: this runs
   * on every signed-in request, and each query saved is throughput gained.
   */
  async findSignedIn(tenantId: string, id: string): Promise<{ session: SessionRow; customer: CurrentCustomer } | null> {
    const rows = await runSqlOn<SignedInRecord>(this.#conn(), undefined, SIGNED_IN_SQL, [hashSessionId(id), tenantId, this.#timeouts.absoluteHours, this.#timeouts.idleMinutes]);
    const r = rows[0];
    if (!r) return null;
    return {
      session: toRow(r),
      customer: {
        id: r.customer_id,
        name: r.customer_name,
        email: r.customer_email ?? null,
        mustChangePassword: r.must_change_password,
        accounts: typeof r.accounts === 'string' ? (JSON.parse(r.accounts) as CurrentCustomer['accounts']) : r.accounts,
      },
    };
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
    await this.#conn().execute('UPDATE sessions SET last_seen_at = now() WHERE id_hash = ? AND tenant_id = ?', [row.idHash, row.tenantId]);
  }

  async saveData(row: SessionRow): Promise<void> {
    await this.#conn().execute('UPDATE sessions SET data = ?::jsonb WHERE id_hash = ? AND tenant_id = ?', [JSON.stringify(row.data), row.idHash, row.tenantId]);
  }

  async destroy(tenantId: string, idHash: string): Promise<void> {
    await this.#conn().execute('DELETE FROM sessions WHERE id_hash = ? AND tenant_id = ?', [idHash, tenantId]);
  }

  async listForCustomer(tenantId: string, customerId: number): Promise<SessionRow[]> {
    const rows = await this.#conn().execute<SessionRecord[]>(
      `SELECT id_hash, tenant_id, customer_id, data, created_at, last_seen_at, ip, user_agent FROM sessions
       WHERE tenant_id = ? AND customer_id = ? AND expires_at > now()
         AND created_at > now() - (? * interval '1 hour')
         AND last_seen_at > now() - (? * interval '1 minute')
       ORDER BY last_seen_at DESC`,
      [tenantId, customerId, this.#timeouts.absoluteHours, this.#timeouts.idleMinutes],
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
      `DELETE FROM sessions
       WHERE expires_at <= now() OR created_at <= now() - (? * interval '1 hour') OR last_seen_at <= now() - (? * interval '1 minute')`,
      [this.#timeouts.absoluteHours, this.#timeouts.idleMinutes],
    );
  }
}

/** A `sessions` row as the driver returns it. */
interface SessionRecord {
  id_hash: string;
  tenant_id: string;
  customer_id: number | null;
  data: Record<string, unknown> | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  ip: string | null;
  user_agent: string | null;
}

/** The signed-in lookup: the session and its customer with their accounts (jsonb: text on the embedded driver). */
interface SignedInRecord extends SessionRecord {
  customer_id: number;
  customer_name: string;
  customer_email: string | null;
  must_change_password: boolean;
  accounts: CurrentCustomer['accounts'] | string;
}

function toRow(r: SessionRecord): SessionRow {
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
