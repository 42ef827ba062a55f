import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, query } from '../support/fixtures.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

describe('login throttling', () => {
  it('slows an account down after five failed logins, even with the right password', async () => {
    const { number, password } = await createCustomer(portal, 'alpha');
    const c = browser(portal, HOSTS.alpha);
    await c.get('/login');
    for (let i = 0; i < 5; i++) {
      const res = await c.post('/login', { identifier: number, password: `wrong-${i}-password` });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('no son correctos');
    }
    const blocked = await c.post('/login', { identifier: number, password });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('demasiados intentos fallidos');
    expect(c.cookie('portal_sid')).toBeUndefined();

    // Another account from the same place is not affected.
    const other = await createCustomer(portal, 'alpha');
    expect((await c.post('/login', { identifier: other.number, password: other.password })).statusCode).toBe(303);
  });
});

describe('tenant isolation', () => {
  it('does not let a customer of alpha log in on beta with the same credentials', async () => {
    const { number, email, password } = await createCustomer(portal, 'alpha');
    expect((await browser(portal, HOSTS.alpha).login(number, password)).statusCode).toBe(303);
    for (const identifier of [number, email!]) {
      const res = await browser(portal, HOSTS.beta).login(identifier, password);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('is not correct');
    }
  });

  it('keeps same-numbered accounts of two tenants apart', async () => {
    const inAlpha = await createCustomer(portal, 'alpha', { email: 'gemelo@example.com', password: 'la clave de alpha', accounts: [{ number: 'GEMELO-1' }] });
    const inBeta = await createCustomer(portal, 'beta', { email: 'gemelo@example.com', password: 'la clave de beta', accounts: [{ number: 'GEMELO-1' }] });
    expect((await browser(portal, HOSTS.beta).login('GEMELO-1', inAlpha.password)).statusCode).toBe(401);
    expect((await browser(portal, HOSTS.alpha).login('gemelo@example.com', inBeta.password)).statusCode).toBe(401);
    const beta = browser(portal, HOSTS.beta);
    expect((await beta.login('GEMELO-1', inBeta.password)).statusCode).toBe(303);
    const [session] = await query(portal, 'SELECT tenant_id, customer_id FROM sessions WHERE customer_id = ?', [inBeta.customer.id]);
    expect(session).toEqual({ tenant_id: 'beta', customer_id: inBeta.customer.id });
  });

  it('does not accept a session cookie of alpha on beta', async () => {
    const { number, password } = await createCustomer(portal, 'alpha');
    const alpha = browser(portal, HOSTS.alpha);
    await alpha.login(number, password);
    const cookie = `portal_sid=${alpha.cookie('portal_sid')}`;
    expect((await alpha.get('/dashboard')).statusCode).toBe(200);

    const beta = browser(portal, HOSTS.beta);
    for (const page of ['/dashboard', '/account/profile', '/account/sessions']) {
      const res = await beta.get(page, { cookie });
      expect(res.statusCode).toBe(302);
      expect(location(res)).toMatch(/^\/login/);
    }
    // The alpha session itself is untouched by the attempt.
    expect((await alpha.get('/dashboard')).statusCode).toBe(200);
  });
});
