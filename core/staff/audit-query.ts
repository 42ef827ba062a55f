import type { FastifyRequest } from 'fastify';
import { likePattern } from './pagination.ts';
import { sqlCursor } from '../db/sql-cursor.ts';

export interface AuditFilter {
  /** `staff.login` matches itself and `staff.login.totp`; `staff` matches every staff action. */
  action?: string;
  actorType?: string;
  actorId?: string;
  outcome?: string;
  /** Calendar days (yyyy-mm-dd) in the tenant's time zone, both included. */
  from?: string;
  to?: string;
  /** Part of the subject, case-insensitive. */
  subject?: string;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  subject: string | null;
  outcome: string;
  ip: string | null;
  details: string | null;
}

/** A real calendar day: PostgreSQL would turn 2026-02-30 into an error page. */
function isDay(value: string | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** The filter as a WHERE clause on `audit_log l`, tenant first. */
function whereOf(request: FastifyRequest, f: AuditFilter): { where: string[]; params: unknown[] } {
  const tz = request.tenant.timezone;
  const where = ['l.tenant_id = ?'];
  const params: unknown[] = [request.tenant.id];
  if (f.action) {
    where.push(`(l.action = ? OR l.action LIKE ?)`);
    params.push(f.action, `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`);
  }
  if (f.actorType) {
    where.push('l.actor_type = ?');
    params.push(f.actorType);
  }
  if (f.actorId) {
    where.push('l.actor_id = ?');
    params.push(f.actorId);
  }
  if (f.outcome) {
    where.push('l.outcome = ?');
    params.push(f.outcome);
  }
  if (isDay(f.from)) {
    where.push(`l.at >= (?::date::timestamp AT TIME ZONE ?)`);
    params.push(f.from, tz);
  }
  if (isDay(f.to)) {
    where.push(`l.at < ((?::date + 1)::timestamp AT TIME ZONE ?)`);
    params.push(f.to, tz);
  }
  if (f.subject) {
    where.push('l.subject ILIKE ?');
    params.push(likePattern(f.subject));
  }
  return { where, params };
}

/** Read-only (the table refuses anything else); operators' names come from staff_users of the same tenant. */
export async function queryAudit(request: FastifyRequest, f: AuditFilter, page: number, pageSize: number): Promise<{ rows: AuditRow[]; total: number }> {
  const { where, params } = whereOf(request, f);
  const rows = await request.em.getConnection().execute<{
    id: number | string; at: Date | string; actor_type: string; actor_id: string | null; action: string; subject: string | null;
    outcome: string; ip: string | null; details: unknown; staff_name: string | null; total: number | string;
  }[]>(
    `SELECT l.id, l.at, l.actor_type, l.actor_id, l.action, l.subject, l.outcome, l.ip, l.details,
            s.name AS staff_name, count(*) OVER () AS total
     FROM audit_log l
     LEFT JOIN staff_users s ON l.actor_type = 'staff' AND s.tenant_id = l.tenant_id AND s.id::text = l.actor_id
     WHERE ${where.join(' AND ')}
     ORDER BY l.at DESC, l.id DESC
     LIMIT ? OFFSET ?`,
    [...params, pageSize, (page - 1) * pageSize],
  );
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    rows: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorName: r.staff_name ?? null,
      action: r.action,
      subject: r.subject,
      outcome: r.outcome,
      ip: r.ip,
      details: r.details ? JSON.stringify(r.details).slice(0, 300) : null,
    })),
  };
}

export interface AuditExportRow {
  at: Date;
  actor_type: string;
  actor_id: string | null;
  staff_name: string | null;
  action: string;
  subject: string | null;
  outcome: string;
  ip: string | null;
  details: unknown;
}

/** Every entry the filter finds, newest first, read in batches for an export. */
export function auditRowsForExport(request: FastifyRequest, f: AuditFilter): AsyncGenerator<AuditExportRow> {
  const { where, params } = whereOf(request, f);
  return sqlCursor<AuditExportRow>(
    request.em,
    `SELECT l.at, l.actor_type, l.actor_id, s.name AS staff_name, l.action, l.subject, l.outcome, l.ip, l.details
     FROM audit_log l
     LEFT JOIN staff_users s ON l.actor_type = 'staff' AND s.tenant_id = l.tenant_id AND s.id::text = l.actor_id
     WHERE ${where.join(' AND ')}
     ORDER BY l.at DESC, l.id DESC`,
    params,
  );
}
