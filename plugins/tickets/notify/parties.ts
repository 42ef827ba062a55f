import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Brand, type Tenant } from 'portal/sdk';

/** Everyone and everything an email about a ticket names. */
export interface Parties {
  ticket: { id: number; number: number; subject: string; category: string };
  customer: { id: number; name: string; email: string | null; locale: string | null };
  accountNumber: string | null;
  service: { plan: string; address: string | null } | null;
  /** The assigned operator, if still able to sign in. */
  assignee: { id: number; name: string; email: string } | null;
  brand: Brand;
}

/** Ids come back as strings (bigint); the LEFT JOINs leave their columns null. */
interface PartiesRow {
  id: number | string;
  number: number | string;
  subject: string;
  category: string;
  customer_id: number | string;
  customer_name: string;
  customer_email: string | null;
  customer_locale: string | null;
  account_number: string | null;
  brand_id: string | null;
  service_plan: string | null;
  service_address: string | null;
  assignee_id: number | string | null;
  /** Read only when assignee_id is set, and then never null. */
  assignee_name: string;
  assignee_email: string;
}

export async function loadParties(tx: EntityManager, tenant: Tenant, ticketId: number): Promise<Parties> {
  const [row] = await sql<PartiesRow>(
    tx,
    `SELECT t.id, t.number, t.subject, t.category,
            c.id AS customer_id, c.name AS customer_name, c.email AS customer_email, c.locale AS customer_locale,
            a.number AS account_number, a.brand_id, s.plan AS service_plan, s.address AS service_address,
            u.id AS assignee_id, u.name AS assignee_name, u.email AS assignee_email
     FROM tickets t
     JOIN customers c ON c.id = t.customer_id AND c.tenant_id = t.tenant_id
     LEFT JOIN accounts a ON a.id = t.account_id AND a.tenant_id = t.tenant_id
     LEFT JOIN account_services s ON s.id = t.service_id AND s.tenant_id = t.tenant_id
     LEFT JOIN staff_users u ON u.id = t.assigned_to AND u.tenant_id = t.tenant_id AND u.locked_at IS NULL
     WHERE t.tenant_id = ? AND t.id = ?`,
    [tenant.id, ticketId],
  );
  if (!row) throw new Error(`ticket ${ticketId} of tenant ${tenant.id} not found`);
  return {
    ticket: { id: Number(row.id), number: Number(row.number), subject: row.subject, category: row.category },
    customer: { id: Number(row.customer_id), name: row.customer_name, email: row.customer_email, locale: row.customer_locale },
    accountNumber: row.account_number ?? null,
    service: row.service_plan ? { plan: row.service_plan, address: row.service_address } : null,
    assignee: row.assignee_id ? { id: Number(row.assignee_id), name: row.assignee_name, email: row.assignee_email } : null,
    brand: tenant.brands.find((b) => b.id === row.brand_id) ?? tenant.brands[0],
  };
}
