import type { EntityManager } from '@mikro-orm/postgresql';
import type { Brand, Locale, Tenant } from 'portal/sdk';
import { sqlOf } from '../data/sql.ts';

export interface Recipient {
  email: string;
  locale: Locale;
  brand: Brand;
  accountNumber: string;
  name: string;
}

/** The customer's columns are null when the LEFT JOIN finds none. */
interface RecipientRow {
  number: string;
  account_email: string | null;
  brand_id: string | null;
  holder_name: string;
  email: string | null;
  locale: string | null;
  name: string | null;
}

/**
 * Who hears about something on an account: the customer who acted (or the account's holder
 * login), in their language and under the account's brand; the account's own email otherwise.
 */
export async function recipientOf(em: EntityManager, tenant: Tenant, accountId: number, customerId: number | null): Promise<Recipient | null> {
  const [row] = await sqlOf(em)<RecipientRow>(
    `SELECT a.number, a.email AS account_email, a.brand_id, a.holder_name, c.email, c.locale, c.name
     FROM accounts a
     LEFT JOIN customers c ON c.tenant_id = a.tenant_id AND c.id = COALESCE(?, a.customer_id)
     WHERE a.tenant_id = ? AND a.id = ?`,
    [customerId, tenant.id, accountId],
  );
  const email: string | null = row?.email ?? row?.account_email ?? null;
  if (!row || !email) return null;
  return {
    email,
    locale: tenant.locales.find((l) => l === row.locale) ?? tenant.locale,
    brand: tenant.brands.find((b) => b.id === row.brand_id) ?? tenant.brands[0],
    accountNumber: row.number,
    name: row.name ?? row.holder_name,
  };
}
