import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, type TestPortal } from '../support/test-portal.ts';
import { createStaff, type StaffFixture } from '../staff/staff-fixtures.ts';
import { customer, PASSWORD, PDF, PNG, startRequestsPortal, type Customer } from '../../plugins/service-requests/tests/harness.ts';
import { launchChromium, RESULTS_DIR, watchForProblems, type ExpectedProblems } from './support/chromium.ts';

const EXPECTED: ExpectedProblems = {
  // The first submission is refused on purpose (422) to show its message.
  response: (res) => res.status() === 422,
  // A download is handed to the browser's download manager, which the page sees as aborted.
  failure: (req) => req.failure()?.errorText === 'net::ERR_ABORTED' && req.url().includes('/documents/'),
};


let portal: TestPortal;
let port: number;
let browser: Browser;
let ana: Customer;
let staff: StaffFixture;

beforeAll(async () => {
  portal = await startRequestsPortal();
  port = await listenTestPortal(portal);
  ana = await customer(portal, 'norte', 'ana', [{ kind: 'internet', plan: 'Fibra 100', address: 'Av. Bolivia 2140, Salta' }, { kind: 'phone', plan: 'Telefonía IP', status: 'suspended' }]);
  staff = await createStaff(portal, 'norte', { role: 'support', name: 'Lucía Operadora' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('service requests in a real browser', () => {
  it('files an ownership change with its documents and sees it listed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page, EXPECTED);
      const base = `http://portal.norte.test:${port}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="identifier"]', ana.email);
      await page.fill('input[name="password"]', PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/login"] button[type="submit"]')]);

      await page.click('nav.site-nav a[href="/services"]');
      await page.screenshot({ path: join(RESULTS_DIR, 'services.png'), fullPage: true });
      await page.click('a[data-type="ownership-change"]');
      await page.waitForURL((url) => url.pathname === '/service-requests/new/ownership-change');

      await page.getByLabel('Nombre y apellido o razón social del nuevo titular').fill('Sofía Benítez');
      await page.getByLabel('DNI o CUIT/CUIL del nuevo titular').fill('20-12345678-5');
      await page.getByLabel('Email del nuevo titular').fill('sofia@example.com');
      await page.getByLabel('Teléfono del nuevo titular').fill('+54 9 387 555-0199');
      await page.getByLabel('Relación con el nuevo titular').selectOption('family');
      await page.getByLabel(/presto conformidad/).check();
      await page.setInputFiles('input[name="doc-newHolderId"]', { name: 'dni.png', mimeType: 'image/png', buffer: PNG });
      await page.setInputFiles('input[name="doc-consent"]', { name: 'conformidad.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.click('button[type="submit"]:has-text("Enviar solicitud")');

      // A mistyped CUIT comes back with its message; the files have to be chosen again.
      await expect.poll(() => page.locator('#f-newHolderDocument-error').textContent()).toContain('el último dígito no coincide');
      expect(await page.locator('.alert-error').first().textContent()).toContain('volvé a adjuntar los archivos');
      await page.screenshot({ path: join(RESULTS_DIR, 'service-requests-form-error.png'), fullPage: true });
      await page.getByLabel('DNI o CUIT/CUIL del nuevo titular').fill('20-12345678-6');
      await page.setInputFiles('input[name="doc-newHolderId"]', { name: 'dni.png', mimeType: 'image/png', buffer: PNG });
      await page.setInputFiles('input[name="doc-consent"]', { name: 'conformidad.pdf', mimeType: 'application/pdf', buffer: PDF });
      await Promise.all([page.waitForURL((url) => /^\/service-requests\/\d+$/.test(url.pathname)), page.click('button[type="submit"]:has-text("Enviar solicitud")')]);

      await expect.poll(() => page.locator('.flash').textContent()).toContain('Recibimos tu solicitud N°');
      expect(await page.locator('[data-status]').first().textContent()).toBe('Recibida');
      expect(await page.locator('.sr-files li').count()).toBe(2);
      await page.screenshot({ path: join(RESULTS_DIR, 'service-requests-detail.png'), fullPage: true });

      await page.click('a:has-text("Volver a Mis trámites")');
      const row = page.locator('tr[data-request]').first();
      expect(await row.textContent()).toContain('Cambio de titular');
      expect(await row.textContent()).toContain('NORTE-ANA');
      expect(await row.textContent()).toContain('Recibida');
      await page.screenshot({ path: join(RESULTS_DIR, 'service-requests-list.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an operator finds it in the queue, opens a document and approves it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page, EXPECTED);
      const base = `http://portal.norte.test:${port}`;
      await page.goto(`${base}/staff/login`);
      await page.fill('input[name="email"]', staff.email);
      await page.fill('input[name="password"]', staff.password);
      await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('form[action="/staff/login"] button[type="submit"]')]);

      await page.click('a[href="/staff/service-requests"] >> nth=0');
      await page.waitForURL((url) => url.pathname === '/staff/service-requests');
      expect(await page.locator('tr[data-request]').count()).toBe(1);
      await page.screenshot({ path: join(RESULTS_DIR, 'service-requests-staff-queue.png'), fullPage: true });

      await page.click('tr[data-request] a >> nth=0');
      await page.waitForURL((url) => /^\/staff\/service-requests\/\d+$/.test(url.pathname));
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('.sr-files a >> nth=0')]);
      expect(download.suggestedFilename()).toBe('dni.png');
      await page.screenshot({ path: join(RESULTS_DIR, 'service-requests-staff-detail.png'), fullPage: true });

      await page.check('#approve-confirm');
      await page.click('#approve button[type="submit"]');
      await expect.poll(() => page.locator('.flash').textContent()).toContain('Aprobaste la solicitud');
      expect(await page.locator('[data-status]').first().textContent()).toBe('Aprobada');
      const [account] = await portal.db.orm.em.getConnection().execute(`SELECT a.holder_name, c.email FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`, [ana.accountId]);
      // The new holder had no login: the approval gave her one (and emailed her access key).
      expect(account).toEqual({ holder_name: 'Sofía Benítez', email: 'sofia@example.com' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Console errors, uncaught exceptions and failed requests of the page. */
