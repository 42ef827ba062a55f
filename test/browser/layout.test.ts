import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';
import { customerLogin, startDemoPortal, staffLogin, type DemoBrand, type DemoPortal } from './support/demo-portal.ts';
import { createStaff, freshCode } from '../staff/staff-fixtures.ts';
import { query } from '../support/fixtures.ts';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1366, height: 768 };
// A cell's name on a phone starts with its column's label (the card's ::before), then the amount.
const MONEY = /\$ -?[\d.]+,\d{2}$/;

let demo: DemoPortal;
let browser: Browser;
/** RedNorte's customer with two accounts: invoices, a statement, payable documents and tickets on both. */
let rednorte: DemoBrand;

beforeAll(async () => {
  demo = await startDemoPortal();
  rednorte = demo.brands.find((b) => b.brandId === 'rednorte')!;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.portal.dispose();
});

/**
 * Drawn within the phone's width and not cut off by a scroller: with the page scrolled down to
 * it (never sideways, and no scroll box scrolled either), the element itself is what sits at the
 * centre of its first line.
 */
async function expectOnScreen(what: string, locator: Locator): Promise<void> {
  await locator.waitFor();
  const seen = await locator.evaluate((el) => {
    window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2);
    const r = el.getBoundingClientRect();
    // A link wrapped onto two lines has its box's centre between the lines: test its first line.
    const first = el.getClientRects()[0] ?? r;
    const hit = document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
    let scrolledSideways = window.scrollX !== 0;
    for (let up = el.parentElement; up; up = up.parentElement) if (up.scrollLeft !== 0) scrolledSideways = true;
    return { left: r.left, right: r.right, width: r.width, atCentre: hit !== null && el.contains(hit), scrolledSideways, viewport: window.innerWidth };
  });
  expect(seen.width, `${what}: width`).toBeGreaterThan(0);
  expect(seen.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(seen.right, `${what}: right edge`).toBeLessThanOrEqual(seen.viewport);
  expect(seen.atCentre, `${what}: visible, not covered or cut off`).toBe(true);
  expect(seen.scrolledSideways, `${what}: something scrolled sideways`).toBe(false);
}

async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, viewport } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(scrollWidth, `${what}: page width at ${viewport} px`).toBeLessThanOrEqual(viewport);
}

