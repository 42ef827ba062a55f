import type { MikroORM } from '@mikro-orm/postgresql';
import { hashSessionId, newSessionId, type SessionTimeouts } from '../auth/session-store.ts';
import type { StaffSessionRow, StaffStage } from './request-types.ts';

/** Shorter than a customer's: a back office left open on a shared desk is the bigger risk. */
export const STAFF_SESSION_TIMEOUTS: SessionTimeouts = { idleMinutes: 30, absoluteHours: 12 };

const COLUMNS = 'id_hash, tenant_id, staff_user_id, stage, data, created_at, last_seen_at';

/** staff_sessions as COLUMNS reads it. */
interface SessionRecord {
  id_hash: string;
  tenant_id: string;
  staff_user_id: number;
  stage: StaffStage;
  data: Record<string, unknown> | null;
  created_at: Date | string;
  last_seen_at: Date | string;
}

/**
 * Server-side operator sessions, keyed like the customer ones by the SHA-256 of the cookie (same
 * id and hash functions), in their own table (see 002_staff.sql for why). Every query names the
 * tenant; a session of one tenant is unknown under another tenant's hostname.
 */
export class StaffSessionStore {
  readonly #orm: MikroORM;
  readonly timeouts: SessionTimeouts;

  constructor(orm: MikroORM, timeouts: SessionTimeouts = STAFF_SESSION_TIMEOUTS) {
    this.#orm = orm;
    this.timeouts = timeouts;
  }

  #conn() {
    return this.#orm.em.getConnection();
  }

  async find(tenantId: string, id: string): Promise<StaffSessionRow | null> {
    const rows = await this.#conn().execute<SessionRecord[]>(
      `SELECT ${COLUMNS} FROM staff_sessions
       WHERE id_hash = ? AND tenant_id = ? AND expires_at > now()
         AND created_at > now() - (? * interval '1 hour')
         AND last_seen_at > now() - (? * interval '1 minute')`,
      [hashSessionId(id), tenantId, this.timeouts.absoluteHours, this.timeouts.idleMinutes],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** A new id for every stage of a login: what a password-only session knew is not reused. */
  async create(tenantId: string, staffUserId: number, stage: StaffStage, meta: { ip?: string; userAgent?: string }): Promise<string> {
    const id = newSessionId();
    await this.#conn().execute(
      `INSERT INTO staff_sessions (id_hash, tenant_id, staff_user_id, stage, expires_at, ip, user_agent)
       VALUES (?, ?, ?, ?, now() + (? * interval '1 hour'), ?, ?)`,
      [hashSessionId(id), tenantId, staffUserId, stage, this.timeouts.absoluteHours, meta.ip ?? null, (meta.userAgent ?? '').slice(0, 255)],
    );
    return id;
  }

  async touch(row: StaffSessionRow): Promise<void> {
    if (Date.now() - row.lastSeenAt.getTime() < 60_000) return;
    await this.#conn().execute('UPDATE staff_sessions SET last_seen_at = now() WHERE id_hash = ?', [row.idHash]);
  }

  async saveData(row: StaffSessionRow): Promise<void> {
    await this.#conn().execute('UPDATE staff_sessions SET data = ?::jsonb WHERE id_hash = ? AND tenant_id = ?', [JSON.stringify(row.data), row.idHash, row.tenantId]);
  }

  async destroy(tenantId: string, idHash: string): Promise<void> {
    await this.#conn().execute('DELETE FROM staff_sessions WHERE id_hash = ? AND tenant_id = ?', [idHash, tenantId]);
  }

  /** After a lock, a role change or a credential reset: the operator starts again from the login. */
  async destroyForUser(tenantId: string, staffUserId: number): Promise<number> {
    const res = await this.#conn().execute<{ affectedRows: number }>(
      'DELETE FROM staff_sessions WHERE tenant_id = ? AND staff_user_id = ?',
      [tenantId, staffUserId],
      'run',
    );
    return res.affectedRows ?? 0;
  }

  /** Called at each login, which is rare enough to keep the table small without a scheduled job. */
  async purgeExpired(tenantId: string): Promise<void> {
    await this.#conn().execute(
      `DELETE FROM staff_sessions WHERE tenant_id = ?
         AND (expires_at <= now() OR created_at <= now() - (? * interval '1 hour') OR last_seen_at <= now() - (? * interval '1 minute'))`,
      [tenantId, this.timeouts.absoluteHours, this.timeouts.idleMinutes],
    );
  }
}

function toRow(r: SessionRecord): StaffSessionRow {
  return {
    idHash: r.id_hash,
    tenantId: r.tenant_id,
    staffUserId: r.staff_user_id,
    stage: r.stage,
    data: r.data ?? {},
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
  };
}
