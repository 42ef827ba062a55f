import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { seedCustomer, type SeededCustomer } from '../support/seed-customer.ts';
import { auditRows, createStaff, type StaffFixture } from '../staff/staff-fixtures.ts';
import { query } from '../support/fixtures.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';

/**
 * A support operator working the ticket queue in a real browser (the back-office issue, issue 20):
 * a calling customer is found by phone and her page opened, the overdue ticket is first, the filtered queue goes out as XLSX, three tickets are assigned at
 * once, and the keyboard moves through the queue. The steps run in order on one signed-in page, on
 * the `oficina` tenant of test/browser/back-office.test.ts (its tickets promise a first answer in
 * 8 hours), so steps before them (finding a customer, the customer page) can share the page.
 */

const TENANT = 'oficina';
const HOST = 'portal.oficina.test';
const PASSWORD = 'Cola-Ordenada-47';

let portal: TestPortal;
let base: string;
let browser: Browser;
let page: Page;
let problems: string[];
let laura: StaffFixture;
let pedro: StaffFixture;
let ana: SeededCustomer;
const n: Record<string, number> = {};

/** A ticket opened `hoursAgo` (so its promised time may have passed), last touched then too. */
async function ticket(key: string, subject: string, category: string, hoursAgo: number): Promise<void> {
  const number = Object.keys(n).length + 1;
  await query(
    portal,
    `INSERT INTO tickets (tenant_id, number, customer_id, account_id, category, subject, created_at, last_activity_at)
     VALUES (?, ?, ?, ?, ?, ?, now() - ? * interval '1 hour', now() - ? * interval '1 hour')`,
    [TENANT, number, ana.customerId, ana.accountId, category, subject, hoursAgo, hoursAgo],
  );
  n[key] = number;
}