describe('a customer on a 390×844 phone', () => {
  /** The customer's session after one sign-in: each test opens its own context with it, not another sign-in. */
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;

  beforeAll(async () => {
    // Left open on a failure: the browser's close in afterAll takes it along.
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await customerLogin(page, rednorte.origin, rednorte.customer);
    expect(problems, 'console errors and failed requests signing in').toEqual([]);
    signedIn = await context.storageState();
    await context.close();
  });

  it('sees amount, status and action of the first row of invoices, statement, payments and tickets without scrolling sideways', async () => {
    const context = await browser.newContext({ viewport: PHONE, storageState: signedIn });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);

      await page.goto(`${rednorte.origin}/invoices`);
      await expectNoSidewaysScroll(page, '/invoices');
      const invoice = page.getByRole('table').first().locator('tbody tr').first();
      await expectOnScreen('invoice total', invoice.getByRole('cell', { name: MONEY }).first());
      await expectOnScreen('invoice balance', invoice.getByRole('cell', { name: MONEY }).last());
      await expectOnScreen('invoice status', invoice.locator('.badge'));
      await expectOnScreen('invoice download', invoice.getByRole('link', { name: /^Bajar .* en PDF$/ }));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-invoices.png'), fullPage: true });

      await page.goto(`${rednorte.origin}/invoices/statement`);
      await expectNoSidewaysScroll(page, '/invoices/statement');
      const movement = page.getByRole('table').first().locator('tbody tr').filter({ has: page.getByRole('link') }).first();
      await expectOnScreen('statement balance', movement.getByRole('cell', { name: MONEY }).last());
      await expectOnScreen('statement invoice link', movement.getByRole('link'));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-statement.png'), fullPage: true });

      await page.goto(`${rednorte.origin}/payments`);
      await expectNoSidewaysScroll(page, '/payments');
      const payable = page.getByRole('table').first().locator('tbody tr').first();
      await expectOnScreen('payable balance', payable.getByRole('cell', { name: MONEY }).last());
      await expectOnScreen('payable due date or overdue badge', payable.getByRole('cell', { name: /Vencida el|\d{2}\/\d{2}\/\d{4}/ }).first());
      await expectOnScreen('"Pagar en línea"', payable.getByRole('link', { name: 'Pagar en línea' }));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-payments.png'), fullPage: true });

      await page.goto(`${rednorte.origin}/tickets`);
      await expectNoSidewaysScroll(page, '/tickets');
      const ticket = page.getByRole('table').first().locator('tbody tr').first();
      await expectOnScreen('ticket status', ticket.locator('.badge'));
      await expectOnScreen('ticket link', ticket.getByRole('link').first());
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-tickets.png'), fullPage: true });

      expect(problems, 'console errors and failed requests').toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens the main menu from its button instead of a strip cut at the edge', async () => {
    const context = await browser.newContext({ viewport: PHONE, storageState: signedIn });
    try {
      const page = await context.newPage();
      await page.goto(`${rednorte.origin}/dashboard`);
      const button = page.getByRole('button', { name: 'Menú principal' });
      const invoices = page.getByRole('navigation', { name: 'Menú principal' }).getByRole('link', { name: 'Facturas' });
      await expectOnScreen('menu button', button);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await invoices.isVisible()).toBe(false);

      await button.click();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const links = page.getByRole('navigation', { name: 'Menú principal' }).getByRole('link');
      expect(await links.count()).toBeGreaterThanOrEqual(6);
      for (const link of await links.all()) await expectOnScreen(`menu link ${await link.textContent()}`, link);
      await expectNoSidewaysScroll(page, 'dashboard, menu open');

      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('nav-toggle'))).toBe(true);

      await button.click();
      await Promise.all([page.waitForURL((url) => url.pathname === '/invoices'), invoices.click()]);
    } finally {
      await context.close();
    }
  });

  it('tells apart tickets of two accounts with the same subject by account and service', async () => {
    const context = await browser.newContext({ viewport: PHONE, storageState: signedIn });
    try {
      const page = await context.newPage();
      await page.goto(`${rednorte.origin}/tickets`);
      const rows = await page.getByRole('table').first().locator('tbody tr').all();
      const described = await Promise.all(rows.map(async (row) => (await row.getByRole('cell').nth(1).innerText()).replace(/\s+/g, ' ').trim()));
      expect(described.length).toBeGreaterThanOrEqual(4);
      expect(new Set(described).size, described.join('\n')).toBe(described.length);
      for (const number of rednorte.customer.accountNumbers) expect(described.some((d) => d.includes(`Cuenta ${number}`)), number).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('a refused form', () => {
  it('moves focus to its error summary: customer login, a ticket with a bad file, the back office login', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return { role: el?.getAttribute('role') ?? null, isError: el?.classList.contains('alert-error') ?? false, text: el?.textContent?.trim() ?? '' };
        });

      await page.goto(`${rednorte.origin}/login`);
      await page.fill('input[name="identifier"]', rednorte.customer.email);
      await page.fill('input[name="password"]', 'no-es-la-clave');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/login"] button[type="submit"]')]);
      await expect.poll(focused).toEqual({ role: 'alert', isError: true, text: 'El número de cuenta, el email o la contraseña no son correctos.' });

      await customerLogin(page, rednorte.origin, rednorte.customer);
      await page.goto(`${rednorte.origin}/tickets/new`);
      await page.getByLabel('Tipo de consulta').selectOption({ index: 1 });
      await page.getByLabel('Asunto').fill('Prueba de foco');
      await page.getByLabel('Mensaje').fill('El adjunto no es una imagen.');
      await page.setInputFiles('input[name="attachment"]', { name: 'captura.png', mimeType: 'image/png', buffer: Buffer.from('<html>no soy una imagen</html>') });
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]:has-text("Enviar ticket")')]);
      await expect.poll(focused).toMatchObject({ role: 'alert', isError: true });
      expect((await focused()).text).toBe((await page.getByRole('alert').first().textContent())?.trim());

      await page.goto(`${rednorte.origin}/staff/login`);
      await page.fill('input[name="email"]', rednorte.operators[0].email);
      await page.fill('input[name="password"]', 'no-es-la-clave');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/staff/login"] button[type="submit"]')]);
      await expect.poll(focused).toEqual({ role: 'alert', isError: true, text: 'El email o la contraseña no son correctos.' });
    } finally {
      await context.close();
    }
  });

  it('leaves focus alone on a page that was not refused', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto(`${rednorte.origin}/login`);
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    } finally {
      await context.close();
    }
  });
});

