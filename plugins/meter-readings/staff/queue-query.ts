import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';
import { advance } from '../domain/consumption.ts';

export interface QueueRow {
  id: number;
  accountId: number;
  accountNumber: string;
  meterNumber: string;
  meterKind: string;
  unit: string | null;
  register: string;
  readOn: string;
  value: number;
  previous: { value: number; readOn: string } | null;
  consumption: number | null;
  confirmedImplausible: boolean;
  hasPhoto: boolean;
  submittedAt: Date;
  billedAt: Date | null;
}

/** A row as the database gives it: value a bigint (text), timestamps a Date or, on the embedded database, text. */
interface QueueDbRow {
  id: number;
  account_id: number;
  account_number: string;
  meter_number: string;
  kind: string;
  unit: string | null;
  digits: number;
  register: string;
  read_on: string;
  value: string;
  confirmed_implausible: boolean;
  has_photo: boolean;
  /** Customer readings are stamped when they are sent. */
  submitted_at: Date | string;
  billed_at: Date | string | null;
  previous_value: string | null;
  previous_on: string | null;
}

/** A screenful: the queue is worked from the oldest, and billing runs keep it short. */
export const QUEUE_LIMIT = 500;

/**
 * Customer readings, oldest first, each beside the real reading before it, so an operator sees
 * at a glance what consumption it implies. Raw SQL: the tenant is named in every join.
 */
export async function queueRows(em: EntityManager, tenantId: string, billed: boolean): Promise<{ rows: QueueRow[]; total: number }> {
  const where = `r.tenant_id = ? AND r.source = 'customer' AND r.billed_at IS ${billed ? 'NOT NULL' : 'NULL'}`;
  const [{ total }] = await sql<{ total: number }>(em, `SELECT count(*)::int AS total FROM meter_readings_readings r WHERE ${where}`, [tenantId]);
  const rows = await sql<QueueDbRow>(
    em,
    `SELECT r.id, a.id AS account_id, a.number AS account_number, m.number AS meter_number, m.kind, m.unit, m.digits, r.register,
            to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value, r.confirmed_implausible, r.photo_path IS NOT NULL AS has_photo,
            r.submitted_at, r.billed_at, p.value AS previous_value, to_char(p.read_on, 'YYYY-MM-DD') AS previous_on
     FROM meter_readings_readings r
     JOIN meter_readings_meters m ON m.id = r.meter_id AND m.tenant_id = r.tenant_id
     JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
     LEFT JOIN LATERAL (
       SELECT value, read_on FROM meter_readings_readings p
       WHERE p.tenant_id = r.tenant_id AND p.meter_id = r.meter_id AND p.register = r.register
         AND p.source <> 'estimated' AND p.replaced_by IS NULL AND p.read_on < r.read_on
       ORDER BY p.read_on DESC, p.id DESC LIMIT 1
     ) p ON true
     WHERE ${where}
     ORDER BY r.submitted_at ${billed ? 'DESC' : 'ASC'}, r.id
     LIMIT ${QUEUE_LIMIT}`,
    [tenantId],
  );
  return {
    total,
    rows: rows.map((r) => {
      const previous = r.previous_value === null ? null : { value: Number(r.previous_value), readOn: r.previous_on as string };
      return {
        id: Number(r.id),
        accountId: Number(r.account_id),
        accountNumber: r.account_number,
        meterNumber: r.meter_number,
        meterKind: r.kind,
        unit: r.unit,
        register: r.register,
        readOn: r.read_on,
        value: Number(r.value),
        previous,
        consumption: previous ? advance(previous.value, Number(r.value), Number(r.digits)).consumption : null,
        confirmedImplausible: Boolean(r.confirmed_implausible),
        hasPhoto: Boolean(r.has_photo),
        submittedAt: new Date(r.submitted_at),
        billedAt: r.billed_at ? new Date(r.billed_at) : null,
      };
    }),
  };
}
