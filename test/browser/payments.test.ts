import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal } from '../support/test-portal.ts';
import { seedCustomer, type SeededCustomer } from '../support/seed-customer.ts';
import { createStaff } from '../staff/staff-fixtures.ts';
import { HOSTS, loadInvoice, PASSWORD, startPaymentsPortal, type PaymentsHarness } from '../../plugins/payments/testing/harness.ts';
import { PDF, postMultipart } from '../../plugins/payments/testing/requests.ts';
import { browser as injectBrowser } from '../support/fixtures.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';
import { axeViolations, withAxe } from './support/axe.ts';


let h: PaymentsHarness;
let port: number;
let chrome: Browser;
let ana: SeededCustomer;
let invoiceId: number;
let overdueId: number;

beforeAll(async () => {
  h = await startPaymentsPortal();
  port = await listenTestPortal(h.portal);
  ana = await seedCustomer(h.portal.db, { tenantId: 'payon', email: 'ana@payon.test', password: PASSWORD, name: 'Ana Gómez', accountNumber: '0001-2345' });
  invoiceId = (await loadInvoice(h.portal, 'payon', ana.accountNumber, { total: '24500.00', period: '2026-03', dueDate: '2099-03-20', secondDueDate: '2099-03-30', secondDueTotal: '25725.00' })).id;
  overdueId = (await loadInvoice(h.portal, 'payon', ana.accountNumber, { typeCode: 11, total: '8990.00', period: '2026-02', dueDate: '2026-02-20' })).id;
  chrome = await launchChromium();
});

afterAll(async () => {
  await chrome?.close();
  await h?.dispose();
});

