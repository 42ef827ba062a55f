import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createCustomer, location, query } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { StaffRole } from '../../core/plugins/define-plugin.ts';
import { definePlugin } from '../../core/plugins/define-plugin.ts';
import { createStaff, loginStaff, STAFF_HOSTS, startStaffPortal, type StaffFixture } from './staff-fixtures.ts';
import type { Client } from '../support/browser-like-client.ts';

const HOST = STAFF_HOSTS.acme;
const ROLES: StaffRole[] = ['administrator', 'billing', 'support', 'field'];

let portal: TestPortal;
let customerId: number;
let accountId: number;
let loneAccountId: number;
const clients = new Map<StaffRole, { staff: StaffFixture; client: Client }>();

beforeAll(async () => {
  portal = await startStaffPortal();
  const { customer, accounts } = await createCustomer(portal, 'acme', { email: 'rosa@example.com', name: 'Rosa Gómez' });
  customerId = customer.id;
  accountId = accounts[0].id;
  loneAccountId = (await createAccount(portal, 'acme', { holderName: 'Sin Acceso SA', email: 'sin@example.com' })).id;
  for (const role of ROLES) {
    const staff = await createStaff(portal, 'acme', { role });
    clients.set(role, { staff, client: await loginStaff(portal, HOST, staff) });
  }
});
afterAll(async () => portal?.dispose());

/** Every screen and who may open it: exactly the roles listed, everyone else gets 403. */
const SCREENS: { path: () => string; allowed: StaffRole[] }[] = [
  { path: () => '/staff', allowed: ['administrator', 'billing', 'support', 'field'] },
  { path: () => '/staff/customers', allowed: ['administrator', 'billing', 'support'] },
  { path: () => `/staff/customers/${customerId}`, allowed: ['administrator', 'billing', 'support'] },
  { path: () => `/staff/accounts/${loneAccountId}`, allowed: ['administrator', 'billing', 'support'] },
  { path: () => '/staff/audit', allowed: ['administrator'] },
  { path: () => '/staff/users', allowed: ['administrator'] },
  { path: () => '/staff/users/new', allowed: ['administrator'] },
  { path: () => '/staff/mail', allowed: ['administrator'] },
  { path: () => '/staff/desk', allowed: ['administrator', 'billing', 'support'] },
  // `config: { public: true }`: any signed-in operator, said explicitly by the plugin.
  { path: () => '/staff/desk/guide', allowed: ['administrator', 'billing', 'support', 'field'] },
  { path: () => '/staff/account', allowed: ['administrator', 'billing', 'support', 'field'] },
];

/** Every action and who may do it. Run against a customer that exists, in an order that keeps it valid. */
const ACTIONS: { path: () => string; allowed: StaffRole[] }[] = [
  { path: () => `/staff/customers/${customerId}/end-sessions`, allowed: ['administrator', 'support'] },
  { path: () => `/staff/customers/${customerId}/lock`, allowed: ['administrator', 'support'] },
  { path: () => `/staff/customers/${customerId}/unlock`, allowed: ['administrator', 'support'] },
  { path: () => '/staff/desk/reply', allowed: ['administrator', 'support'] },
];

