import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Tenant } from 'portal/sdk';

/** A customer's reading, named by the provider's ids: the meter, its account, the values by register. */
export async function readingSubmittedData(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }) {
  const [m] = await sql<{ external_id: string; number: string; account_number: string; customer_external_id: string | null }>(
    ctx.em,
    `SELECT m.external_id, m.number, a.number AS account_number, c.external_id AS customer_external_id
     FROM meter_readings_meters m
     JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
     LEFT JOIN customers c ON c.id = ? AND c.tenant_id = m.tenant_id
     WHERE m.tenant_id = ? AND m.id = ?`,
    [Number(payload.customerId ?? 0), ctx.tenant.id, Number(payload.meterId)],
  );
  if (!m) return null;
  return {
    meterExternalId: m.external_id,
    meterNumber: m.number,
    accountNumber: m.account_number,
    readOn: payload.readOn,
    window: payload.windowKey,
    values: payload.values,
    confirmedImplausible: Boolean(payload.confirmedImplausible),
    hasPhoto: Boolean(payload.hasPhoto),
    customer: { id: payload.customerId ?? null, externalId: m.customer_external_id ?? null },
  };
}
