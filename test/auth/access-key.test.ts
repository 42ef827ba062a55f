import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createAccount, location, outbox, query } from '../support/fixtures.ts';
import { issueAccessKey } from '../../core/accounts/access-keys.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

async function issue(accountNumber: string) {
  const tenant = portal.tenants.get('alpha')!;
  return issueAccessKey(portal.services, portal.db.forTenant('alpha'), tenant, { accountNumber });
}

describe('first access with a provider-issued key', () => {
  it('emails the key, then makes the customer choose a password before anything else', async () => {
    const account = await createAccount(portal, 'alpha', { email: 'clave@example.com', holderName: 'Ramón Díaz' });
    await issue(account.number);

    const [mail] = await outbox(portal, 'alpha', 'clave@example.com');
    expect(mail.subject).toBe('Tu clave de acceso a la oficina virtual de Alpha Internet');
    expect(mail.text).toContain('Hola, Ramón Díaz');
    expect(mail.text).toContain(`cuenta ${account.number}`);
    expect(mail.text).toContain('http://alpha.localhost:3000/login');
    const key = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/.exec(mail.text)?.[0];
    expect(key).toBeTruthy();

    const c = browser(portal, HOSTS.alpha);
    const login = await c.login(account.number, key!);
    expect(login.statusCode).toBe(303);
    expect(location(login)).toBe('/account/password?first=1');

    // Every other page sends them back until the password is chosen.
    for (const page of ['/dashboard', '/account/profile', '/account/sessions']) {
      const res = await c.get(page);
      expect(res.statusCode).toBe(302);
      expect(location(res)).toBe('/account/password?first=1');
    }

    const form = await c.get('/account/password?first=1');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ingresaste con una clave provisoria');
    expect(form.body).not.toContain('name="current"');

    const same = await c.post('/account/password?first=1', { password: key!, confirm: key! });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('tiene que ser distinta de la actual');

    const done = await c.post('/account/password?first=1', { password: 'la yerba de la mañana', confirm: 'la yerba de la mañana' });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe('/dashboard');
    expect((await c.get('/dashboard')).statusCode).toBe(200);

    const [row] = await query(portal, 'SELECT must_change_password FROM customers c JOIN accounts a ON a.customer_id = c.id WHERE a.id = ?', [account.id]);
    expect(row.must_change_password).toBe(false);
    const notices = await outbox(portal, 'alpha', 'clave@example.com');
    expect(notices.map((m) => m.subject)).toContain('Cambiaste tu contraseña de Alpha Internet');

    // The key no longer opens the account.
    expect((await browser(portal, HOSTS.alpha).login(account.number, key!)).statusCode).toBe(401);
  });

  it('asks for the current password when the query flag is used without a pending change', async () => {
    const account = await createAccount(portal, 'alpha', { email: 'clave2@example.com' });
    await issue(account.number);
    const key = /[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}/.exec((await outbox(portal, 'alpha', 'clave2@example.com'))[0].text)![0];
    const c = browser(portal, HOSTS.alpha);
    await c.login(account.number, key);
    await c.submit('/account/password?first=1', '/account/password?first=1', { password: 'la yerba de la tarde', confirm: 'la yerba de la tarde' });
    const form = await c.get('/account/password?first=1');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="current"');
  });
});
