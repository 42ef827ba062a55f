import { sql, type EntityManager } from 'portal/sdk';

/** The area a customer chose, and the language and brand to write to them in. */
export interface CustomerAreaRow {
  customer_id: number;
  area: string;
  locale: string;
  brand_id: string;
}

export async function customerArea(em: EntityManager, tenantId: string, customerId: number): Promise<CustomerAreaRow | undefined> {
  const [row] = await sql<CustomerAreaRow>(
    em,
    'SELECT customer_id, area, locale, brand_id FROM outage_notices_customer_areas WHERE tenant_id = ? AND customer_id = ?',
    [tenantId, customerId],
  );
  return row;
}

export async function chooseArea(em: EntityManager, tenantId: string, choice: CustomerAreaRow): Promise<void> {
  await sql(
    em,
    `INSERT INTO outage_notices_customer_areas (tenant_id, customer_id, area, locale, brand_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, customer_id) DO UPDATE SET area = excluded.area, locale = excluded.locale, brand_id = excluded.brand_id`,
    [tenantId, choice.customer_id, choice.area, choice.locale, choice.brand_id],
  );
}

export async function customersOfArea(em: EntityManager, tenantId: string, area: string): Promise<CustomerAreaRow[]> {
  return sql<CustomerAreaRow>(
    em,
    'SELECT customer_id, area, locale, brand_id FROM outage_notices_customer_areas WHERE tenant_id = ? AND area = ? ORDER BY customer_id',
    [tenantId, area],
  );
}
