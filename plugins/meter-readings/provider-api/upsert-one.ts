import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiError } from 'portal/sdk';
import { ProviderInputError } from '../data/provider-input.ts';

/**
 * The provider service loads lists and reports nothing back; one record through it, with its
 * row's updated_at read before and after, tells the API whether it was created or changed (the
 * service only writes real changes).
 */
export async function upsertOne(em: EntityManager, table: 'meter_readings_meters' | 'meter_readings_readings', tenantId: string, externalId: string, write: () => Promise<void>) {
  const conn = em.getConnection();
  const stamp = async () =>
    (await conn.execute<{ t: string }[]>(`SELECT updated_at::text AS t FROM ${table} WHERE tenant_id = ? AND external_id = ?`, [tenantId, externalId]))[0]?.t;
  const before = await stamp();
  try {
    await write();
  } catch (err) {
    if (err instanceof ProviderInputError) throw new ApiError(422, err.message, [{ field: fieldOf(err.message), in: 'body', message: err.message }]);
    throw err;
  }
  const after = await stamp();
  return { created: before === undefined, changed: before !== after };
}

/** The service words its refusals for people; the API names the field they are about. */
function fieldOf(message: string): string {
  if (/account/.test(message)) return 'accountNumber';
  if (/unknown meter|has no register/.test(message)) return /register/.test(message) ? 'register' : 'meterExternalId';
  if (/replaces/.test(message)) return 'replaces';
  return '';
}
