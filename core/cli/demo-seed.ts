import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, AccountService, Customer } from '../accounts/entities.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { Portal } from '../portal.ts';
import type { Tenant } from '../tenants/tenant.ts';
import { DEMO_TENANTS } from './demo/demo-tenants.ts';
import type { DemoAccount, DemoCustomer, DemoOperator, DemoTenant } from './demo/types.ts';
import { StaffUser } from '../staff/entities.ts';
import { createStaffUser, normaliseEmail } from '../staff/staff-users.ts';

export interface DemoLogin {
  tenantId: string;
  /** Brands whose hostnames this login is meant for (its accounts' brands). */
  brandIds: string[];
  accountNumbers: string[];
  name: string;
  email: string;
  password: string;
}

export interface DemoOperatorLogin {
  tenantId: string;
  email: string;
  name: string;
  role: string;
  password: string;
}

export interface DemoSeedResult {
  logins: DemoLogin[];
  /** Back-office operators, at `/staff` on the tenant's hostnames. */
  operators: DemoOperatorLogin[];
  /** Accounts without a login, for trying first access. */
  unclaimed: { tenantId: string; brandId: string; accountNumber: string; document: string; email: string }[];
  /** Demo tenants whose file is missing or broken; nothing was written for them. */
  skipped: { tenantId: string; reason: string }[];
}

type SeedPortal = Pick<Portal, 'db' | 'tenants' | 'plugins' | 'services'>;

/**
 * Creates the demo tenants' customers, accounts and services, or brings them back to the demo
 * state: rows are found by account number, customer email and service external id, so running
 * it again updates them instead of adding more. A password changed through the portal is reset
 * to the demo one, so the printed logins always work. Then each plugin the tenant enables adds
 * its own demo data (`demoSeed`) on top of those accounts.
 */
export async function seedDemo(portal: SeedPortal, demos: DemoTenant[] = DEMO_TENANTS): Promise<DemoSeedResult> {
  const result: DemoSeedResult = { logins: [], operators: [], unclaimed: [], skipped: [] };
  for (const demo of demos) {
    const tenant = portal.tenants.get(demo.tenantId);
    if (!tenant) {
      const broken = portal.tenants.broken.get(demo.tenantId);
      result.skipped.push({ tenantId: demo.tenantId, reason: broken ? broken.error.split('\n')[0] : 'no tenant file' });
      continue;
    }
    await portal.db.forTenant(tenant.id).transactional(async (em) => {
      for (const customer of demo.customers) {
        const customerId = await upsertCustomer(em, tenant, customer, demo.password);
        for (const account of customer.accounts) await upsertAccount(em, tenant, account, customerId);
        result.logins.push({
          tenantId: tenant.id,
          brandIds: [...new Set(customer.accounts.map((a) => brandOf(tenant, a)))],
          accountNumbers: customer.accounts.map((a) => a.number),
          name: customer.name,
          email: customer.email,
          password: demo.password,
        });
      }
      for (const account of demo.unclaimed) {
        await upsertAccount(em, tenant, account, undefined);
        result.unclaimed.push({
          tenantId: tenant.id,
          brandId: brandOf(tenant, account),
          accountNumber: account.number,
          document: `${account.documentType} ${account.documentNumber}`,
          email: account.email,
        });
      }
      const staffPassword = demo.staffPassword ?? '';
      for (const operator of staffPassword ? (demo.staff ?? []) : []) {
        await upsertOperator(em, tenant, operator, staffPassword);
        result.operators.push({ tenantId: tenant.id, email: operator.email, name: operator.name, role: operator.role, password: staffPassword });
      }
    });
    await seedPlugins(portal, tenant, demo);
  }
  return result;
}

