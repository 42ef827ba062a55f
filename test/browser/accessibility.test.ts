import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_TENANTS } from '../../core/cli/demo/demo-tenants.ts';
import { launchChromium } from './support/chromium.ts';
import { customerLogin, startDemoPortal, staffLogin, type DemoBrand, type DemoPortal } from './support/demo-portal.ts';
import { axeViolations, withAxe } from './support/axe.ts';
import { crawl } from './support/crawl.ts';

/** A laptop and a phone: every page is checked at both. */
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Leaving, switching language, files and the gateway's own pages are no pages of the portal to check. */
const SKIP = /logout|[?&]lang=|\/assets\/|\.(pdf|csv|xlsx|zip)(\?|$)|\/pdf(\?|$)|\/attachments\/|\/export/;

let demo: DemoPortal;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemoPortal();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.portal.dispose();
});

/** A context that runs axe on its pages (the portal's CSP would refuse it otherwise). */
async function axeContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ bypassCSP: true, viewport: LAPTOP });
  await withAxe(context);
  return context;
}

/**
 * Checks every kind of page reachable from `starts` at both widths; on a phone also with the
 * main menu open. Returns the pages visited, the violations and any server error met.
 */
async function checkPages(page: Page, brand: DemoBrand, starts: string[]): Promise<{ visited: string[]; problems: string[] }> {
  const problems: string[] = [];
  const toggle = page.locator('.nav-toggle');
  let menuChecked = false;
  const visited = await crawl(page, { starts: starts.map((s) => brand.origin + s), skip: SKIP, max: 60 }, async (url, response) => {
    const where = `${brand.brandId} ${url.pathname}${url.search}`;
    if (response.status() >= 500) problems.push(`${where}: HTTP ${response.status()}`);
    // A resize costs a relayout: a page is checked first at the width the one before ended on.
    // The open menu is checked last on a phone, so a page that still needs it starts at the laptop.
    const onPhone = page.viewportSize()?.width === PHONE.width;
    const widths = onPhone && (menuChecked || !(await toggle.isVisible())) ? [PHONE, LAPTOP] : [LAPTOP, PHONE];
    for (const [i, size] of widths.entries()) {
      if (page.viewportSize()?.width !== size.width) await page.setViewportSize(size);
      problems.push(...(await axeViolations(page, `${where} @${size.width}`, { again: i > 0 })));
    }
    if (widths.at(-1) === PHONE && !menuChecked && (await toggle.isVisible())) {
      await toggle.click();
      problems.push(...(await axeViolations(page, `${where} @390, menu open`, { again: true })));
      menuChecked = true;
    }
  });
  return { visited, problems };
}

describe('every page of every demo brand passes axe (WCAG 2.1 A and AA) at 1366×768 and 390×844', () => {
  for (const { tenantId } of DEMO_TENANTS) {
    it(`${tenantId}: the sign-in pages, the customer's pages and the back office`, { timeout: 600_000 }, async ({ expect }) => {
      const brands = demo.brands.filter((b) => b.tenantId === tenantId);
      expect(brands.length).toBeGreaterThan(0);
      // Each crawl mostly waits on the other side (the portal renders while Chromium runs axe and
      // the reverse): the customer side and the back office of every brand crawl at once, in
      // contexts of their own, so both cores stay busy.
      const crawls = brands.flatMap((brand) => [
        async (): Promise<string[]> => {
          const context = await axeContext();
          try {
            const page = await context.newPage();
            const signIn = await checkPages(page, brand, ['/login', '/staff/login']);
            await customerLogin(page, brand.origin, brand.customer);
            const customer = await checkPages(page, brand, ['/dashboard']);
            // A crawl that stopped at the dashboard would pass without checking anything.
            for (const path of ['/invoices', '/payments', '/tickets', '/account/profile']) {
              expect(customer.visited.map((v) => v.split('?')[0]), `${brand.brandId} customer pages`).toContain(path);
            }
            return [...signIn.problems, ...customer.problems];
          } finally {
            await context.close();
          }
        },
        // Every operator role of the demo sees the whole back office menu: one crawl covers it.
        async (): Promise<string[]> => {
          const context = await axeContext();
          try {
            const page = await context.newPage();
            await staffLogin(page, brand.origin, brand.operators[0]);
            const staff = await checkPages(page, brand, ['/staff']);
            expect(staff.visited.length, `${brand.brandId} back-office pages`).toBeGreaterThanOrEqual(10);
            return staff.problems;
          } finally {
            await context.close();
          }
        },
      ]);
      // allSettled: a failed crawl must not leave the others running past the test's end.
      const settled = await Promise.allSettled(crawls.map((crawl) => crawl()));
      for (const result of settled) if (result.status === 'rejected') throw result.reason;
      expect(settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []))).toEqual([]);
    });
  }
});
