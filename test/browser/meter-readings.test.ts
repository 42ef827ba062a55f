import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, type TestPortal } from '../support/test-portal.ts';
import type { SeededCustomer } from '../support/seed-customer.ts';
import { customer, meterWithHistory, PASSWORD, PNG, startMeterPortal } from '../../plugins/meter-readings/tests/harness.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';


let portal: TestPortal;
let port: number;
let browser: Browser;
let ana: SeededCustomer;
let meterId: number;

beforeAll(async () => {
  portal = await startMeterPortal();
  port = await listenTestPortal(portal);
  ana = await customer(portal, 'aguas', 'ana');
  ({ meterId } = await meterWithHistory(portal, 'aguas', ana.accountNumber, { id: 'ana-agua', months: 14, perMonth: 30, start: 1000, estimated: [4] }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('meter readings in a real browser', () => {
  it('submits a reading with a photo and sees it in the history as sent by the customer', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      const base = `http://portal.aguas.test:${port}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="identifier"]', ana.email);
      await page.fill('input[name="password"]', PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/login"] button[type="submit"]')]);

      await page.click('nav.site-nav a[href="/meter-readings"]');
      await page.click(`a[href="/meter-readings/${meterId}/submit"]`);
      await page.getByLabel('Lectura del medidor').fill('1425');
      await page.setInputFiles('input[name="photo"]', { name: 'medidor.png', mimeType: 'image/png', buffer: PNG });
      await Promise.all([page.waitForURL((url) => url.pathname === `/meter-readings/${meterId}`), page.click('button[type="submit"]:has-text("Enviar lectura")')]);

      await expect.poll(() => page.locator('.flash').textContent()).toContain('Recibimos tu lectura: 1.425 m³.');
      const row = page.locator('tr[data-source="customer"]').first();
      expect(await row.locator('th').textContent()).toMatch(/^\d\d\/\d\d\/\d{4}$/);
      expect(await row.textContent()).toContain('1.425');
      expect(await row.textContent()).toContain('Aportada por vos');
      expect(await row.locator('a', { hasText: 'Ver foto' }).count()).toBe(1);
      // The new period is the chart's last bar, drawn as a real reading.
      const bars = page.locator('svg.mr-chart-svg rect.mr-bar');
      expect(await bars.last().getAttribute('class')).toBe('mr-bar mr-bar-real');
      expect(await page.locator('svg.mr-chart-svg rect.mr-bar-estimated').count()).toBe(1);
      await page.screenshot({ path: join(RESULTS_DIR, 'meter-readings-history.png'), fullPage: true });
      // A stylesheet or form the CSP refused, or a failed request, shows up here.
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Console errors, uncaught exceptions and failed requests of the page. */
