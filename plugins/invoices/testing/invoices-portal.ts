import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal, type TestStorage, seedCustomer, type SeededCustomer, Client } from 'portal/testing';
import { InvoiceService } from '../data/invoice-service.ts';

export const TENANTS_DIR = fileURLToPath(new URL('../test-fixtures/tenants', import.meta.url));

export const HOSTS = { on: 'portal.invon.test', other: 'portal.invother.test', off: 'portal.invoff.test' } as const;

/** A portal over this plugin's own fixture tenants: `invon`, `invother`, `invbulk` (with invoices) and `invoff`. */
export function startInvoicesPortal(storage?: TestStorage): Promise<TestPortal> {
  return startTestPortal({ tenantsDir: TENANTS_DIR }, { storage });
}

export function serviceFor(portal: TestPortal, tenantId: string): InvoiceService {
  return new InvoiceService({ em: portal.db.forTenant(tenantId), tenant: portal.tenants.get(tenantId)!, portal: portal.services });
}

export interface SignedIn extends SeededCustomer {
  client: Client;
}

/** A customer with one account, already signed in through the login form. */
export async function signedInCustomer(portal: TestPortal, tenantId: string, host: string, accountNumber: string, email = `${accountNumber.toLowerCase()}@example.test`): Promise<SignedIn> {
  const customer = await seedCustomer(portal.db, { tenantId, email, password: 'Cordillera-Nevada-58', accountNumber, name: `Cliente ${accountNumber}` });
  const client = new Client(portal.app, host);
  const res = await client.login(email, customer.password);
  if (res.statusCode !== 303) throw new Error(`login of ${email} answered ${res.statusCode}`);
  return { ...customer, client };
}
