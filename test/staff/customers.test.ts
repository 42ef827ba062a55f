import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, createAccount, createCustomer, location, outbox, query, sessionsOf } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { auditRows, createStaff, loginStaff, STAFF_HOSTS, startStaffPortal, type StaffFixture } from './staff-fixtures.ts';

const HOST = STAFF_HOSTS.acme;
const KEY = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/;

let portal: TestPortal;
let support: StaffFixture;
let staff: Client;
beforeAll(async () => {
  portal = await startStaffPortal();
  support = await createStaff(portal, 'acme', { role: 'support' });
  staff = await loginStaff(portal, HOST, support);
});
afterAll(async () => portal?.dispose());

describe('customer search', () => {
  it('finds by account number, name, document and email, case-insensitively', async () => {
    await createCustomer(portal, 'acme', {
      email: 'Marta.Quiroga@Example.com',
      name: 'Marta Quiroga',
      accounts: [{ number: '70001', holderName: 'Marta Quiroga', documentNumber: '27.345.678' }],
    });
    await createAccount(portal, 'acme', { number: '70002', holderName: 'Ferretería El Tornillo SRL', documentType: 'CUIT', documentNumber: '30-71234567-1' });
    await createCustomer(portal, 'globex', { email: 'marta@globex.test', name: 'Marta Globex', accounts: [{ number: '70003' }] });

    const hits = async (q: string) => {
      const res = await staff.get(`/staff/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      return [...res.body.matchAll(/<a href="\/staff\/accounts\/\d+">(\d+)<\/a>/g)].map((m) => m[1]);
    };
    expect(await hits('70001')).toEqual(['70001']);
    expect(await hits('marta')).toEqual(['70001']);
    expect(await hits('QUIROGA')).toEqual(['70001']);
    expect(await hits('27345678')).toEqual(['70001']);
    expect(await hits('27.345')).toEqual(['70001']);
    expect(await hits('marta.quiroga@example.COM')).toEqual(['70001']);
    expect(await hits('tornillo')).toEqual(['70002']);
    expect(await hits('30712345671')).toEqual(['70002']);
    expect(await hits('%')).toEqual([]);
    expect(await hits('nadie')).toEqual([]);
  });

  it('pages the results', async () => {
    for (let i = 0; i < 30; i++) await createAccount(portal, 'acme', { number: `8${String(i).padStart(4, '0')}`, holderName: `Zeta Paginada ${String(i).padStart(2, '0')}` });
    const first = await staff.get('/staff/customers?q=zeta+paginada');
    expect(first.body).toContain('30 resultado(s)');
    expect(first.body).toContain('Página 1 de 2');
    expect([...first.body.matchAll(/Zeta Paginada/g)]).toHaveLength(25);
    const second = await staff.get('/staff/customers?q=zeta+paginada&page=2');
    expect([...second.body.matchAll(/Zeta Paginada/g)]).toHaveLength(5);
    expect((await staff.get('/staff/customers?page=abc')).statusCode).toBe(200);
    // Nothing typed: the tenant's first accounts by name, paged the same way.
    const all = await staff.get('/staff/customers');
    expect(all.statusCode).toBe(200);
    expect([...all.body.matchAll(/<a href="\/staff\/accounts\/\d+">/g)]).toHaveLength(25);
    expect(all.body).toMatch(/Página 1 de \d+/);
  });
});

describe('customer search: words in any order, accents, phones, ranking', () => {
  const hits = async (q: string) => {
    const res = await staff.get(`/staff/customers?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return [...res.body.matchAll(/<a href="\/staff\/accounts\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
  };

  beforeAll(async () => {
    await createCustomer(portal, 'acme', { name: 'Lucía Fernández', email: 'lfernandez@example.com', phone: '+54 9 11 5555-0199', accounts: [{ number: '74001', holderName: 'Lucía Fernández', documentNumber: '28111333' }] });
    await createAccount(portal, 'acme', { number: '74002', holderName: 'Lucio Fernando Gómez', documentNumber: '28999000' });
    // The same name in another tenant is never found from this one.
    await createCustomer(portal, 'globex', { name: 'Lucía Fernández', phone: '11 5555-0199', accounts: [{ number: '74003', holderName: 'Lucía Fernández' }] });
  });

  it('finds a full name in two words, in any order, without accents or case', async () => {
    expect(await hits('lucia fernandez')).toEqual(['74001']);
    expect(await hits('FERNÁNDEZ Lucía')).toEqual(['74001']);
    expect(await hits('fernandez luc')).toEqual(['74001']);
    expect(await hits('lucia gomez')).toEqual([]);
  });

  it('finds a phone however it is written: with +54 9, with the trunk 0, or only its last digits', async () => {
    for (const q of ['11 5555-0199', '+54 9 11 5555 0199', '011 5555-0199', '5491155550199', '5555-0199']) expect(await hits(q), q).toEqual(['74001']);
    expect(await hits('11 5555-0198')).toEqual([]);
  });

  it('puts the exact document and account number before partial matches', async () => {
    await createAccount(portal, 'acme', { number: '74010', holderName: 'Ana Ortiz SRL', documentType: 'CUIT', documentNumber: '30-32111222-4' });
    await createAccount(portal, 'acme', { number: '74011', holderName: 'Zulema Ortiz', documentNumber: '32111222' });
    // Alphabetically Ana comes first; the DNI typed exactly is Zulema's.
    expect(await hits('32111222')).toEqual(['74011', '74010']);
    expect(await hits('32.111.222')).toEqual(['74011', '74010']);
    await createAccount(portal, 'acme', { number: 'AB-7', holderName: 'Cuenta Corta' });
    await createAccount(portal, 'acme', { number: 'AB-70', holderName: 'Abel Abdala' });
    expect((await hits('ab-7'))[0]).toBe('AB-7');
    // Two letters have no trigram: only an exact account number answers them.
    expect(await hits('ab')).toEqual([]);
  });

  it('ranks at most 200 matches and says there were more', async () => {
    await query(portal, `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
      SELECT 'acme', 'YT-' || i, 'Yerba Tope ' || lpad(i::text, 3, '0'), 'DNI', (40000000 + i)::text FROM generate_series(1, 205) AS i`);
    const page = await staff.get('/staff/customers?q=yerba+tope');
    expect(page.body).toContain('Más de 200 resultados: mostramos los 200 más parecidos entre los primeros encontrados.');
    expect(page.body).toContain('Página 1 de 8');
    expect(await hits('yerba tope')).toHaveLength(25);
    expect((await staff.get('/staff/customers?q=yerba+tope&page=8')).body.match(/Yerba Tope \d{3}/g)).toHaveLength(25);
  });

  it('says whether the current holder can get in: no login, a key never used, a login, locked', async () => {
    const none = await createAccount(portal, 'acme', { number: '75001', holderName: 'Acceso Ninguno' });
    await createCustomer(portal, 'acme', { name: 'Acceso Clave', mustChangePassword: true, accounts: [{ number: '75002', holderName: 'Acceso Clave' }] });
    await createCustomer(portal, 'acme', { name: 'Acceso Activo', accounts: [{ number: '75003', holderName: 'Acceso Activo' }] });
    const locked = await createCustomer(portal, 'acme', { name: 'Acceso Bloqueado', accounts: [{ number: '75004', holderName: 'Acceso Bloqueado' }] });
    await query(portal, 'UPDATE customers SET locked_at = now() WHERE id = ?', [locked.customer.id]);
    const res = await staff.get('/staff/customers?q=acceso');
    const access = Object.fromEntries(
      [...res.body.matchAll(/<a href="\/staff\/accounts\/\d+">(\d+)<\/a>[\s\S]*?<span class="badge [^"]+">([^<]+)<\/span>/g)].map((m) => [m[1], m[2]]),
    );
    expect(access).toEqual({ '75001': 'Sin acceso', '75002': 'Clave enviada, sin primer ingreso', '75003': 'Con acceso', '75004': 'Bloqueado' });
    // Issuing the first key moves the account from "no login" to "key sent".
    await staff.get(`/staff/accounts/${none.id}`);
    await staff.post(`/staff/accounts/${none.id}/access-key`, { email: 'acceso.ninguno@example.com' });
    expect((await staff.get('/staff/customers?q=75001')).body).toContain('Clave enviada, sin primer ingreso');
  });
});

describe('customer detail', () => {
  it('shows accounts, services, active sessions and recent activity', async () => {
    const { customer, accounts, email, password } = await createCustomer(portal, 'acme', { name: 'Lucía Benítez', accounts: [{ number: '71001' }, { number: '71002' }] });
    await query(portal, `INSERT INTO account_services (tenant_id, account_id, kind, plan, address, status) VALUES ('acme', ?, 'internet', 'Fibra 300 Mb', 'San Martín 123', 'active')`, [accounts[0].id]);
    const customerBrowser = browser(portal, HOST);
    expect((await customerBrowser.login(email!, password)).statusCode).toBe(303);

    const res = await staff.get(`/staff/customers/${customer.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Lucía Benítez');
    expect(res.body).toContain('Cuenta 71001');
    expect(res.body).toContain('Cuenta 71002');
    expect(res.body).toContain('Fibra 300 Mb');
    expect(res.body).toMatch(/Sesiones activas<\/dt><dd>1<\/dd>/);
    expect(res.body).toContain('Ingreso al portal');
    // An account with a login redirects to it.
    const viaAccount = await staff.get(`/staff/accounts/${accounts[1].id}`);
    expect(viaAccount.statusCode).toBe(302);
    expect(location(viaAccount)).toBe(`/staff/customers/${customer.id}#account-${accounts[1].id}`);
  });

  it('answers 404 for ids that do not exist or are not numbers', async () => {
    for (const path of ['/staff/customers/999999', '/staff/customers/abc', '/staff/accounts/999999', '/staff/customers/1e3']) {
      expect((await staff.get(path)).statusCode, path).toBe(404);
    }
  });
});

describe('customer page: plugin panels and sessions', () => {
  it("shows each panel the operator may see, in order, with the customer's accounts; a failing one says so and the page still answers", async () => {
    const { customer, email, password } = await createCustomer(portal, 'acme', { name: 'Paula Panel', accounts: [{ number: '76001' }, { number: '76002' }] });
    const customerBrowser = browser(portal, HOST);
    await customerBrowser.login(email!, password);

    const page = await staff.get(`/staff/customers/${customer.id}`);
    expect(page.statusCode).toBe(200);
    const panels = [...page.body.matchAll(/<section class="card staff-panel" id="panel-([\w-]+)"/g)].map((m) => m[1]);
    expect(panels).toEqual(['desk-requests', 'desk-notes', 'desk-broken']);
    expect(page.body).toMatch(/Consultas del cliente<\/h2>\s*<ul class="desk-panel"><li>Paula Panel: 76001, 76002<\/li>/);
    expect(page.body).toMatch(/Sección rota<\/h2>\s*<p class="muted" role="status">Esta sección no se pudo cargar/);
    expect(page.body).not.toContain('Sección vacía');
    // Core's own section: the customer's open session, with where it comes from.
    expect(page.body).toContain('Sesiones abiertas en el portal');
    const sessions = page.body.slice(page.body.indexOf('id="sessions-heading"'), page.body.indexOf('id="activity-heading"'));
    expect(sessions).toMatch(/<tbody>\s*<tr>\s*<td[^>]*>Dispositivo desconocido<\/td>\s*<td[^>]*>\d+\.\d+\.\d+\.\d+<\/td>\s*<td[^>]*>\d\d\/\d\d\/\d{4} \d\d:\d\d<\/td>/);

    // Billing may view the desk but not reply: the reply-only panel is neither read nor shown.
    const billing = await loginStaff(portal, HOST, await createStaff(portal, 'acme', { role: 'billing' }));
    const theirs = await billing.get(`/staff/customers/${customer.id}`);
    expect([...theirs.body.matchAll(/<section class="card staff-panel" id="panel-([\w-]+)"/g)].map((m) => m[1])).toEqual(['desk-requests', 'desk-broken']);
    expect(theirs.body).not.toContain('Notas internas');
  });

  it('shows the panels on the page of an account nobody has claimed, without a customer', async () => {
    const account = await createAccount(portal, 'acme', { number: '76003', holderName: 'Sin Usuario' });
    const page = await staff.get(`/staff/accounts/${account.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<li>sin usuario: 76003</li>');
  });

  it("shows no panel of a plugin the tenant does not enable", async () => {
    const { customer } = await createCustomer(portal, 'globex', { name: 'Gala Globex' });
    const globexStaff = await loginStaff(portal, STAFF_HOSTS.globex, await createStaff(portal, 'globex', { role: 'support' }));
    const page = await globexStaff.get(`/staff/customers/${customer.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('staff-panel');
    expect(page.body).toContain('No tiene sesiones abiertas.');
  });
});

describe('access keys', () => {
  it('issues a first key for an account without login: one email, one audit entry, the key shown to nobody', async () => {
    const account = await createAccount(portal, 'acme', { number: '72001', holderName: 'Carlos Sosa', email: 'carlos.sosa@example.com' });
    const page = await staff.get(`/staff/accounts/${account.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enviar clave de acceso');

    const res = await staff.post(`/staff/accounts/${account.id}/access-key`, { email: 'carlos.sosa@example.com' });
    expect(res.statusCode).toBe(303);
    const target = location(res);
    expect(target).toMatch(/^\/staff\/customers\/\d+$/);
    const after = await staff.get(target);
    expect(after.body).toContain('Se envió una clave de acceso a carlos.sosa@example.com');

    const mails = await outbox(portal, 'acme', 'carlos.sosa@example.com');
    expect(mails).toHaveLength(1);
    const key = KEY.exec(mails[0].text)?.[0];
    expect(key).toBeTruthy();
    expect(res.body).not.toContain(key);
    expect(after.body).not.toContain(key);

    const audit = await auditRows(portal, 'acme', 'access-key.issued');
    const mine = audit.filter((r) => r.subject === '72001');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ actor_type: 'staff', actor_id: String(support.id), outcome: 'success' });
    expect(mine[0].ip).toBeTruthy();
    expect(JSON.stringify(mine[0].details)).not.toContain(key);

    // The customer gets in with it.
    expect(location(await browser(portal, HOST).login('72001', key!))).toBe('/account/password?first=1');
  });

  it('re-sends a key to a customer with a login: their old password and sessions end', async () => {
    const { customer, accounts, email, password } = await createCustomer(portal, 'acme', { email: 'resend@example.com', accounts: [{ number: '72002', email: 'resend@example.com' }] });
    await browser(portal, HOST).login(email!, password);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(1);
    await staff.get(`/staff/customers/${customer.id}`);
    const res = await staff.post(`/staff/accounts/${accounts[0].id}/access-key`);
    expect(location(res)).toBe(`/staff/customers/${customer.id}`);
    expect(await outbox(portal, 'acme', 'resend@example.com')).toHaveLength(1);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(0);
    expect((await browser(portal, HOST).login(email!, password)).statusCode).toBe(401);
  });

  it('says so when the account has no email, and sends nothing', async () => {
    const account = await createAccount(portal, 'acme', { number: '72003', email: null });
    await staff.get(`/staff/accounts/${account.id}`);
    const res = await staff.post(`/staff/accounts/${account.id}/access-key`, { email: '' });
    expect(location(res)).toBe(`/staff/accounts/${account.id}`);
    expect((await staff.get(location(res))).body).toContain('La cuenta no tiene email');
    expect((await auditRows(portal, 'acme', 'access-key.issued')).filter((r) => r.subject === '72003')).toHaveLength(0);
  });
});

describe('locking a login', () => {
  it('ends the customer sessions, refuses their login, and unlocking lets them back', async () => {
    const { customer, email, password } = await createCustomer(portal, 'acme', { email: 'lock@example.com' });
    const customerBrowser = browser(portal, HOST);
    await customerBrowser.login(email!, password);
    expect((await customerBrowser.get('/dashboard')).statusCode).toBe(200);

    await staff.get(`/staff/customers/${customer.id}`);
    const lock = await staff.post(`/staff/customers/${customer.id}/lock`, { reason: 'Pedido del titular por teléfono' });
    expect(location(lock)).toBe(`/staff/customers/${customer.id}`);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(0);
    expect(location(await customerBrowser.get('/dashboard'))).toMatch(/^\/login/);
    expect((await browser(portal, HOST).login(email!, password)).statusCode).toBe(401);
    const [locked] = (await auditRows(portal, 'acme', 'customer.locked')).filter((r) => r.subject === String(customer.id));
    expect(locked).toMatchObject({ actor_type: 'staff', actor_id: String(support.id) });
    expect(locked.details).toEqual({ sessionsEnded: 1, reason: 'Pedido del titular por teléfono' });
    const detail = await staff.get(`/staff/customers/${customer.id}`);
    expect(detail.body).toContain('Bloqueado');
    expect(detail.body).not.toContain('/access-key');

    await staff.post(`/staff/customers/${customer.id}/unlock`);
    expect((await browser(portal, HOST).login(email!, password)).statusCode).toBe(303);
    expect((await auditRows(portal, 'acme', 'customer.unlocked')).filter((r) => r.subject === String(customer.id))).toHaveLength(1);
  });

  it('ends every session of a customer without locking them', async () => {
    const { customer, email, password } = await createCustomer(portal, 'acme', { email: 'sessions@example.com' });
    await browser(portal, HOST).login(email!, password);
    await browser(portal, HOST).login(email!, password);
    await staff.get(`/staff/customers/${customer.id}`);
    await staff.post(`/staff/customers/${customer.id}/end-sessions`);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(0);
    const [row] = (await auditRows(portal, 'acme', 'customer.sessions-ended')).filter((r) => r.subject === String(customer.id));
    expect(row.details).toEqual({ ended: 2 });
    expect((await browser(portal, HOST).login(email!, password)).statusCode).toBe(303);
  });
});
