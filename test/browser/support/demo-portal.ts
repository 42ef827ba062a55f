import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../../../core/config/load-config.ts';
import { seedDemo, type DemoLogin, type DemoOperatorLogin } from '../../../core/cli/demo-seed.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../../support/test-portal.ts';

/** One demo brand as a visitor reaches it: its own hostname, a customer and the operators who sign in there. */
export interface DemoBrand {
  tenantId: string;
  brandId: string;
  /** `http://<brand id>.localhost:<port>`: outside production every brand answers there. */
  origin: string;
  /** A customer of the brand (see startDemoPortal for which). */
  customer: DemoLogin;
  operators: DemoOperatorLogin[];
}

export interface DemoPortal {
  portal: TestPortal;
  brands: DemoBrand[];
}

/** The repository's demo tenants with `seed demo` applied, served over HTTP; every brand with its logins. */
export async function startDemoPortal(): Promise<DemoPortal> {
  const portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'tenants') });
  const port = await listenTestPortal(portal);
  const seeded = await seedDemo(portal);
  if (seeded.skipped.length) throw new Error(`demo tenants not seeded: ${JSON.stringify(seeded.skipped)}`);
  const brands: DemoBrand[] = [];
  for (const tenant of portal.tenants.list()) {
    for (const brand of tenant.brands) {
      // A customer whose first account is the brand's (one brand's customer is another view of
      // data than the other's), with the most accounts, so account switches show too.
      const customer = seeded.logins
        .filter((l) => l.tenantId === tenant.id && l.brandIds.includes(brand.id))
        .sort((a, b) => Number(b.brandIds[0] === brand.id) - Number(a.brandIds[0] === brand.id) || b.accountNumbers.length - a.accountNumbers.length)[0];
      if (!customer) throw new Error(`the demo seed has no customer for brand ${brand.id} of ${tenant.id}`);
      brands.push({
        tenantId: tenant.id,
        brandId: brand.id,
        origin: `http://${brand.id}.localhost:${port}`,
        customer,
        operators: seeded.operators.filter((o) => o.tenantId === tenant.id),
      });
    }
  }
  return { portal, brands };
}

/** Signs the customer in through the login form; the page ends on the dashboard. */
export async function customerLogin(page: Page, origin: string, login: Pick<DemoLogin, 'email' | 'password'>): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill('input[name="identifier"]', login.email);
  await page.fill('input[name="password"]', login.password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/login"] button[type="submit"]')]);
}

/** Signs an operator in to the back office; the page ends on its overview. */
export async function staffLogin(page: Page, origin: string, operator: Pick<DemoOperatorLogin, 'email' | 'password'>): Promise<void> {
  await page.goto(`${origin}/staff/login`);
  await page.fill('input[name="email"]', operator.email);
  await page.fill('input[name="password"]', operator.password);
  await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('form[action="/staff/login"] button[type="submit"]')]);
}