describe('the back office on a 390×844 phone', () => {
  it('fits the screen: no page of the operator menu scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      await staffLogin(page, rednorte.origin, rednorte.operators[0]);
      const hrefs = await page.locator('nav.staff-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(hrefs.length).toBeGreaterThanOrEqual(4);
      for (const href of hrefs) {
        await page.goto(rednorte.origin + href);
        await expectNoSidewaysScroll(page, href);
      }
    } finally {
      await context.close();
    }
  });
});

describe('an operator on a 390×844 phone', () => {
  /** The utility: the only demo tenant with every queue, meter readings included. */
  const aguas = () => demo.brands.find((b) => b.tenantId === 'aguas-del-valle')!;
  const firstRow = (page: Page) => page.getByRole('table').first().locator('tbody tr').first();
  /** On a card each cell's name starts with its column's label. */
  const cell = (row: Locator, label: string) => row.getByRole('cell', { name: new RegExp(`^${label}`) });

  /** The demo's operators are support and billing; only an administrator (with TOTP) sees every list, audit included. */
  async function adminLogin(page: Page, brand: DemoBrand): Promise<void> {
    const admin = await createStaff(demo.portal, brand.tenantId, { role: 'administrator', name: 'Carla Vidal' });
    await page.goto(`${brand.origin}/staff/login`);
    await page.fill('input[name="email"]', admin.email);
    await page.fill('input[name="password"]', admin.password);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/login/totp'), page.click('form[action="/staff/login"] button[type="submit"]')]);
    await page.getByLabel('Código', { exact: true }).fill(await freshCode(demo.portal, admin));
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('button[type="submit"]:has-text("Verificar")')]);
  }

  it('sees number, status, amount, due date, checkbox and action of the first row of every queue and list without scrolling sideways', async () => {
    const brand = aguas();
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      // The demo's readings are all the provider's: one sent by a customer waits in the queue.
      await query(
        demo.portal,
        `UPDATE meter_readings_readings SET source = 'customer', window_key = 'phone-test', submitted_at = now()
         WHERE id = (SELECT max(id) FROM meter_readings_readings WHERE tenant_id = ? AND source = 'company')`,
        [brand.tenantId],
      );
      await adminLogin(page, brand);
      const open = async (path: string) => {
        await page.goto(brand.origin + path);
        await expectNoSidewaysScroll(page, path);
        return firstRow(page);
      };

      let row = await open('/staff/tickets');
      await expectOnScreen('ticket checkbox', row.getByRole('checkbox'));
      await expectOnScreen('ticket number', row.getByRole('link', { name: /^N° \d+$/ }));
      await expectOnScreen('ticket status', row.locator('.badge').first());
      await expectOnScreen('ticket SLA due', cell(row, 'Vence'));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-staff-tickets.png'), fullPage: true });

      row = await open('/staff/service-requests');
      await expectOnScreen('request number', row.getByRole('link', { name: /^N° \d+$/ }));
      await expectOnScreen('request status', row.locator('.badge').first());
      await expectOnScreen('request SLA due', cell(row, 'Vence'));

      row = await open('/staff/payments');
      await expectOnScreen('payment amount', row.getByRole('cell', { name: MONEY }));
      await expectOnScreen('payment status', row.locator('.badge'));
      await expectOnScreen('payment reference link', cell(row, 'Concepto').getByRole('link'));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-staff-payments.png'), fullPage: true });

      row = await open('/staff/meter-readings');
      await expectOnScreen('reading checkbox', row.getByRole('checkbox'));
      await expectOnScreen('reading account', cell(row, 'Cuenta').getByRole('link'));
      await expectOnScreen('reading value', cell(row, 'Lectura'));
      await expectOnScreen('"mark as billed"', page.getByRole('button', { name: 'Marcar las seleccionadas como facturadas' }));

      row = await open(`/staff/customers?q=${encodeURIComponent(brand.customer.accountNumbers[0])}`);
      await expectOnScreen('customer account', cell(row, 'Cuenta').getByRole('link'));
      await expectOnScreen('customer portal access', cell(row, 'Acceso al portal').locator('.badge'));
      // The account's page: every plugin's panel is cards too.
      await Promise.all([page.waitForURL(/\/staff\/(accounts|customers)\/\d+/), cell(row, 'Cuenta').getByRole('link').click()]);
      await expectNoSidewaysScroll(page, 'the account page');
      await expectOnScreen('latest invoice total on the account page', page.locator('tr[data-invoice]').first().getByRole('cell', { name: MONEY }));

      row = await open('/staff/audit');
      await expectOnScreen('audit time', cell(row, 'Cuándo'));
      await expectOnScreen('audit outcome', cell(row, 'Acción').locator('.badge'));
      await page.screenshot({ path: join(RESULTS_DIR, 'phone-staff-audit.png'), fullPage: true });

      for (const path of ['/staff', '/staff/payments/reports', '/staff/payments/agreements']) await open(path);
      expect(problems, 'console errors and failed requests').toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens the back-office menu from its button instead of a strip that scrolls sideways', async () => {
    const brand = aguas();
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const page = await context.newPage();
      await staffLogin(page, brand.origin, brand.operators[0]);
      const nav = page.getByRole('navigation', { name: 'Menú del panel de gestión' });
      const button = nav.getByRole('button', { name: 'Menú del panel de gestión' });
      const tickets = nav.getByRole('link', { name: 'Tickets' });
      await expectOnScreen('menu button', button);
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await tickets.isVisible()).toBe(false);

      await button.click();
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      const links = nav.getByRole('link');
      expect(await links.count()).toBeGreaterThanOrEqual(6);
      for (const link of await links.all()) await expectOnScreen(`menu link ${await link.textContent()}`, link);
      await expectNoSidewaysScroll(page, '/staff, menu open');

      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('nav-toggle'))).toBe(true);

      await button.click();
      await Promise.all([page.waitForURL((url) => url.pathname === '/staff/tickets'), tickets.click()]);
    } finally {
      await context.close();
    }
  });
});

