import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalDate } from '../domain/local-date.ts';

export interface NewSubmission {
  tenantId: string;
  meterId: number;
  windowKey: string;
  readOn: LocalDate;
  values: Record<string, number>;
  customerId: number;
  confirmedImplausible: boolean;
  /** A new photo; without one a resubmission keeps the photo it had. */
  photo: { name: string; mime: string } | null;
}

export interface SavedSubmission {
  /** False when the provider already took this window's reading into billing. */
  saved: boolean;
  /** Photos no reading points to any more, to delete once the transaction commits. */
  orphanedPhotos: string[];
}

/**
 * Stores the customer's reading of a window, one row per register. The partial unique index on
 * (meter, register, window) for customer readings makes a resubmission update the same rows, even
 * when two requests race; a billed reading is left as it is.
 */
export async function saveSubmission(tx: EntityManager, s: NewSubmission): Promise<SavedSubmission> {
  const conn = tx.getConnection();
  const ctx: unknown = tx.getTransactionContext();
  const before = await conn.execute<{ photo_path: string | null; billed_at: string | null }[]>(
    `SELECT photo_path, billed_at FROM meter_readings_readings
     WHERE tenant_id = ? AND meter_id = ? AND window_key = ? AND source = 'customer' FOR UPDATE`,
    [s.tenantId, s.meterId, s.windowKey],
    'all',
    ctx,
  );
  if (before.some((row) => row.billed_at)) return { saved: false, orphanedPhotos: [] };
  for (const [register, value] of Object.entries(s.values)) {
    const rows = await conn.execute<{ id: number }[]>(
      `INSERT INTO meter_readings_readings
         (tenant_id, meter_id, register, read_on, value, source, window_key, customer_id, confirmed_implausible, photo_path, photo_type, submitted_at)
       VALUES (?, ?, ?, ?, ?, 'customer', ?, ?, ?, ?, ?, now())
       ON CONFLICT (tenant_id, meter_id, register, window_key) WHERE source = 'customer' DO UPDATE SET
         read_on = EXCLUDED.read_on, value = EXCLUDED.value, customer_id = EXCLUDED.customer_id,
         confirmed_implausible = EXCLUDED.confirmed_implausible,
         photo_path = COALESCE(EXCLUDED.photo_path, meter_readings_readings.photo_path),
         photo_type = COALESCE(EXCLUDED.photo_type, meter_readings_readings.photo_type),
         submitted_at = now(), updated_at = now()
       WHERE meter_readings_readings.billed_at IS NULL
       RETURNING id`,
      [s.tenantId, s.meterId, register, s.readOn, value, s.windowKey, s.customerId, s.confirmedImplausible, s.photo?.name ?? null, s.photo?.mime ?? null],
      'all',
      ctx,
    );
    if (rows.length === 0) return { saved: false, orphanedPhotos: [] };
  }
  const replaced = s.photo ? before.map((row) => row.photo_path).filter((p): p is string => Boolean(p) && p !== s.photo!.name) : [];
  return { saved: true, orphanedPhotos: [...new Set(replaced)] };
}
