import type { Database } from '../../core/db/database.ts';
import { Account, Customer } from '../../core/accounts/entities.ts';
import { hashPassword } from '../../core/auth/passwords.ts';

export interface SeedCustomerInput {
  tenantId: string;
  email: string;
  password: string;
  name?: string;
  accountNumber?: string;
}

export interface SeededCustomer {
  customerId: number;
  accountId: number;
  email: string;
  password: string;
  accountNumber: string;
}

/**
 * A customer who can log in right away (verified email, no forced password change) and holds one
 * account, written through the tenant-scoped entity manager the requests use.
 */
export async function seedCustomer(db: Database, input: SeedCustomerInput): Promise<SeededCustomer> {
  const em = db.forTenant(input.tenantId);
  const accountNumber = input.accountNumber ?? `${input.tenantId.toUpperCase()}-0001`;
  const customer = em.create(Customer, {
    tenantId: input.tenantId,
    email: input.email,
    name: input.name ?? `Cliente ${input.tenantId}`,
    passwordHash: await hashPassword(input.password),
    emailVerifiedAt: new Date(),
  });
  await em.flush();
  const account = em.create(Account, {
    tenantId: input.tenantId,
    number: accountNumber,
    holderName: customer.name,
    documentType: 'DNI',
    documentNumber: '30123456',
    email: input.email,
    customerId: customer.id,
  });
  await em.flush();
  return { customerId: customer.id, accountId: account.id, email: input.email, password: input.password, accountNumber };
}
