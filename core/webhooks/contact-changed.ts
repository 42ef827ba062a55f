import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../tenants/tenant.ts';

/** The customer as the provider knows them (its id, their account numbers) with the new contact data. */
export async function contactChangedData(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }) {
  const [c] = await ctx.em.getConnection().execute<{
    id: number; external_id: string | null; name: string; email: string | null; phone: string | null; mobile: string | null; address: string | null;
    accounts: string[] | null;
  }[]>(
    `SELECT c.id, c.external_id, c.name, c.email, c.phone, c.mobile, c.address,
            ARRAY(SELECT a.number FROM accounts a WHERE a.customer_id = c.id AND a.tenant_id = c.tenant_id ORDER BY a.number) AS accounts
     FROM customers c WHERE c.tenant_id = ? AND c.id = ?`,
    [ctx.tenant.id, Number(payload.customerId)],
    'all',
    ctx.em.getTransactionContext<unknown>(),
  );
  if (!c) return null;
  return {
    customer: { id: c.id, externalId: c.external_id, name: c.name, accounts: c.accounts ?? [] },
    changed: payload.fields ?? [],
    contact: { email: c.email, phone: c.phone, mobile: c.mobile, address: c.address },
  };
}