describe('payments in a real browser', () => {
  it('pays an invoice end to end through the sandbox gateway and sees it paid', async () => {
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      const base = `http://${HOSTS.payon}:${port}`;
      await page.goto(`${base}/login`);
      await page.fill('input[name="identifier"]', ana.email);
      await page.fill('input[name="password"]', PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/login"] button[type="submit"]')]);

      await page.click('nav.site-nav a[href="/payments"]');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Pagos');
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-pay-page.png'), fullPage: true });

      await page.click(`tr[data-invoice="${invoiceId}"] a[data-action="pay-online"]`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Elegí cómo pagar');
      expect(await page.locator('input[name="gateway"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['sandbox', 'mercadopago', 'stripe']);
      await page.getByLabel('Pasarela de prueba').check();
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-choose-gateway.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/payments\/sandbox\//), page.click('button[type="submit"]:has-text("Pagar $ 24.500,00")')]);

      expect(await page.locator('.card-value').textContent()).toBe('$ 24.500,00');
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-sandbox-gateway.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/payments\/return\//), page.click('button[value="approved"]')]);

      await expect.poll(() => page.locator('.alert[data-status]').getAttribute('data-status')).toBe('approved');
      expect(await page.locator('.alert').textContent()).toContain('Tu pago fue aprobado');
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-result.png'), fullPage: true });

      await page.click('a[href="/invoices"]');
      const row = page.locator('tr[data-period="2026-03"]');
      expect(await row.getAttribute('data-status')).toBe('paid');
      expect(await row.textContent()).toContain('Pagada');
      expect(await row.textContent()).toContain('Pasarela de prueba');
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-invoice-paid.png'), fullPage: true });

      await page.goto(`${base}/payments`);
      expect(await page.locator('table.pay-history tr[data-status="approved"]').count()).toBe(1);
      expect(problems).toEqual([]);

      // Fetched by the page itself: the test's own resolver does not know the .test names Chromium maps.
      const coupon = await page.evaluate(async (url) => {
        const res = await fetch(url);
        return { type: res.headers.get('content-type'), bytes: Array.from(new Uint8Array(await res.arrayBuffer())) };
      }, `/payments/coupon.pdf?account=${ana.accountNumber}&invoice=${overdueId}`);
      expect(coupon.type).toBe('application/pdf');
      rasterise(Buffer.from(coupon.bytes), 'payments-coupon');
    } finally {
      await context.close();
    }
  });

  it('shows the reported-payments and agreements queues to an operator, with their shortcuts and bulk decisions, clean for axe', async () => {
    // A customer reports a transfer (through the app: the form is covered by the plugin's tests).
    const client = injectBrowser(h.portal, HOSTS.payon);
    await client.login(ana.email, PASSWORD);
    await client.get('/payments/report');
    const sent = await postMultipart(h.portal, client, '/payments/report', { account: ana.accountNumber, amount: '12.000', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Galicia', reference: 'TRF-99812' }, [{ name: 'receipt', filename: 'transferencia.pdf', data: PDF }]);
    expect(sent.statusCode).toBe(303);
    await loadInvoice(h.portal, 'payon', ana.accountNumber, { total: '31000.00', period: '2026-04', dueDate: '2026-04-20' });
    await client.get(`/payments/agreements/new?account=${ana.accountNumber}`);
    expect((await client.post('/payments/agreements', { account: ana.accountNumber, instalments: '4', downPayment: '8.000', note: 'Cobro el 10 de cada mes.' })).statusCode).toBe(303);

    const staff = await createStaff(h.portal, 'payon', { role: 'billing', name: 'Marta Cobranzas' });
    const context = await chrome.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await withAxe(context);
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(`http://${HOSTS.payon}:${port}/staff/login`);
      await page.fill('input[name="email"]', staff.email);
      await page.fill('input[name="password"]', staff.password);
      await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('button[type="submit"]')]);
      // The online payments list with its saved filters and shortcut help (the paid invoice above is on it).
      await page.goto(`http://${HOSTS.payon}:${port}/staff/payments`);
      expect(await page.locator('tr[data-key-row]').count()).toBeGreaterThan(0);
      expect(await axeViolations(page, 'online payments')).toEqual([]);
      await page.goto(`http://${HOSTS.payon}:${port}/staff/payments/reports`);
      expect(await page.locator('article[data-report]').count()).toBe(1);
      expect(await axeViolations(page, 'reported payments')).toEqual([]);
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-staff-reports.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/staff\/payments\/reports$/), page.click('button:has-text("Acreditar")')]);
      await expect.poll(() => page.locator('.flash').textContent()).toContain('acreditado');

      await page.goto(`http://${HOSTS.payon}:${port}/staff/payments/agreements`);
      expect(await page.locator('article[data-agreement]').count()).toBe(1);
      await page.screenshot({ path: join(RESULTS_DIR, 'payments-staff-agreements.png'), fullPage: true });
      expect(await axeViolations(page, 'agreements')).toEqual([]);
      await page.keyboard.press('?');
      expect(await page.locator('#staff-keys').isVisible()).toBe(true);
      expect(await axeViolations(page, 'agreements, shortcut help')).toEqual([]);
      expect(await page.locator('#staff-keys').textContent()).not.toContain('Asignarme');
      await page.keyboard.press('Escape');
      // j selects the request and puts the focus on its account, which o (or Enter) opens.
      await page.keyboard.press('j');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(ana.accountNumber);
      await page.getByLabel(`Elegir el pedido de plan de ${ana.accountNumber}`).check();
      await Promise.all([page.waitForURL(/\/staff\/payments\/agreements$/), page.click('#agr-bulk button:has-text("Aprobar los elegidos")')]);
      // The transfer accepted above lowered the debt the plan splits: that approval is refused, named.
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`No aprobados porque la deuda cambió desde el pedido: ${ana.accountNumber}.`);
      await page.getByLabel(`Elegir el pedido de plan de ${ana.accountNumber}`).check();
      await page.getByLabel('Motivo del rechazo (para todos los elegidos)').fill('La deuda cambió: pedilo de nuevo.');
      await Promise.all([page.waitForURL(/\/staff\/payments\/agreements$/), page.click('#agr-bulk button:has-text("Rechazar los elegidos")')]);
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Rechazados: ${ana.accountNumber}.`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** The coupon's first page as a PNG beside the screenshots, when poppler is installed. */
function rasterise(pdf: Buffer, name: string): void {
  const file = join(RESULTS_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  if (!existsSync('/usr/bin/pdftoppm')) return;
  execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '110', '-singlefile', file, join(RESULTS_DIR, name)]);
}

/** Console errors, uncaught exceptions and failed requests of the page. */
