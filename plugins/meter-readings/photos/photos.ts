import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, checkUpload, type UploadCheck } from 'portal/sdk';

/** Meter photos' keys in core's file store: `<tenant>/meter-readings/<random>`. */
export const PHOTO_AREA = 'meter-readings';
export const PHOTO_KINDS = ['jpg', 'png', 'webp'] as const;
export const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp';

export interface StoredPhoto {
  key: string;
  mime: string;
}

/** Extension and magic bytes must both say JPEG, PNG or WEBP, within the tenant's size limit. */
export function checkPhoto(data: Buffer, filename: string, maxBytes: number): Promise<UploadCheck> {
  return checkUpload(data, filename, PHOTO_KINDS, maxBytes);
}

export async function savePhoto(files: PortalServices['files'], tenantId: string, data: Buffer, mime: string): Promise<StoredPhoto> {
  const saved = await files.put(tenantId, PHOTO_AREA, data);
  return { key: saved.key, mime };
}

/** Confirmations a customer can have pending at once (one per meter is the normal case). */
const HELD_PER_CUSTOMER = 3;

/**
 * Keeps a photo while the customer confirms an unusual reading. The row binds it to the customer,
 * so the key travelling in the confirmation form is worth nothing to anyone else. Only the newest
 * few are kept, so repeating the unusual value over and over cannot fill the disk.
 */
export async function holdPhoto(em: EntityManager, files: PortalServices['files'], tenantId: string, customerId: number, data: Buffer, mime: string): Promise<string> {
  const photo = await savePhoto(files, tenantId, data, mime);
  const conn = em.getConnection();
  await conn.execute(`INSERT INTO meter_readings_held_photos (tenant_id, customer_id, file_key, mime) VALUES (?, ?, ?, ?)`, [tenantId, customerId, photo.key, photo.mime]);
  const dropped = await conn.execute<{ file_key: string }[]>(
    `DELETE FROM meter_readings_held_photos WHERE tenant_id = ? AND customer_id = ? AND id NOT IN (
       SELECT id FROM meter_readings_held_photos WHERE tenant_id = ? AND customer_id = ? ORDER BY id DESC LIMIT ${HELD_PER_CUSTOMER})
     RETURNING file_key`,
    [tenantId, customerId, tenantId, customerId],
  );
  for (const row of dropped) await files.remove(tenantId, row.file_key);
  return photo.key;
}

export async function isHeld(em: EntityManager, tenantId: string, customerId: number, key: string): Promise<boolean> {
  const rows = await em.getConnection().execute(
    `SELECT 1 FROM meter_readings_held_photos WHERE tenant_id = ? AND customer_id = ? AND file_key = ?`,
    [tenantId, customerId, key],
  );
  return rows.length > 0;
}

/** Takes a held photo for a reading, inside the reading's transaction; null if it is not the customer's (any more). */
export async function claimHeldPhoto(tx: EntityManager, tenantId: string, customerId: number, key: string): Promise<StoredPhoto | null> {
  const rows = await tx.getConnection().execute<{ mime: string }[]>(
    `DELETE FROM meter_readings_held_photos WHERE tenant_id = ? AND customer_id = ? AND file_key = ? RETURNING mime`,
    [tenantId, customerId, key],
    'all',
    tx.getTransactionContext(),
  );
  return rows.length ? { key, mime: rows[0].mime } : null;
}

/** Removes held photos nobody confirmed within `maxAgeMs`; returns how many. */
export async function purgeHeldPhotos(em: EntityManager, files: PortalServices['files'], tenantId: string, maxAgeMs: number): Promise<number> {
  const rows = await em.getConnection().execute<{ file_key: string }[]>(
    `DELETE FROM meter_readings_held_photos WHERE tenant_id = ? AND created_at < now() - (? * interval '1 millisecond') RETURNING file_key`,
    [tenantId, maxAgeMs],
  );
  for (const row of rows) await files.remove(tenantId, row.file_key);
  return rows.length;
}