describe('each role reaches exactly what its permissions allow', () => {
  for (const role of ROLES) {
    it(`${role}: screens`, async () => {
      const { client, staff } = clients.get(role)!;
      for (const screen of SCREENS) {
        const path = screen.path();
        const before = await deniedCount(staff.id);
        const res = await client.get(path);
        if (screen.allowed.includes(role)) {
          expect(res.statusCode, `${role} ${path}`).toBe(200);
          expect(await deniedCount(staff.id), `${role} ${path}`).toBe(before);
        } else {
          expect(res.statusCode, `${role} ${path}`).toBe(403);
          expect(res.body).toContain('Sin permiso');
          expect(await deniedCount(staff.id), `${role} ${path} audited`).toBe(before + 1);
        }
      }
    });

    it(`${role}: actions`, async () => {
      const { client, staff } = clients.get(role)!;
      for (const action of ACTIONS) {
        const path = action.path();
        await client.get('/staff/account');
        const res = await client.post(path);
        if (action.allowed.includes(role)) {
          expect(res.statusCode, `${role} ${path}`).toBe(303);
        } else {
          expect(res.statusCode, `${role} ${path}`).toBe(403);
          const [last] = await query(portal, `SELECT * FROM audit_log WHERE tenant_id = 'acme' AND action = 'staff.denied' AND actor_id = ? ORDER BY id DESC LIMIT 1`, [String(staff.id)]);
          expect(last.outcome).toBe('denied');
          expect(last.actor_type).toBe('staff');
          expect(last.details.path).toBe(path);
        }
      }
    });

    it(`${role}: the menu lists what the role may open, nothing else`, async () => {
      const { client } = clients.get(role)!;
      const body = (await client.get('/staff/account')).body;
      const nav = /<nav class="staff-nav"[\s\S]*?<\/nav>/.exec(body)?.[0] ?? '';
      const links = [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
      const expected = {
        administrator: ['/staff', '/staff/customers', '/staff/desk', '/staff/audit', '/staff/users', '/staff/api', '/staff/mail'],
        billing: ['/staff', '/staff/customers', '/staff/desk'],
        support: ['/staff', '/staff/customers', '/staff/desk'],
        field: ['/staff'],
      }[role];
      expect(links).toEqual(expected);
    });
  }

  it('issuing a key is for support (and administrators) only', async () => {
    const billing = clients.get('billing')!.client;
    await billing.get(`/staff/customers/${customerId}`);
    expect((await billing.post(`/staff/accounts/${accountId}/access-key`)).statusCode).toBe(403);
    expect((await billing.get(`/staff/customers/${customerId}`)).body).not.toContain('/access-key');
    expect((await clients.get('support')!.client.get(`/staff/customers/${customerId}`)).body).toContain(`/staff/accounts/${accountId}/access-key`);
  });

  it('records plugin actions with the operator as actor', async () => {
    const { staff } = clients.get('support')!;
    const [row] = await query(portal, `SELECT * FROM audit_log WHERE tenant_id = 'acme' AND action = 'desk.replied' AND actor_id = ?`, [String(staff.id)]);
    expect(row).toMatchObject({ actor_type: 'staff', outcome: 'success', subject: 'ticket-1' });
  });

  it('records a plugin action in the transaction it is given, committed or rolled back with it', async () => {
    const { staff, client } = clients.get('support')!;
    await client.get('/staff/desk');
    expect((await client.post('/staff/desk/close', { outcome: 'done' })).statusCode).toBe(303);
    await client.get('/staff/desk');
    expect((await client.post('/staff/desk/close', { outcome: 'undo' })).statusCode).toBe(303);
    const rows = await query<{ subject: string; actor_type: string; actor_id: string }>(
      portal,
      `SELECT subject, actor_type, actor_id FROM audit_log WHERE tenant_id = 'acme' AND action = 'desk.closed' ORDER BY id`,
    );
    expect(rows).toEqual([{ subject: 'ticket-2', actor_type: 'staff', actor_id: String(staff.id) }]);
  });
});

describe('overview cards', () => {
  it('shows core figures and the plugin card to those holding its permission, skipping null and failing cards', async () => {
    const support = (await clients.get('support')!.client.get('/staff')).body;
    expect(support).toContain('id="figure-customers"');
    expect(support).toContain('id="figure-desk-open"');
    expect(support).toContain('Consultas abiertas');
    expect(support).toMatch(/id="figure-desk-open"[\s\S]*?<p class="card-value">7<\/p>[\s\S]*?▲ ayer: 4/);
    expect(support).toContain('staff-figure-attention');
    expect(support).not.toContain('figure-desk-hidden');
    expect(support).not.toContain('figure-desk-broken');
    const field = (await clients.get('field')!.client.get('/staff')).body;
    expect(field).toContain('id="figure-customers"');
    expect(field).not.toContain('figure-desk-open');
  });
});

describe('the plugin contract', () => {
  it('refuses a permission outside the plugin name, an unknown role, or a link outside /staff/', () => {
    expect(() => definePlugin({ name: 'tickets', version: '1', sdk: '^1.0.0', permissions: [{ id: 'customers.lock', label: 'x', roles: ['support'] }] })).toThrow(/must start with "tickets\."/);
    expect(() => definePlugin({ name: 'tickets', version: '1', sdk: '^1.0.0', permissions: [{ id: 'tickets.reply', label: 'x', roles: ['boss' as StaffRole] }] })).toThrow(/unknown roles boss/);
    expect(() => definePlugin({ name: 'tickets', version: '1', sdk: '^1.0.0', staffNavigation: [{ id: 't', label: 'x', href: '/tickets', permission: 'tickets.view' }] })).toThrow(/must start with \/staff\//);
  });

  it('answers 404 for a plugin staff route on a tenant without the plugin, even when signed in', async () => {
    const admin = await createStaff(portal, 'globex', { role: 'administrator' });
    const c = await loginStaff(portal, STAFF_HOSTS.globex, admin);
    expect((await c.get('/staff')).statusCode).toBe(200);
    const res = await c.get('/staff/desk');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('staff-bar');
    expect((await c.get('/staff')).body).not.toContain('/staff/desk');
  });

  it('asks anonymous visitors of a plugin staff route to log in', async () => {
    const res = await portal.app.inject({ method: 'GET', url: '/staff/desk', headers: { host: HOST } });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/staff/login?next=%2Fstaff%2Fdesk');
  });
});

async function deniedCount(staffId: number): Promise<number> {
  const [row] = await query(portal, `SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = 'acme' AND action = 'staff.denied' AND outcome = 'denied' AND actor_id = ?`, [String(staffId)]);
  return row.n;
}
