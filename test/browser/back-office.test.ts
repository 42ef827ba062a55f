import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { AccountService } from '../../core/accounts/entities.ts';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { seedCustomer, type SeededCustomer } from '../support/seed-customer.ts';
import { browser as httpBrowser, createAccount, outbox, query } from '../support/fixtures.ts';
import { auditRows, codeFor, createStaff, totpSecretOf, type StaffFixture } from '../staff/staff-fixtures.ts';
import { openThroughForm } from '../../plugins/tickets/tests/harness.ts';
import { PDF, PNG } from '../../plugins/service-requests/tests/harness.ts';
import { launchChromium, RESULTS_DIR, watchForProblems } from './support/chromium.ts';

/**
 * One operator's day in the back office, in a real browser (the back-office issue): an
 * administrator sets up TOTP and signs in with it, sends a first access key, answers a ticket and
 * approves an ownership change. The steps run in order on one signed-in page; each builds on the
 * one before.
 */

const TENANT = 'oficina';
const HOST = 'portal.oficina.test';
const PASSWORD = 'Mostrador-Sereno-31';

let portal: TestPortal;
let base: string;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let problems: string[];

let marta: StaffFixture;
let rosa: { accountId: number; number: string; email: string };
let ana: SeededCustomer;
let bruno: SeededCustomer;
let ticketNumber: number;
/** The base32 secret the enrolment page showed, as the operator's authenticator app holds it. */
let totpSecret: string;

beforeAll(async () => {
  portal = await startTestPortal({ tenantsDir: join(REPO_ROOT, 'test/browser/fixtures/tenants'), pluginPaths: [join(REPO_ROOT, 'plugins')] });
  base = `http://${HOST}:${await listenTestPortal(portal)}`;

  // An administrator on their first day: no TOTP yet, so the first sign-in sets it up.
  marta = await createStaff(portal, TENANT, { role: 'administrator', name: 'Marta Ibáñez', totp: false });

  // An account the provider loaded, whose holder never had a login.
  const account = await createAccount(portal, TENANT, { number: 'OFI-0300', holderName: 'Rosa Quiroga', documentNumber: '27111222', email: 'rosa.quiroga@example.com' });
  rosa = { accountId: account.id, number: account.number, email: 'rosa.quiroga@example.com' };
  await services(rosa.accountId, [{ kind: 'internet', plan: 'Fibra 300', address: 'Los Aromos 77' }]);

  ana = await seedCustomer(portal.db, { tenantId: TENANT, email: 'ana@oficina.test', password: PASSWORD, name: 'Ana Ferreyra', accountNumber: 'OFI-0101' });
  await services(ana.accountId, [{ kind: 'internet', plan: 'Fibra 300', address: 'Av. Bolivia 2140' }]);
  bruno = await seedCustomer(portal.db, { tenantId: TENANT, email: 'bruno@oficina.test', password: PASSWORD, name: 'Bruno Sosa', accountNumber: 'OFI-0202' });
  await services(bruno.accountId, [{ kind: 'internet', plan: 'Fibra 300', address: 'Pasaje Güemes 12' }]);

  // Ana's ticket comes in through the customer's form over HTTP; the browser is the operator's.
  const client = httpBrowser(portal, HOST);
  const login = await client.login(ana.email, PASSWORD);
  expect(login.statusCode, login.body).toBe(303);
  ticketNumber = await openThroughForm(portal, client, { subject: 'El wifi se corta de noche', message: 'Desde el viernes se corta entre las 22 y las 23.' });

  browser = await launchChromium();
  desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-AR' });
  page = await desk.newPage();
  problems = watchForProblems(page);
});

afterAll(async () => {
  await browser?.close();
  await portal?.dispose();
});

