import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, type TestPortal } from '../support/test-portal.ts';
import { createStaff, type StaffFixture } from '../staff/staff-fixtures.ts';
import { customer, PASSWORD, PNG, startTicketsPortal, type TestCustomer } from '../../plugins/tickets/tests/harness.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';


let portal: TestPortal;
let port: number;
let browser: Browser;
let ana: TestCustomer;
let laura: StaffFixture;

beforeAll(async () => {
  portal = await startTicketsPortal();
  port = await listenTestPortal(portal);
  ana = await customer(portal, 'soporte', 'ana', [
    { kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Av. Bolivia 2140' },
    { kind: 'tv', plan: 'TV Digital HD', address: 'Av. Bolivia 2140' },
  ]);
  // Support staff sign in with a password only (TOTP is required for administrators).
  laura = await createStaff(portal, 'soporte', { role: 'support', name: 'Laura Gómez' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('tickets in a real browser', () => {
  it('opens a ticket with a file, sees it listed, and reopens it after the provider closed it', async () => {
    const base = `http://portal.soporte.test:${port}`;
    const customerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await customerContext.newPage();
      const problems = watchForProblems(page);
      await page.goto(`${base}/login`);
      await page.fill('input[name="identifier"]', ana.email);
      await page.fill('input[name="password"]', PASSWORD);
      await Promise.all([page.waitForURL((url) => url.pathname === '/dashboard'), page.click('form[action="/login"] button[type="submit"]')]);

      await page.click('nav.site-nav a[href="/tickets"]');
      await page.click('a[href="/tickets/new"]');
      await page.getByLabel('Servicio').selectOption({ label: 'Fibra Hogar 300 Mb · Av. Bolivia 2140' });
      await page.getByLabel('Tipo de consulta').selectOption({ label: 'Problema técnico' });
      await page.getByLabel('Asunto').fill('Se corta internet a la noche');
      await page.getByLabel('Mensaje').fill('Desde el lunes se corta entre las 21 y las 23.\n\nEl módem queda con la luz roja.');
      // A page saved as .png is refused by its content, with the form kept.
      await page.setInputFiles('input[name="attachment"]', { name: 'captura.png', mimeType: 'image/png', buffer: Buffer.from('<html>no soy una imagen</html>') });
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]:has-text("Enviar ticket")')]);
      expect(await page.locator('#attachment-error').textContent()).toContain('«captura.png» no es un archivo PDF, JPG o PNG válido, aunque su nombre lo diga.');
      expect(await page.getByLabel('Asunto').inputValue()).toBe('Se corta internet a la noche');
      await page.screenshot({ path: join(RESULTS_DIR, 'tickets-customer-new-error.png'), fullPage: true });
      await page.setInputFiles('input[name="attachment"]', { name: 'modem.png', mimeType: 'image/png', buffer: PNG });
      await Promise.all([page.waitForURL((url) => /^\/tickets\/\d+$/.test(url.pathname)), page.click('button[type="submit"]:has-text("Enviar ticket")')]);
      const number = Number(new URL(page.url()).pathname.split('/')[2]);
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Recibimos tu ticket N° ${number}.`);
      expect(await page.locator('.tk-files a').textContent()).toContain('modem.png');

      await page.click('a:has-text("Volver a mis tickets")');
      const row = page.locator(`tr[data-ticket="${number}"]`);
      expect(await row.textContent()).toContain('Se corta internet a la noche');
      expect(await row.textContent()).toContain('Pendiente de respuesta');

      // The provider answers and closes it from the back office.
      const desk = await staffContext.newPage();
      const deskProblems = watchForProblems(desk);
      await desk.goto(`${base}/staff/login`);
      await desk.fill('input[name="email"]', laura.email);
      await desk.fill('input[name="password"]', laura.password);
      await Promise.all([desk.waitForURL((url) => url.pathname === '/staff'), desk.click('form[action="/staff/login"] button[type="submit"]')]);
      await desk.click('nav.staff-nav a[href="/staff/tickets"]');
      await desk.screenshot({ path: join(RESULTS_DIR, 'tickets-staff-queue.png'), fullPage: true });
      await desk.click(`tr[data-ticket="${number}"] a[href="/staff/tickets/${number}"] >> nth=0`);
      await desk.getByLabel('Nota', { exact: true }).fill('Revisar la señal del nodo Bolivia.');
      await Promise.all([desk.waitForURL((url) => url.pathname === `/staff/tickets/${number}`), desk.click('button:has-text("Guardar nota")')]);
      await desk.getByLabel('Respuesta', { exact: true }).fill('Vemos microcortes en tu zona; ya los estamos corrigiendo.');
      await Promise.all([desk.waitForURL((url) => url.pathname === `/staff/tickets/${number}`), desk.click('button:has-text("Enviar respuesta")')]);
      await Promise.all([desk.waitForURL((url) => url.pathname === `/staff/tickets/${number}`), desk.click(`form[action="/staff/tickets/${number}/close"] button`)]);
      await expect.poll(() => desk.locator('.flash').textContent()).toContain('Ticket cerrado.');
      await desk.screenshot({ path: join(RESULTS_DIR, 'tickets-staff-ticket.png'), fullPage: true });
      expect(deskProblems).toEqual([]);

      // Back on the customer's side: closed, with the reply but never the note, and a way to reopen.
      await page.goto(`${base}/tickets/${number}`);
      expect(await page.locator('.tk-kicker .badge').textContent()).toBe('Cerrado');
      expect(await page.locator('.tk-thread').textContent()).toContain('ya los estamos corrigiendo');
      expect(await page.content()).not.toContain('nodo Bolivia');
      await page.getByLabel('¿Qué sigue pasando?').fill('Anoche volvió a cortarse.');
      await Promise.all([page.waitForURL((url) => url.pathname === `/tickets/${number}`), page.click('button:has-text("Reabrir con este mensaje")')]);
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Reabriste el ticket N° ${number}.`);
      expect(await page.locator('.tk-kicker .badge').textContent()).toBe('Pendiente de respuesta');
      expect(await page.locator('.tk-event').allTextContents()).toEqual([expect.stringContaining('Cerramos el ticket'), expect.stringContaining('Reabriste el ticket')]);
      await page.screenshot({ path: join(RESULTS_DIR, 'tickets-customer-thread.png'), fullPage: true });

      await page.click('a:has-text("Volver a mis tickets")');
      expect(await page.locator(`tr[data-ticket="${number}"]`).textContent()).toContain('Pendiente de respuesta');
      await page.screenshot({ path: join(RESULTS_DIR, 'tickets-customer-list.png'), fullPage: true });
      // The refused file above is the one error response expected.
      expect(problems.filter((p) => !p.startsWith('HTTP 422'))).toEqual([]);
    } finally {
      await customerContext.close();
      await staffContext.close();
    }
  });
});

/** Console errors, uncaught exceptions and failed requests of the page. */