/** Like the customers: found by email, brought back to the demo password, role and an open lock. */
async function upsertOperator(em: EntityManager, tenant: Tenant, demo: DemoOperator, password: string): Promise<void> {
  const existing = await em.findOne(StaffUser, { email: normaliseEmail(demo.email) });
  if (!existing) {
    await createStaffUser(em, tenant.id, { email: demo.email, name: demo.name, role: demo.role, password });
    return;
  }
  if (!(await verifyPassword(existing.passwordHash, password))) existing.passwordHash = await hashPassword(password);
  existing.name = demo.name;
  existing.role = demo.role;
  existing.mustChangePassword = false;
  existing.lockedAt = null;
  await em.flush();
}

/** Each in its own transaction, in dependency order: a failing plugin leaves core's demo rows in place. */
async function seedPlugins(portal: SeedPortal, tenant: Tenant, demo: DemoTenant): Promise<void> {
  const numbers = [...demo.customers.flatMap((c) => c.accounts), ...demo.unclaimed].map((a) => a.number);
  const rows = await portal.db.forTenant(tenant.id).find(Account, { number: { $in: numbers } }, { orderBy: { number: 'asc' } });
  const accounts = rows.map((a) => ({ id: a.id, number: a.number, customerId: a.customerId ?? null, holderName: a.holderName }));
  for (const plugin of portal.plugins) {
    const seed = plugin.definition.demoSeed;
    if (!seed || !tenant.plugins.has(plugin.name)) continue;
    try {
      await portal.db.forTenant(tenant.id).transactional((em) => seed({ tenant, em, accounts, portal: portal.services }));
    } catch (err) {
      throw new Error(`demo seed of plugin "${plugin.name}" failed for tenant "${tenant.id}": ${(err as Error).message}`, { cause: err });
    }
  }
}

async function upsertCustomer(em: EntityManager, tenant: Tenant, demo: DemoCustomer, password: string): Promise<number> {
  let customer = await em.findOne(Customer, { email: demo.email });
  if (!customer) {
    customer = em.create(Customer, {
      tenantId: tenant.id,
      email: demo.email,
      name: demo.name,
      mobile: demo.mobile ?? null,
      address: demo.address ?? null,
      passwordHash: await hashPassword(password),
      emailVerifiedAt: new Date(),
    } as any);
  } else {
    // Verifying costs what hashing does, but keeps the row unchanged when nothing changed.
    if (!(await verifyPassword(customer.passwordHash, password))) customer.passwordHash = await hashPassword(password);
    customer.name = demo.name;
    customer.mobile = demo.mobile ?? null;
    customer.address = demo.address ?? null;
    customer.emailVerifiedAt ??= new Date();
  }
  customer.mustChangePassword = false;
  customer.lockedAt = null;
  await em.flush();
  return customer.id;
}

/** `customerId` undefined: an unclaimed account keeps whoever claimed it since the last seed. */
async function upsertAccount(em: EntityManager, tenant: Tenant, demo: DemoAccount, customerId: number | undefined): Promise<void> {
  const fields = {
    holderName: demo.holderName,
    documentType: demo.documentType,
    documentNumber: demo.documentNumber,
    email: demo.email,
    brandId: brandOf(tenant, demo),
  };
  let account = await em.findOne(Account, { number: demo.number });
  if (!account) {
    account = em.create(Account, { tenantId: tenant.id, number: demo.number, customerId: customerId ?? null, ...fields } as any);
  } else {
    em.assign(account, customerId === undefined ? fields : { ...fields, customerId });
  }
  await em.flush();

  for (const s of demo.services) {
    const service = await em.findOne(AccountService, { accountId: account.id, externalId: s.externalId });
    const values = { kind: s.kind, plan: s.plan, address: s.address ?? null, status: s.status };
    if (service) em.assign(service, values);
    else em.create(AccountService, { tenantId: tenant.id, accountId: account.id, externalId: s.externalId, ...values } as any);
  }
  await em.flush();
}

function brandOf(tenant: Tenant, account: DemoAccount): string {
  const id = account.brandId ?? tenant.brands[0].id;
  if (!tenant.brands.some((b) => b.id === id)) {
    throw new Error(`demo account ${account.number}: tenant "${tenant.id}" has no brand "${id}"`);
  }
  return id;
}
