import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, outbox, query, sessionsOf } from '../support/fixtures.ts';
import { hashSessionId } from '../../core/auth/session-store.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

const NEW = 'dulce de leche con banana';

describe('change password', () => {
  it('keeps this session, ends the others and sends a notice', async () => {
    const { customer, number, email, password } = await createCustomer(portal, 'alpha');
    const here = browser(portal, HOSTS.alpha);
    const elsewhere = browser(portal, HOSTS.alpha);
    await here.login(number, password);
    await elsewhere.login(number, password);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(2);

    const form = await here.get('/account/password');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Contraseña actual');
    const res = await here.post('/account/password', { current: password, password: NEW, confirm: NEW });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/account/profile');

    const left = await sessionsOf(portal, customer.id);
    expect(left).toHaveLength(1);
    expect(left[0].id_hash).toBe(hashSessionId(here.cookie('portal_sid')!));
    const profile = await here.get('/account/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Cambiaste tu contraseña y cerramos tus otras sesiones (1)');
    expect(location(await elsewhere.get('/dashboard'))).toMatch(/^\/login/);

    const [notice] = await outbox(portal, 'alpha', email!);
    expect(notice.subject).toBe('Cambiaste tu contraseña de Alpha Internet');
    expect(notice.text).toContain('http://alpha.localhost:3000/password/forgot');
    const audit = await query(portal, `SELECT outcome FROM audit_log WHERE tenant_id = 'alpha' AND action = 'password.change' AND subject = ?`, [String(customer.id)]);
    expect(audit).toEqual([{ outcome: 'success' }]);
    expect((await browser(portal, HOSTS.alpha).login(number, NEW)).statusCode).toBe(303);
  });

  it('refuses a wrong current password or a weak new one, and changes nothing', async () => {
    const { number, password, email } = await createCustomer(portal, 'alpha', { email: 'sofia.ramos@example.com' });
    const c = browser(portal, HOSTS.alpha);
    await c.login(number, password);
    await c.get('/account/password');

    const wrong = await c.post('/account/password', { current: 'not it at all', password: NEW, confirm: NEW });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('La contraseña actual no es correcta');
    const identity = await c.post('/account/password', { current: password, password: `sofia.ramos${number}`, confirm: `sofia.ramos${number}` });
    expect(identity.statusCode).toBe(400);
    expect(identity.body).toContain('no puede contener tu número de cuenta, documento o email');
    const short = await c.post('/account/password', { current: password, password: 'corta', confirm: 'corta' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('al menos 8 caracteres');

    expect(await outbox(portal, 'alpha', email!)).toHaveLength(0);
    expect((await browser(portal, HOSTS.alpha).login(number, password)).statusCode).toBe(303);
  });

  it('sends anonymous visitors to log in', async () => {
    const res = await browser(portal, HOSTS.alpha).get('/account/password');
    expect(res.statusCode).toBe(302);
    expect(location(res)).toBe('/login?next=%2Faccount%2Fpassword');
  });
});
