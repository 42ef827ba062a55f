import { sql, type EntityManager } from 'portal/sdk';

/** A row of `outage_notices` as the queries below return it. */
export interface NoticeRow {
  id: number;
  area: string;
  title: string;
  message: string;
  starts_at: Date;
  ends_at: Date;
  expired: boolean;
}

export interface NewNotice {
  area: string;
  title: string;
  message: string;
  startsAt: Date;
  endsAt: Date;
}

const COLUMNS = 'id, area, title, message, starts_at, ends_at, expired';

/** What customers of an area see: every notice that has not ended, soonest first. */
export async function currentNotices(em: EntityManager, tenantId: string, area: string, now: Date): Promise<NoticeRow[]> {
  return sql<NoticeRow>(
    em,
    `SELECT ${COLUMNS} FROM outage_notices WHERE tenant_id = ? AND area = ? AND NOT expired AND ends_at > ? ORDER BY starts_at, id`,
    [tenantId, area, now],
  );
}

/** The back office's list: the newest first, expired ones included. */
export async function latestNotices(em: EntityManager, tenantId: string, limit = 100): Promise<NoticeRow[]> {
  return sql<NoticeRow>(em, `SELECT ${COLUMNS} FROM outage_notices WHERE tenant_id = ? ORDER BY starts_at DESC, id DESC LIMIT ?`, [tenantId, limit]);
}

export async function addNotice(em: EntityManager, tenantId: string, notice: NewNotice): Promise<number> {
  const [row] = await sql<{ id: number }>(
    em,
    'INSERT INTO outage_notices (tenant_id, area, title, message, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [tenantId, notice.area, notice.title, notice.message, notice.startsAt, notice.endsAt],
  );
  return row.id;
}

/** Marks what ended by `slot` as expired; running a slot again changes nothing. */
export async function expireEnded(em: EntityManager, tenantId: string, slot: Date): Promise<void> {
  await sql(em, 'UPDATE outage_notices SET expired = true WHERE tenant_id = ? AND NOT expired AND ends_at <= ?', [tenantId, slot]);
}
