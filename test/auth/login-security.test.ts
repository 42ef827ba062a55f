import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, ageAuditTrail, browser, createCustomer, location, outbox, query, tokenFrom } from '../support/fixtures.ts';

/** Failures on one login from this many addresses lock it (the default is higher). */
const LOCK_ADDRESSES = 3;

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ loginLockout: { addresses: LOCK_ADDRESSES } });
});

/** As if a minute had passed for the per-route limit of 20 requests a minute per address. */
async function nextMinute() {
  await query(portal, 'DELETE FROM rate_limit_counters');
}
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

describe('login throttling by source', () => {
  it('does not let wrong passwords from one address keep the owner out from another', async () => {
    const { number, password } = await createCustomer(portal, 'alpha');
    const attacker = browser(portal, HOSTS.alpha);
    await attacker.get('/login');
    for (let i = 0; i < 7; i++) await attacker.post('/login', { identifier: number, password: `wrong-${i}-password` });
    expect((await attacker.post('/login', { identifier: number, password })).statusCode).toBe(429);

    const owner = browser(portal, HOSTS.alpha);
    expect((await owner.login(number, password)).statusCode).toBe(303);
    expect(owner.cookie('portal_sid')).toBeDefined();
  });

  it('locks a login guessed at from many addresses once, emails its holder a reset link, and lifts the lock after the window', async () => {
    const { number, email, password } = await createCustomer(portal, 'alpha');
    const guess = async (i: number) => {
      const c = browser(portal, HOSTS.alpha);
      await c.get('/login');
      return c.post('/login', { identifier: number, password: `guess-${i}-password` });
    };
    // More addresses than the threshold, at once: only one request may start the lock.
    const codes = (await Promise.all(Array.from({ length: LOCK_ADDRESSES + 3 }, (_, i) => guess(i)))).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeGreaterThanOrEqual(LOCK_ADDRESSES);

    const owner = browser(portal, HOSTS.alpha);
    const refused = await owner.login(number, password);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('bloqueamos el ingreso a esta cuenta');
    expect(owner.cookie('portal_sid')).toBeUndefined();

    // More guesses during the lock send nothing more.
    await Promise.all(Array.from({ length: LOCK_ADDRESSES + 1 }, (_, i) => guess(100 + i)));
    const mails = await outbox(portal, 'alpha', email!);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Bloqueamos el ingreso a tu usuario de Alpha Internet');
    expect(mails[0].text).toContain('15 minutos');
    const form = await owner.get(`/password/reset?token=${tokenFrom(mails[0].text, '/password/reset')}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Nueva contraseña');

    await ageAuditTrail(portal, number.toLowerCase(), 16);
    expect((await owner.login(number, password)).statusCode).toBe(303);
  });

  it('lets the holder back in at once through the new password the lock email offers', async () => {
    const { email, password } = await createCustomer(portal, 'alpha');
    await Promise.all(Array.from({ length: LOCK_ADDRESSES }, async (_, i) => {
      const c = browser(portal, HOSTS.alpha);
      await c.get('/login');
      return c.post('/login', { identifier: email!, password: `guess-${i}-password` });
    }));
    const owner = browser(portal, HOSTS.alpha);
    expect((await owner.login(email!, password)).statusCode).toBe(429);
    const [mail] = await outbox(portal, 'alpha', email!);
    const token = tokenFrom(mail.text, '/password/reset');
    const chosen = 'una frase nueva y larga';
    expect((await owner.submit(`/password/reset?token=${token}`, '/password/reset', { token, password: chosen, confirm: chosen })).statusCode).toBe(303);
    expect((await owner.login(email!, chosen)).statusCode).toBe(303);
    // What the guessers were after is worthless now.
    expect((await browser(portal, HOSTS.alpha).login(email!, password)).statusCode).toBe(401);
  });

  it('locks an identifier that names nobody the same way, without any email', async () => {
    const ghost = 'nadie-aqui@example.com';
    await Promise.all(Array.from({ length: LOCK_ADDRESSES }, async (_, i) => {
      const c = browser(portal, HOSTS.alpha);
      await c.get('/login');
      return c.post('/login', { identifier: ghost, password: `guess-${i}-password` });
    }));
    const res = await browser(portal, HOSTS.alpha).login(ghost, 'otra-clave-cualquiera');
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('bloqueamos el ingreso a esta cuenta');
    expect(await outbox(portal, 'alpha', ghost)).toHaveLength(0);
  });

  it('still stops one address trying many accounts', async () => {
    const sprayer = browser(portal, HOSTS.alpha, '198.51.100.7');
    await sprayer.get('/login');
    for (let i = 0; i < 30; i++) {
      if (i % 15 === 0) await nextMinute();
      const { number } = await createCustomer(portal, 'alpha');
      expect((await sprayer.post('/login', { identifier: number, password: 'Password123' })).statusCode).toBe(401);
    }
    await nextMinute();
    const target = await createCustomer(portal, 'alpha');
    const stopped = await sprayer.post('/login', { identifier: target.number, password: target.password });
    expect(stopped.statusCode).toBe(429);
    expect(stopped.body).toContain('desde tu conexión');
    expect(sprayer.cookie('portal_sid')).toBeUndefined();
    // The customer themselves, from home, is not affected.
    expect((await browser(portal, HOSTS.alpha).login(target.number, target.password)).statusCode).toBe(303);
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