const queueNumbers = async () => (await page.locator('tr[data-ticket]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket')))));

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'test/browser/fixtures/tenants'), pluginPaths: [join(REPO_ROOT, 'plugins')] });
  base = `http://${HOST}:${await listenTestPortal(portal)}`;
  ana = await seedCustomer(portal.db, { tenantId: TENANT, email: 'ana.cola@oficina.test', password: PASSWORD, name: 'Ana Ferreyra', accountNumber: 'OFI-0101' });
  // Oldest activity first, except the one whose first answer was due 2 hours ago.
  await ticket('router', 'El router no enciende', 'technical', 6);
  await ticket('slow', 'Anda lento de noche', 'technical', 5);
  await ticket('invoice', 'No me llegó la factura', 'billing', 4);
  await ticket('late', 'Sin servicio desde ayer', 'technical', 10);
  await ticket('move', 'Me mudo en marzo', 'service-change', 3);
  laura = await createStaff(portal, TENANT, { role: 'support', name: 'Laura Gómez', email: 'laura@oficina.test', password: PASSWORD });
  pedro = await createStaff(portal, TENANT, { role: 'support', name: 'Pedro Ruiz', email: 'pedro@oficina.test' });
  browser = await launchChromium();
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-AR', acceptDownloads: true });
  page = await desk.newPage();
  // A download leaves the page's navigation aborted by design: not a fault.
  problems = watchForProblems(page, { failure: (req) => req.url().includes('/staff/tickets/export.') });
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('a support operator working the ticket queue', () => {
  it('1. signs in, finds a calling customer by phone and opens her page, then sees the overdue ticket first in the queue, marked, with its age', async () => {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('Email').fill(laura.email);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('form[action="/staff/login"] button[type="submit"]')]);
    expect(await page.locator('#figure-tickets-breached .card-value').textContent()).toBe('1');

    // A customer calls: found by the phone she gave, written another way; her page shows her tickets.
    await query(portal, 'UPDATE customers SET phone = ? WHERE id = ?', ['+54 9 261 555-0142', ana.customerId]);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/customers'), page.click('nav.staff-nav a[href="/staff/customers"]')]);
    await page.getByLabel('Buscar cliente').fill('0261 555 0142');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === '0261 555 0142'), page.click('form.staff-search button[type="submit"]')]);
    const found = page.locator('table tbody tr');
    expect(await found.count()).toBe(1);
    expect(await found.first().textContent()).toContain('Ana Ferreyra');
    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/customers/${ana.customerId}`), found.first().locator(`a[href="/staff/accounts/${ana.accountId}"]`).click()]);
    const panel = page.locator('#panel-tickets-tickets');
    for (const key of ['late', 'router', 'move']) expect(await panel.locator(`a[href="/staff/tickets/${n[key]}"]`).count()).toBe(1);

    // The queue is read once it has loaded: right after the click the customer's page was still there.
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/tickets'), page.click('nav.staff-nav a[href="/staff/tickets"]')]);
    expect(await queueNumbers()).toEqual([n.late, n.router, n.slow, n.invoice, n.move]);
    const first = page.locator(`tr[data-ticket="${n.late}"]`);
    expect(await first.locator('.badge-danger').textContent()).toBe('Vencido');
    expect(await first.textContent()).toContain('10 h');
    await page.screenshot({ path: join(RESULTS_DIR, 'queue-breached-first.png'), fullPage: true });
  });

  it('2. filters the queue to technical tickets and exports it to XLSX', async () => {
    await page.getByLabel('Tipo de consulta').selectOption({ label: 'Problema técnico' });
    await Promise.all([page.waitForURL((url) => url.searchParams.get('category') === 'technical'), page.click('button:has-text("Filtrar")')]);
    expect(await queueNumbers()).toEqual([n.late, n.router, n.slow]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Exportar Excel")')]);
    expect(download.suggestedFilename()).toMatch(/^tickets-oficina-\d{4}-\d\d-\d\d\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0];
    const rows = [2, 3, 4].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [n.late, 'Sin servicio desde ayer', 'Problema técnico'],
      [n.router, 'El router no enciende', 'Problema técnico'],
      [n.slow, 'Anda lento de noche', 'Problema técnico'],
    ]);
    expect(sheet.rowCount).toBe(4);
    expect(rows[0][10]).toBe('Sí');
    expect(await auditRows(portal, TENANT, 'tickets.exported')).toEqual([expect.objectContaining({ actor_id: String(laura.id), details: { format: 'xlsx', filter: { category: 'technical' } } })]);
  });

  it('3. assigns three tickets to a colleague at once', async () => {
    for (const key of ['late', 'router', 'slow']) await page.check(`#tk-pick-${n[key]}`);
    await page.getByLabel('Asignar a').selectOption({ label: 'Pedro Ruiz' });
    await Promise.all([page.waitForLoadState('load'), page.click('#tk-bulk button:has-text("Asignar")')]);
    expect(new URL(page.url()).search).toBe('?category=technical');
    expect(await page.locator('.alert-success').textContent()).toContain(`Asignados a Pedro Ruiz: N° ${n.late}, N° ${n.router}, N° ${n.slow}.`);
    for (const key of ['late', 'router', 'slow']) expect(await page.locator(`tr[data-ticket="${n[key]}"]`).textContent()).toContain('Pedro Ruiz');
    const assigned = await query<{ number: number; assigned_to: number }>(portal, `SELECT number, assigned_to FROM tickets WHERE tenant_id = ? AND assigned_to IS NOT NULL ORDER BY number`, [TENANT]);
    expect(assigned).toEqual([n.router, n.slow, n.late].sort((a, b) => a - b).map((number) => ({ number, assigned_to: pedro.id })));
    expect(await auditRows(portal, TENANT, 'tickets.assigned')).toHaveLength(3);
    await page.screenshot({ path: join(RESULTS_DIR, 'queue-bulk-assigned.png'), fullPage: true });
  });

  it('4. moves through the queue with the keyboard: ? help, j/k, a assigns to me, r opens the reply', async () => {
    await page.goto(`${base}/staff/tickets`);
    await page.keyboard.press('?');
    expect(await page.locator('#staff-keys').isVisible()).toBe(true);
    expect(await page.locator('#staff-keys').textContent()).toContain('Asignarme el seleccionado');
    await page.keyboard.press('Escape');
    expect(await page.locator('#staff-keys').isVisible()).toBe(false);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    // The second row (the router) is selected and its link has the focus.
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-ticket'))).toBe(String(n.router));
    expect(await page.locator('tr.is-key-selected').getAttribute('data-ticket')).toBe(String(n.router));
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('a')]);
    expect(await page.locator('.alert-success').textContent()).toContain(`Asignados a Laura Gómez: N° ${n.router}.`);
    // Typing in a field is typing, not a shortcut.
    await page.getByLabel('Guardar este filtro como').pressSequentially('ja');
    expect(await page.getByLabel('Guardar este filtro como').inputValue()).toBe('ja');
    expect(await page.locator('tr.is-key-selected').count()).toBe(0);
    expect(await auditRows(portal, TENANT, 'tickets.assigned')).toHaveLength(4);
    await page.getByLabel('Guardar este filtro como').fill('');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/tickets/${n.late}`), page.keyboard.press('r')]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-message');
    expect(problems).toEqual([]);
  });
});
