import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { seedCustomer } from '../support/seed-customer.ts';
import { auditRows, createStaff, freshCode, type StaffFixture } from '../staff/staff-fixtures.ts';
import { query } from '../support/fixtures.ts';
import { launchChromium, watchForProblems } from './support/chromium.ts';
import { axeViolations, withAxe } from './support/axe.ts';

/**
 * The queue tools of the tickets queue on the other lists (issue 20): an administrator takes two
 * service requests into review at once, walks the request queue and the audit log with the
 * keyboard (no "reply" or "assign" where they mean nothing), and saves a filter of the log. Axe
 * checks the pages with their checkboxes, bulk forms and the shortcut help open.
 */

const TENANT = 'oficina';
const HOST = 'portal.oficina.test';
const PASSWORD = 'Cola-Ordenada-47';

let portal: TestPortal;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let admin: StaffFixture;
const ids: number[] = [];

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'test/browser/fixtures/tenants'), pluginPaths: [join(REPO_ROOT, 'plugins')] });
  base = `http://${HOST}:${await listenTestPortal(portal)}`;
  for (const [i, name] of ['Ana Ferreyra', 'Bruno Díaz', 'Carla Sosa'].entries()) {
    const c = await seedCustomer(portal.db, { tenantId: TENANT, email: `c${i}@oficina.test`, password: PASSWORD, name, accountNumber: `OFI-020${i}` });
    const [{ id }] = await query<{ id: number }>(
      portal,
      `INSERT INTO service_requests (tenant_id, number, type, account_id, customer_id, created_at) VALUES (?, ?, 'ownership-change', ?, ?, now() - ? * interval '1 hour') RETURNING id`,
      [TENANT, i + 1, c.accountId, c.customerId, 10 - i],
    );
    ids.push(Number(id));
  }
  // What the system did on its own: audit rows with no one to link to.
  for (const action of ['access-key.issued', 'sessions.purged']) {
    await query(portal, `INSERT INTO audit_log (tenant_id, actor_type, action, subject, outcome) VALUES (?, 'system', ?, 'nightly', 'success')`, [TENANT, action]);
  }
  admin = await createStaff(portal, TENANT, { role: 'administrator', name: 'Inés Admin', email: 'ines@oficina.test', password: PASSWORD });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-AR', bypassCSP: true });
  await withAxe(context);
  page = await context.newPage();
  problems = watchForProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('queue tools on the service requests and the audit log', () => {
  it('1. takes two requests into review at once from the queue', async () => {
    await page.goto(`${base}/staff/login`);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Contraseña').fill(PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/login/totp'), page.click('form[action="/staff/login"] button[type="submit"]')]);
    await page.getByLabel('Código', { exact: true }).fill(await freshCode(portal, admin));
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('button[type="submit"]')]);
    await page.goto(`${base}/staff/service-requests`);
    expect(await axeViolations(page, 'service-requests queue')).toEqual([]);
    await page.getByLabel('Elegir la solicitud N° 1').check();
    await page.getByLabel('Elegir la solicitud N° 2').check();
    await Promise.all([page.waitForLoadState('load'), page.click('#sr-bulk button:has-text("Tomar para revisión")')]);
    expect(await page.locator('.alert-success').textContent()).toContain('En revisión: N° 1, N° 2.');
    expect(await query(portal, `SELECT status FROM service_requests WHERE id IN (?, ?, ?) ORDER BY id`, ids)).toEqual([{ status: 'in_review' }, { status: 'in_review' }, { status: 'submitted' }]);
    expect((await auditRows(portal, TENANT, 'service-requests.review-started')).map((a) => Number(a.subject))).toEqual([ids[0], ids[1]]);
  });

  it('2. walks the request queue with j/k and opens one with o; the help offers reply but not assign', async () => {
    await page.keyboard.press('?');
    expect(await page.locator('#staff-keys').isVisible()).toBe(true);
    expect(await axeViolations(page, 'service-requests queue, shortcut help')).toEqual([]);
    const help = await page.locator('#staff-keys').textContent();
    expect(help).toContain('Responder');
    expect(help).not.toContain('Asignarme');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = await page.locator('tr.is-key-selected').getAttribute('data-request');
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-request'))).toBe(selected);
    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/service-requests/${selected}`), page.keyboard.press('o')]);
  });

  it('3. saves a filter of the audit log and walks its rows, which have no link, with the keyboard', async () => {
    await page.goto(`${base}/staff/audit?actorType=system`);
    expect(await axeViolations(page, 'audit log')).toEqual([]);
    await page.getByLabel('Guardar este filtro como').fill('Del sistema');
    await Promise.all([page.waitForLoadState('load'), page.click('.staff-saved-form button[type="submit"]')]);
    expect(new URL(page.url()).search).toBe('?actorType=system');
    expect(await page.locator('.staff-saved-list a[aria-current="true"]').textContent()).toBe('Del sistema');
    expect(await query(portal, `SELECT queue, name, query FROM staff_saved_filters WHERE tenant_id = ?`, [TENANT])).toEqual([{ queue: 'audit', name: 'Del sistema', query: 'actorType=system' }]);
    await page.keyboard.press('j');
    expect(await page.locator('tr.is-key-selected').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TR');
    // Nothing to open on a row without a link: o stays on the page.
    await page.keyboard.press('o');
    expect(new URL(page.url()).pathname).toBe('/staff/audit');
    await page.keyboard.press('?');
    const help = await page.locator('#staff-keys').textContent();
    expect(help).not.toContain('Responder');
    expect(help).not.toContain('Asignarme');
    expect(problems).toEqual([]);
  });
});
