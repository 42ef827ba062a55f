import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, sessionsOf } from '../support/fixtures.ts';
import type { Client } from '../support/browser-like-client.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

async function loginWith(c: Client, identifier: string, password: string, ua: string) {
  await c.get('/login', { 'user-agent': ua });
  return c.post('/login', { identifier, password }, { 'user-agent': ua });
}

/** The `ref`s of the end buttons, in page order. */
function refs(body: string): string[] {
  return [...body.matchAll(/action="\/account\/sessions\/([0-9a-f]{16})\/end"/g)].map((m) => m[1]);
}

describe('open sessions', () => {
  it('lists the customer own sessions with device, address and a mark on this one', async () => {
    const { number, password } = await createCustomer(portal, 'alpha');
    const laptop = browser(portal, HOSTS.alpha, '10.1.1.1');
    const phone = browser(portal, HOSTS.alpha, '10.2.2.2');
    await loginWith(laptop, number, password, FIREFOX_LINUX);
    await loginWith(phone, number, password, CHROME_ANDROID);

    const page = await laptop.get('/account/sessions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sesiones abiertas');
    expect(page.body).toContain('Firefox en Linux');
    expect(page.body).toContain('Chrome en Android');
    expect(page.body).toContain('10.1.1.1');
    expect(page.body).toContain('10.2.2.2');
    expect(page.body.match(/Este dispositivo/g)).toHaveLength(1);
    expect(refs(page.body)).toHaveLength(2);
  });

  it('ends one chosen session', async () => {
    const { customer, number, password } = await createCustomer(portal, 'alpha');
    const laptop = browser(portal, HOSTS.alpha);
    const phone = browser(portal, HOSTS.alpha);
    await loginWith(laptop, number, password, FIREFOX_LINUX);
    await loginWith(phone, number, password, CHROME_ANDROID);
    const page = await laptop.get('/account/sessions');
    const phoneRow = /<tr>(?:(?!<\/tr>).)*Chrome en Android(?:(?!<\/tr>).)*<\/tr>/s.exec(page.body)![0];
    const phoneRef = refs(phoneRow)[0];

    const res = await laptop.post(`/account/sessions/${phoneRef}/end`);
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/account/sessions');
    expect(await sessionsOf(portal, customer.id)).toHaveLength(1);
    expect((await laptop.get('/dashboard')).statusCode).toBe(200);
    expect(location(await phone.get('/dashboard'))).toMatch(/^\/login/);
  });

  it('ends all the other sessions at once', async () => {
    const { customer, number, password } = await createCustomer(portal, 'alpha');
    const devices = [browser(portal, HOSTS.alpha), browser(portal, HOSTS.alpha), browser(portal, HOSTS.alpha)];
    for (const d of devices) await d.login(number, password);
    await devices[0].get('/account/sessions');
    const res = await devices[0].post('/account/sessions/end-others');
    expect(res.statusCode).toBe(303);
    expect((await devices[0].get('/account/sessions')).body).toContain('Cerramos tus otras sesiones (2)');
    expect(await sessionsOf(portal, customer.id)).toHaveLength(1);
    expect(location(await devices[1].get('/dashboard'))).toMatch(/^\/login/);
  });

  it('answers 404 for a session that is not the customer own, and leaves it alone', async () => {
    const mine = await createCustomer(portal, 'alpha');
    const theirs = await createCustomer(portal, 'alpha');
    const me = browser(portal, HOSTS.alpha);
    const them = browser(portal, HOSTS.alpha);
    await me.login(mine.number, mine.password);
    await them.login(theirs.number, theirs.password);
    const [theirSession] = await sessionsOf(portal, theirs.customer.id);

    await me.get('/account/sessions');
    const res = await me.post(`/account/sessions/${theirSession.id_hash.slice(0, 16)}/end`);
    expect(res.statusCode).toBe(404);
    expect(await sessionsOf(portal, theirs.customer.id)).toEqual([theirSession]);
    expect((await them.get('/dashboard')).statusCode).toBe(200);

    for (const ref of ['nothex!!', '0123', `${theirSession.id_hash}`]) {
      expect((await me.post(`/account/sessions/${encodeURIComponent(ref)}/end`)).statusCode).toBe(404);
    }
    expect(await sessionsOf(portal, theirs.customer.id)).toHaveLength(1);
  });

  it('logs out when the current session is the one ended', async () => {
    const { number, password } = await createCustomer(portal, 'alpha');
    const c = browser(portal, HOSTS.alpha);
    await c.login(number, password);
    const [ref] = refs((await c.get('/account/sessions')).body);
    const res = await c.post(`/account/sessions/${ref}/end`);
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/login');
    expect(c.cookie('portal_sid')).toBeUndefined();
  });
});
