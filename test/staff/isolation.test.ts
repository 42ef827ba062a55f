import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, createAccount, createCustomer, location, query, sessionsOf } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { createStaff, loginStaff, STAFF_HOSTS, startStaffPortal, type StaffFixture } from './staff-fixtures.ts';

const ACME = STAFF_HOSTS.acme;
const GLOBEX = STAFF_HOSTS.globex;

let portal: TestPortal;
let acmeAdmin: StaffFixture;
let acme: Client;
let globexCustomer: Awaited<ReturnType<typeof createCustomer>>;
let globexLoneAccount: { id: number };
let globexStaff: StaffFixture;

beforeAll(async () => {
  portal = await startStaffPortal();
  acmeAdmin = await createStaff(portal, 'acme', { role: 'administrator', email: 'jefa@acme.test' });
  acme = await loginStaff(portal, ACME, acmeAdmin);
  globexCustomer = await createCustomer(portal, 'globex', { email: 'vecino@globex.test', name: 'Vecino de Globex', accounts: [{ number: '90001' }] });
  globexLoneAccount = await createAccount(portal, 'globex', { number: '90002', email: 'otro@globex.test' });
  globexStaff = await createStaff(portal, 'globex', { role: 'support' });
});
afterAll(async () => portal?.dispose());

describe("one tenant's staff and the other tenant", () => {
  it("cannot log into the other tenant's back office with their credentials", async () => {
    const res = await browser(portal, GLOBEX).submit('/staff/login', '/staff/login', { email: acmeAdmin.email, password: acmeAdmin.password });
    expect(res.statusCode).toBe(401);
    const [row] = await query(portal, `SELECT tenant_id, actor_type, details FROM audit_log WHERE action = 'staff.login' AND subject = ? AND tenant_id = 'globex'`, [acmeAdmin.email]);
    expect(row).toMatchObject({ actor_type: 'anonymous', details: { reason: 'unknown' } });
  });

  it("a session cookie of one tenant is nobody under the other tenant's hostname", async () => {
    const cookie = acme.cookie('staff_sid')!;
    const res = await portal.app.inject({ method: 'GET', url: '/staff', headers: { host: GLOBEX, cookie: `staff_sid=${cookie}` } });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toMatch(/^\/staff\/login/);
    // ...and the session still works where it belongs.
    expect((await acme.get('/staff')).statusCode).toBe(200);
  });

  it("answers 404 for the other tenant's customers, accounts and operators, and changes nothing", async () => {
    const c = globexCustomer.customer.id;
    const a = globexCustomer.accounts[0].id;
    for (const path of [`/staff/customers/${c}`, `/staff/accounts/${a}`, `/staff/accounts/${globexLoneAccount.id}`, `/staff/users/${globexStaff.id}`]) {
      expect((await acme.get(path)).statusCode, path).toBe(404);
    }
    await browser(portal, GLOBEX).login(globexCustomer.email!, globexCustomer.password);
    await acme.get('/staff');
    for (const path of [
      `/staff/customers/${c}/lock`,
      `/staff/customers/${c}/end-sessions`,
      `/staff/accounts/${a}/access-key`,
      `/staff/accounts/${globexLoneAccount.id}/access-key`,
      `/staff/users/${globexStaff.id}/lock`,
      `/staff/users/${globexStaff.id}/reset-totp`,
      `/staff/users/${globexStaff.id}/role`,
    ]) {
      expect((await acme.post(path, { role: 'administrator' })).statusCode, path).toBe(404);
    }
    const [customer] = await query(portal, 'SELECT locked_at FROM customers WHERE id = ?', [c]);
    expect(customer.locked_at).toBeNull();
    expect(await sessionsOf(portal, c)).toHaveLength(1);
    const [staff] = await query(portal, 'SELECT role, locked_at FROM staff_users WHERE id = ?', [globexStaff.id]);
    expect(staff).toEqual({ role: 'support', locked_at: null });
    expect(await query(portal, `SELECT id FROM mail_outbox WHERE tenant_id = 'globex'`)).toHaveLength(0);
  });

  it("does not find the other tenant's customers, operators or audit rows", async () => {
    for (const q of ['90001', '90002', 'vecino', 'globex.test']) {
      const body = (await acme.get(`/staff/customers?q=${q}`)).body;
      expect(body, q).not.toContain('href="/staff/accounts/');
      expect(body, q).toContain('No hay cuentas que coincidan');
    }
    expect((await acme.get('/staff/users')).body).not.toContain(globexStaff.email);
    const audit = await acme.get('/staff/audit?action=staff.login');
    expect(audit.body).toContain(acmeAdmin.email);
    expect(audit.body).not.toContain(globexStaff.email);
    expect((await acme.get('/staff/audit?subject=vecino')).body).not.toContain('vecino@globex.test');
  });
});

describe('customer and staff cookies stay in their own area', () => {
  it('a customer session does not open the back office', async () => {
    const { email, password } = await createCustomer(portal, 'acme', { email: 'cliente@acme.test' });
    const c = browser(portal, ACME);
    expect((await c.login(email!, password)).statusCode).toBe(303);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    const res = await c.get('/staff');
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/staff/login?next=%2Fstaff');
    // The same value under the staff cookie's name is no staff session either.
    const forged = await portal.app.inject({ method: 'GET', url: '/staff/customers', headers: { host: ACME, cookie: `staff_sid=${c.cookie('portal_sid')}` } });
    expect(location(forged)).toMatch(/^\/staff\/login/);
  });

  it('a staff session does not open the customer area, nor act as a customer', async () => {
    const res = await acme.get('/dashboard');
    expect(res.statusCode).toBe(302);
    expect(location(res)).toMatch(/^\/login/);
    const forged = await portal.app.inject({ method: 'GET', url: '/dashboard', headers: { host: ACME, cookie: `portal_sid=${acme.cookie('staff_sid')}` } });
    expect(location(forged)).toMatch(/^\/login/);
  });

  it('staff actions are attributed to the operator even when a customer is signed in on the same browser', async () => {
    const { customer, email, password } = await createCustomer(portal, 'acme', { email: 'mismo-navegador@acme.test' });
    const both = await loginStaff(portal, ACME, acmeAdmin, browser(portal, ACME));
    await both.login(email!, password);
    await both.get(`/staff/customers/${customer.id}`);
    expect((await both.post(`/staff/customers/${customer.id}/unlock`)).statusCode).toBe(303);
    const [row] = await query(portal, `SELECT actor_type, actor_id FROM audit_log WHERE tenant_id = 'acme' AND action = 'customer.unlocked' AND subject = ?`, [String(customer.id)]);
    // Already unlocked: nothing recorded, and certainly nothing as the customer.
    expect(row).toBeUndefined();
    await both.post(`/staff/customers/${customer.id}/end-sessions`);
    const [ended] = await query(portal, `SELECT actor_type, actor_id FROM audit_log WHERE tenant_id = 'acme' AND action = 'customer.sessions-ended' AND subject = ?`, [String(customer.id)]);
    expect(ended).toEqual({ actor_type: 'staff', actor_id: String(acmeAdmin.id) });
  });
});
