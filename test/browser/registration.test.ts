import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { createAccount, HOSTS } from '../support/fixtures.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';

let portal: TestPortal;
let port: number;
let browser: Browser;

beforeAll(async () => {
  portal = await startTestPortal();
  port = await listenTestPortal(portal);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('first access (registration) in a real browser', () => {
  it('a misfit number under DNI keeps the form as typed with its message; the right one gets the neutral "check your email" page', async () => {
    const account = await createAccount(portal, 'alpha', { holderName: 'Marta Gómez', documentType: 'DNI', documentNumber: '30123456' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      // The misfit number is refused on purpose (400) to show its message.
      const problems = watchForProblems(page, { response: (res) => res.status() === 400 && new URL(res.url()).pathname === '/register' });
      await page.goto(`http://${HOSTS.alpha}:${port}/register`);
      await page.getByLabel('Nombre y apellido del titular').fill('Marta Gómez');
      await page.getByLabel('Número de cuenta').fill(account.number);
      await page.getByLabel('Tipo de documento').selectOption('DNI');
      await page.getByLabel('Número de documento del titular').fill('20-30123456-7');
      await page.getByLabel('Tu email').fill('marta@example.com');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]:has-text("Continuar")')]);

      // 11 digits under DNI: the message sits under that field, and nothing typed is lost.
      await expect.poll(() => page.locator('#documentNumber-error').textContent()).toContain('El DNI tiene 7 u 8 números. Si es un CUIT o CUIL (11 números), elegí ese tipo.');
      expect(await page.getByLabel('Número de documento del titular').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Número de documento del titular').getAttribute('aria-describedby')).toContain('documentNumber-error');
      expect(await page.getByLabel('Nombre y apellido del titular').inputValue()).toBe('Marta Gómez');
      expect(await page.getByLabel('Número de cuenta').inputValue()).toBe(account.number);
      expect(await page.getByLabel('Tipo de documento').inputValue()).toBe('DNI');
      expect(await page.getByLabel('Número de documento del titular').inputValue()).toBe('20-30123456-7');
      expect(await page.getByLabel('Tu email').inputValue()).toBe('marta@example.com');
      // Focus lands where the problem is, not on the page's body.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('documentNumber');
      await page.screenshot({ path: join(RESULTS_DIR, 'register-misfit-dni.png'), fullPage: true });

      await page.getByLabel('Número de documento del titular').fill('30.123.456');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]:has-text("Continuar")')]);
      await expect.poll(() => page.locator('h1').textContent()).toContain('Revisá tu email');
      expect(await page.locator('main').textContent()).toContain('marta@example.com');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