describe('a customer at 1366×768', () => {
  it('sees the menu on one row, each dashboard amount on one line and every badge inside its card, on every demo brand', async () => {
    for (const brand of demo.brands) {
      const context = await browser.newContext({ viewport: LAPTOP });
      try {
        const page = await context.newPage();
        await customerLogin(page, brand.origin, brand.customer);
        const layout = await page.evaluate(() => {
          const rows = new Set([...document.querySelectorAll('.site-nav .nav-link')].map((a) => Math.round(a.getBoundingClientRect().top)));
          // The amount is the card value's first text: one line box, not "$" above its figures.
          const amounts = [...document.querySelectorAll('.card-value')].map((el) => {
            const range = document.createRange();
            range.selectNodeContents(el.firstChild!);
            return { text: el.firstChild!.textContent!.trim(), lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
          });
          const badges = [...document.querySelectorAll('.card .badge')].map((b) => {
            const r = b.getBoundingClientRect();
            const card = b.closest('.card')!.getBoundingClientRect();
            return { text: b.textContent!.trim(), inside: r.left >= card.left && r.right <= card.right };
          });
          return { menuRows: rows.size, amounts, badges };
        });
        expect(layout.menuRows, `${brand.brandId}: rows of the main menu`).toBe(1);
        expect(layout.amounts.length, `${brand.brandId}: dashboard amounts`).toBeGreaterThan(0);
        for (const amount of layout.amounts) expect(amount.lines, `${brand.brandId}: "${amount.text}" on one line`).toBe(1);
        for (const badge of layout.badges) expect(badge.inside, `${brand.brandId}: badge "${badge.text}" inside its card`).toBe(true);
        await page.screenshot({ path: join(RESULTS_DIR, `laptop-dashboard-${brand.brandId}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    }
  });
});
