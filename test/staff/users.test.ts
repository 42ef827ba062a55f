import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, location, query } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { auditRows, codeFor, createStaff, loginStaff, STAFF_HOSTS, startStaffPortal, staffRow, type StaffFixture } from './staff-fixtures.ts';

const HOST = STAFF_HOSTS.acme;
const ONE_TIME = /<p class="staff-one-time"><code>([A-Z0-9-]+)<\/code><\/p>/;

let portal: TestPortal;
let adminFixture: StaffFixture;
let admin: Client;
beforeAll(async () => {
  portal = await startStaffPortal();
  adminFixture = await createStaff(portal, 'acme', { role: 'administrator' });
  admin = await loginStaff(portal, HOST, adminFixture);
});
afterAll(async () => portal?.dispose());

async function createThroughScreen(email: string, role: string, totpRequired: boolean): Promise<{ id: number; password: string }> {
  await admin.get('/staff/users/new');
  const res = await admin.post('/staff/users', { email, name: `Nueva ${role}`, role, ...(totpRequired ? { totpRequired: 'on' } : {}) });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const password = ONE_TIME.exec(res.body)?.[1];
  expect(password).toBeTruthy();
  const [row] = await query(portal, `SELECT id FROM staff_users WHERE tenant_id = 'acme' AND email = lower(?)`, [email]);
  return { id: row.id, password: password! };
}

describe('staff management', () => {
  it('creates an operator with a one-time password, who changes it and sets up TOTP at first login', async () => {
    const { id, password } = await createThroughScreen('Nuevo.Soporte@Acme.test', 'support', true);
    const row = await staffRow(portal, id);
    expect(row).toMatchObject({ email: 'nuevo.soporte@acme.test', role: 'support', must_change_password: true, totp_required: true });
    expect(row.password_hash).not.toContain(password);
    const [created] = (await auditRows(portal, 'acme', 'staff.created')).filter((r) => r.subject === 'nuevo.soporte@acme.test');
    expect(created).toMatchObject({ actor_type: 'staff', actor_id: String(adminFixture.id) });
    expect(JSON.stringify(created.details)).not.toContain(password);

    const c = browser(portal, HOST);
    await c.get('/staff/login');
    expect(location(await c.post('/staff/login', { email: 'nuevo.soporte@acme.test', password }))).toBe('/staff/totp/enrol');
    const enrol = await c.get('/staff/totp/enrol');
    const secret = /<code class="staff-key">([^<]+)<\/code>/.exec(enrol.body)![1].replace(/ /g, '');
    expect(location(await c.post('/staff/totp/enrol', { code: codeFor(secret) }))).toBe('/staff');
    expect(location(await c.get('/staff'))).toBe('/staff/account/password');
    await c.get('/staff/account/password');
    const changed = await c.post('/staff/account/password', { current: password, password: 'mi frase de soporte', confirm: 'mi frase de soporte' });
    expect(location(changed)).toBe('/staff');
    expect((await c.get('/staff/customers')).statusCode).toBe(200);
  });

  it('refuses a duplicate email and an unknown role', async () => {
    const existing = await createStaff(portal, 'acme', { role: 'billing' });
    await admin.get('/staff/users/new');
    const dup = await admin.post('/staff/users', { email: existing.email.toUpperCase(), name: 'Otra', role: 'billing' });
    expect(dup.statusCode).toBe(400);
    expect(dup.body).toContain('Ya hay un operador con ese email');
    const role = await admin.post('/staff/users', { email: 'rol@acme.test', name: 'Rol', role: 'root' });
    expect(role.statusCode).toBe(400);
    expect(role.body).toContain('Elegí un rol de la lista');
  });

  it('changes a role: the new permissions apply on the next request, an administrator must enrol TOTP', async () => {
    const field = await createStaff(portal, 'acme', { role: 'field' });
    const c = await loginStaff(portal, HOST, field);
    expect((await c.get('/staff/customers')).statusCode).toBe(403);

    await admin.get(`/staff/users/${field.id}`);
    expect(location(await admin.post(`/staff/users/${field.id}/role`, { role: 'support' }))).toBe(`/staff/users/${field.id}`);
    expect((await c.get('/staff/customers')).statusCode).toBe(200);

    await admin.post(`/staff/users/${field.id}/role`, { role: 'administrator' });
    expect(location(await c.get('/staff/users'))).toBe('/staff/totp/enrol');
    const changes = (await auditRows(portal, 'acme', 'staff.role-changed')).filter((r) => r.subject === field.email);
    expect(changes.map((r) => [r.details.from, r.details.to])).toEqual([['field', 'support'], ['support', 'administrator']]);
  });

  it('locks an operator out at once and lets them back after unlocking', async () => {
    const billing = await createStaff(portal, 'acme', { role: 'billing' });
    const c = await loginStaff(portal, HOST, billing);
    await admin.get(`/staff/users/${billing.id}`);
    await admin.post(`/staff/users/${billing.id}/lock`);
    expect(location(await c.get('/staff'))).toMatch(/^\/staff\/login/);
    expect(await query(portal, 'SELECT 1 FROM staff_sessions WHERE staff_user_id = ?', [billing.id])).toHaveLength(0);
    expect((await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: billing.email, password: billing.password })).statusCode).toBe(401);
    await admin.post(`/staff/users/${billing.id}/unlock`);
    await loginStaff(portal, HOST, billing);
  });

  it('resets TOTP: sessions end and the operator enrols again', async () => {
    const other = await createStaff(portal, 'acme', { role: 'administrator' });
    const c = await loginStaff(portal, HOST, other);
    await admin.get(`/staff/users/${other.id}`);
    await admin.post(`/staff/users/${other.id}/reset-totp`);
    expect(location(await c.get('/staff'))).toMatch(/^\/staff\/login/);
    const row = await staffRow(portal, other.id);
    expect(row).toMatchObject({ totp_secret: null, totp_enabled_at: null, totp_required: true });
    const again = await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: other.email, password: other.password });
    expect(location(again)).toBe('/staff/totp/enrol');
  });

  it('resets a password to a one-time one', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    await admin.get(`/staff/users/${support.id}`);
    const res = await admin.post(`/staff/users/${support.id}/reset-password`);
    const password = ONE_TIME.exec(res.body)![1];
    expect((await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: support.password })).statusCode).toBe(401);
    const c = await loginStaff(portal, HOST, { ...support, password });
    expect(location(await c.get('/staff'))).toBe('/staff/account/password');
  });

  it('does not let an administrator lock, demote or reset themselves from this screen', async () => {
    await admin.get(`/staff/users/${adminFixture.id}`);
    for (const action of ['lock', 'role', 'reset-totp', 'reset-password']) {
      const res = await admin.post(`/staff/users/${adminFixture.id}/${action}`, { role: 'field' });
      expect(location(res), action).toBe(`/staff/users/${adminFixture.id}`);
    }
    expect(await staffRow(portal, adminFixture.id)).toMatchObject({ role: 'administrator', locked_at: null });
    expect((await admin.get('/staff/users')).statusCode).toBe(200);
  });
});