describe('the back office in a real browser', () => {
  it('1. an administrator sets up TOTP on the first sign-in, then signs in with password and code', async () => {
    await page.goto(`${base}/staff/login`);
    await signInWithPassword();
    await page.waitForURL((url) => url.pathname === '/staff/totp/enrol');
    expect(await page.locator('.alert-info').textContent()).toContain('Tu rol exige verificación en dos pasos.');
    expect(await page.locator('img.staff-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    // The key under the QR code, typed into an app by hand: groups of four base32 characters.
    const manualKey = (await page.locator('code.staff-key').textContent())!.trim();
    expect(manualKey).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    totpSecret = manualKey.replace(/\s+/g, '');
    await shot('1-totp-enrol');

    await page.getByLabel('Código', { exact: true }).fill(codeFor(totpSecret));
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('button[type="submit"]:has-text("Activar")')]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Verificación en dos pasos activada.');
    // What reached the operator's row is the secret the page showed.
    expect(await totpSecretOf(portal, marta)).toBe(totpSecret);

    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/login'), page.click('.staff-logout-btn')]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Cerraste tu sesión del panel de gestión.');

    // Now a TOTP holder: the password leads to the code step, not into the back office.
    await signInWithPassword();
    await page.waitForURL((url) => url.pathname === '/staff/login/totp');
    expect(await page.locator('h1').textContent()).toBe('Código de verificación');
    // The time step that enrolled is spent (a code counts once). Rather than wait up to 30 s for
    // the next, the test types the app's next code, which the one step of drift allowed accepts.
    await page.getByLabel('Código', { exact: true }).fill(codeFor(totpSecret, 1));
    await shot('2-totp-login');
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff'), page.click('button[type="submit"]:has-text("Verificar")')]);
    expect(await page.locator('.staff-me-name').textContent()).toBe('Marta Ibáñez');
    await shot('3-overview');

    expect(await auditRows(portal, TENANT, 'staff.totp.enrolled')).toMatchObject([{ outcome: 'success', actor_id: String(marta.id), details: { forced: true } }]);
    expect(await auditRows(portal, TENANT, 'staff.login.totp')).toMatchObject([{ outcome: 'success', actor_id: String(marta.id) }]);
    expect(problems).toEqual([]);
  });

  it('2. finds an account without a login and sends its first access key, never seeing it', async () => {
    const mailsBefore = await outboxCount();
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/customers'), page.click('nav.staff-nav a[href="/staff/customers"]')]);
    await page.getByLabel('Buscar cliente').fill('quiroga');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'quiroga'), page.click('form.staff-search button[type="submit"]')]);
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Rosa Quiroga');
    expect(await rows.first().textContent()).toContain(rosa.email);
    expect((await rows.first().locator('.badge').textContent())?.trim()).toBe('Sin acceso');
    await shot('4-customer-search');

    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/accounts/${rosa.accountId}`), rows.first().locator(`a[href="/staff/accounts/${rosa.accountId}"]`).click()]);
    expect(await page.locator('h1').textContent()).toBe('Rosa Quiroga');
    expect(await page.locator('#key-email').inputValue()).toBe(rosa.email);
    await shot('5-account');

    await Promise.all([
      page.waitForURL((url) => /^\/staff\/customers\/\d+$/.test(url.pathname)),
      page.click(`form[action="/staff/accounts/${rosa.accountId}/access-key"] button[type="submit"]`),
    ]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain(`Se envió una clave de acceso a ${rosa.email}.`);
    // The key made her a login, which is where the page now is, waiting for her first access.
    const customerId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await page.locator('h1').textContent()).toBe('Rosa Quiroga');
    expect(await page.locator('.page-header').textContent()).toContain('Primer ingreso pendiente');
    await shot('6-key-sent');

    const mails = await outbox(portal, TENANT, rosa.email);
    expect(mails).toHaveLength(1);
    expect(await outboxCount()).toBe(mailsBefore + 1);
    const key = /\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b/.exec(mails[0].text)?.[0];
    expect(key, mails[0].text).toBeDefined();
    expect(await page.content()).not.toContain(key);
    const issued = await auditRows(portal, TENANT, 'access-key.issued');
    expect(issued).toMatchObject([{ outcome: 'success', subject: rosa.number, actor_type: 'staff', actor_id: String(marta.id), details: { email: rosa.email } }]);
    expect(JSON.stringify(issued)).not.toContain(key);
    const [account] = await query(portal, 'SELECT customer_id FROM accounts WHERE id = ?', [rosa.accountId]);
    expect(account.customer_id).toBe(customerId);
    const [login] = await query(portal, 'SELECT email, must_change_password FROM customers WHERE id = ?', [customerId]);
    expect(login).toEqual({ email: rosa.email, must_change_password: true });
    expect(problems).toEqual([]);
  });

  it('3. answers the ticket a customer filed, which emails the customer', async () => {
    const before = await outbox(portal, TENANT, ana.email);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/tickets'), page.click('nav.staff-nav a[href="/staff/tickets"]')]);
    const row = page.locator(`tr[data-ticket="${ticketNumber}"]`);
    expect(await row.textContent()).toContain('El wifi se corta de noche');
    expect(await row.textContent()).toContain('Ana Ferreyra');
    expect(await row.locator('.badge').textContent()).toBe('Sin responder');
    await shot('7-tickets-queue');

    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/tickets/${ticketNumber}`), row.locator(`a[href="/staff/tickets/${ticketNumber}"] >> nth=0`).click()]);
    expect(await page.locator('.tk-thread').textContent()).toContain('Desde el viernes se corta entre las 22 y las 23.');
    const answer = 'Cambiamos el canal del wifi de tu módem. Si vuelve a cortarse, respondé este ticket.';
    await page.getByLabel('Respuesta', { exact: true }).fill(answer);
    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/tickets/${ticketNumber}`), page.click('button[type="submit"]:has-text("Enviar respuesta")')]);
    await expect.poll(() => page.locator('.flash').textContent()).toContain('Respuesta enviada al cliente.');
    expect(await page.locator('.tk-kicker .badge').textContent()).toBe('Esperando al cliente');
    expect(await page.locator('.tk-thread').textContent()).toContain(answer);
    await shot('8-ticket-answered');

    const [ticket] = await query(portal, 'SELECT status FROM tickets WHERE tenant_id = ? AND number = ?', [TENANT, ticketNumber]);
    expect(ticket.status).toBe('answered');
    const after = await outbox(portal, TENANT, ana.email);
    // Her receipt for opening it was there already; the answer is one email more, with the text.
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)!.subject).toBe(`Respondimos tu ticket N° ${ticketNumber}`);
    expect(after.at(-1)!.text).toContain(`Marta Ibáñez respondió tu ticket N° ${ticketNumber}`);
    expect(after.at(-1)!.text).toContain(answer);
    expect(await auditRows(portal, TENANT, 'tickets.replied')).toMatchObject([{ actor_type: 'staff', actor_id: String(marta.id), subject: `ticket-${ticketNumber}` }]);
    expect(problems).toEqual([]);
  });

  it('4. approves the ownership change a holder filed with its documents; the account leaves the old login', async () => {
    // Bruno files it from his own browser, with the new holder's ID and the signed consent.
    const home = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'es-AR' });
    try {
      const customerPage = await home.newPage();
      const customerProblems = watchForProblems(customerPage);
      await customerPage.goto(`${base}/login`);
      await customerPage.fill('input[name="identifier"]', bruno.email);
      await customerPage.fill('input[name="password"]', PASSWORD);
      await Promise.all([customerPage.waitForURL((url) => url.pathname === '/dashboard'), customerPage.click('form[action="/login"] button[type="submit"]')]);
      await customerPage.click('nav.site-nav a[href="/services"]');
      await Promise.all([customerPage.waitForURL((url) => url.pathname === '/service-requests/new/ownership-change'), customerPage.click('a[data-type="ownership-change"]')]);
      await customerPage.getByLabel('Nombre y apellido o razón social del nuevo titular').fill('Sofía Benítez');
      await customerPage.getByLabel('DNI o CUIT/CUIL del nuevo titular').fill('20-12345678-6');
      await customerPage.getByLabel('Email del nuevo titular').fill('sofia@example.com');
      await customerPage.getByLabel('Teléfono del nuevo titular').fill('+54 9 387 555-0199');
      await customerPage.getByLabel('Relación con el nuevo titular').selectOption('buyer');
      await customerPage.getByLabel(/presto conformidad/).check();
      await customerPage.setInputFiles('input[name="doc-newHolderId"]', { name: 'dni-sofia.png', mimeType: 'image/png', buffer: PNG });
      await customerPage.setInputFiles('input[name="doc-consent"]', { name: 'conformidad.pdf', mimeType: 'application/pdf', buffer: PDF });
      await Promise.all([
        customerPage.waitForURL((url) => /^\/service-requests\/\d+$/.test(url.pathname)),
        customerPage.click('button[type="submit"]:has-text("Enviar solicitud")'),
      ]);
      const requestId = Number(new URL(customerPage.url()).pathname.split('/').pop());
      // The customer is told the tenant's own number; the URL takes the id.
      const [{ number: requestNumber }] = await query(portal, 'SELECT number FROM service_requests WHERE id = ?', [requestId]);
      await expect.poll(() => customerPage.locator('.flash').textContent()).toContain(`Recibimos tu solicitud N° ${requestNumber}`);
      await customerPage.screenshot({ path: join(RESULTS_DIR, 'back-office-9-customer-request.png'), fullPage: true });

      // The operator's queue.
      await Promise.all([page.waitForURL((url) => url.pathname === '/staff/service-requests'), page.click('nav.staff-nav a[href="/staff/service-requests"]')]);
      const row = page.locator(`tr[data-request="${requestId}"]`);
      expect(await row.textContent()).toContain('Cambio de titular');
      expect(await row.textContent()).toContain(bruno.accountNumber);
      expect(await row.textContent()).toContain('Bruno Sosa');
      expect(await row.locator('.badge').textContent()).toBe('Recibida');
      await shot('10-requests-queue');

      await Promise.all([page.waitForURL((url) => url.pathname === `/staff/service-requests/${requestId}`), row.locator(`a[href="/staff/service-requests/${requestId}"] >> nth=0`).click()]);
      expect(await page.locator('.sr-files li').allTextContents()).toEqual([expect.stringContaining('dni-sofia.png'), expect.stringContaining('conformidad.pdf')]);
      expect(await page.locator('.card', { hasText: 'Sofía Benítez' }).count()).toBeGreaterThan(0);
      // Approving without the "I checked" tick is not possible: the browser keeps the form back.
      await page.click('#approve button[type="submit"]');
      expect(await page.locator('#approve-confirm').evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
      expect(new URL(page.url()).pathname).toBe(`/staff/service-requests/${requestId}`);
      await page.getByLabel('Revisé los datos y la documentación.').check();
      await shot('11-request');
      await Promise.all([page.waitForURL((url) => url.pathname === `/staff/service-requests/${requestId}`), page.click('#approve button[type="submit"]')]);
      await expect.poll(() => page.locator('.flash').textContent()).toContain(`Aprobaste la solicitud N° ${requestNumber}.`);
      expect(await page.locator('[data-status]').first().textContent()).toBe('Aprobada');
      await shot('12-request-approved');

      const [request] = await query(portal, 'SELECT status FROM service_requests WHERE id = ?', [requestId]);
      expect(request.status).toBe('approved');
      const [account] = await query(portal, 'SELECT holder_name, document_type, document_number, email, customer_id FROM accounts WHERE id = ?', [bruno.accountId]);
      // Sofía had no login with that email: she gets one, and her access key by email.
      expect(account).toEqual({ holder_name: 'Sofía Benítez', document_type: 'CUIT', document_number: '20123456786', email: 'sofia@example.com', customer_id: expect.any(Number) });
      expect(await query(portal, 'SELECT email FROM customers WHERE id = ?', [account.customer_id])).toEqual([{ email: 'sofia@example.com' }]);
      expect((await outbox(portal, TENANT, 'sofia@example.com')).map((m) => m.subject)).toEqual([expect.stringMatching(/^Tu clave de acceso a la oficina virtual de /)]);
      expect(await query(portal, 'SELECT id FROM accounts WHERE customer_id = ?', [bruno.customerId])).toEqual([]);
      expect(await auditRows(portal, TENANT, 'service-requests.ownership-changed')).toMatchObject([{ subject: bruno.accountNumber, actor_id: String(marta.id) }]);

      // Bruno still signs in, but the account is no longer among his.
      await customerPage.goto(`${base}/services`);
      expect(await customerPage.locator('main').textContent()).toContain('No tenés cuentas asociadas a tu usuario.');
      expect(await customerPage.content()).not.toContain(bruno.accountNumber);
      await customerPage.screenshot({ path: join(RESULTS_DIR, 'back-office-13-old-holder.png'), fullPage: true });
      expect(customerProblems).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await home.close();
    }
  });

  it('5. finds a customer by the phone she gave, written another way, and sees her ticket on her page', async () => {
    await query(portal, 'UPDATE customers SET phone = ? WHERE id = ?', ['+54 9 11 4321-0987', ana.customerId]);
    await Promise.all([page.waitForURL((url) => url.pathname === '/staff/customers'), page.click('nav.staff-nav a[href="/staff/customers"]')]);
    await page.getByLabel('Buscar cliente').fill('011 4321 0987');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === '011 4321 0987'), page.click('form.staff-search button[type="submit"]')]);
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Ana Ferreyra');
    expect((await rows.first().locator('.badge').textContent())?.trim()).toBe('Con acceso');

    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/customers/${ana.customerId}`), rows.first().locator(`a[href="/staff/accounts/${ana.accountId}"]`).click()]);
    const tickets = page.locator('#panel-tickets-tickets');
    expect(await tickets.locator('h2').textContent()).toBe('Tickets');
    expect(await tickets.locator(`a[href="/staff/tickets/${ticketNumber}"]`).textContent()).toBe(`#${ticketNumber}`);
    expect(await page.locator('#panel-service-requests-requests h2').textContent()).toBe('Solicitudes');
    await shot('14-customer-360');
    await Promise.all([page.waitForURL((url) => url.pathname === `/staff/tickets/${ticketNumber}`), tickets.locator(`a[href="/staff/tickets/${ticketNumber}"]`).click()]);
    expect(await page.locator('h1').textContent()).toContain('El wifi se corta de noche');
    expect(problems).toEqual([]);
  });
});

async function signInWithPassword(): Promise<void> {
  await page.getByLabel('Email').fill(marta.email);
  await page.getByLabel('Contraseña').fill(marta.password);
  await page.click('form[action="/staff/login"] button[type="submit"]');
}

async function shot(name: string) {
  // A full-page capture of a scrolled page draws the sticky side menu halfway down.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(RESULTS_DIR, `back-office-${name}.png`), fullPage: true });
}

async function outboxCount(): Promise<number> {
  const [row] = await query(portal, 'SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = ?', [TENANT]);
  return row.n;
}

async function services(accountId: number, rows: { kind: string; plan: string; address: string }[]): Promise<void> {
  const em = portal.db.forTenant(TENANT);
  for (const s of rows) em.create(AccountService, { tenantId: TENANT, accountId, kind: s.kind, plan: s.plan, address: s.address, status: 'active' } as any);
  await em.flush();
}
