import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { connect } from 'node:net';
import { listenTestPortal, startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, outbox, query, sessionsOf, tokenFrom } from '../support/fixtures.ts';
import type { Client } from '../support/browser-like-client.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { STACK_FRAME } from '../cli/run-cli.ts';
import { runCliInProcess } from '../cli/run-cli-in-process.ts';
import { withInitdbCluster } from '../support/embedded-data-dir.ts';
import { HOSTILE_NEXT } from '../support/hostile-next.ts';

/**
 * The core's security defaults as a browser or an attacker sees them over HTTP. Two portals:
 * the plain-HTTP development defaults, and a production one behind one TLS-terminating proxy.
 */
let dev: TestPortal;
let prod: TestPortal;
const PROD = { idleMinutes: 5, absoluteHours: 2 };

beforeAll(async () => {
  dev = await startTestPortal();
  prod = await startTestPortal({
    env: 'production',
    publicBaseUrl: 'https://portal.alpha.test',
    trustProxy: 1,
    session: { secret: 'y'.repeat(48), ...PROD },
    mail: { transport: 'files', from: 'Portal <no-reply@portal.example.net>' },
  });
});
afterAll(async () => {
  await dev?.dispose();
  await prod?.dispose();
});

// ---- helpers -------------------------------------------------------------------------------

function setCookies(res: LightMyRequestResponse): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h : [String(h)];
}

/** The raw Set-Cookie line for `name`, split into its value and (lower-cased) attributes. */
function setCookie(res: LightMyRequestResponse, name: string): { value: string; attrs: Map<string, string> } | undefined {
  const line = setCookies(res).find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...rest] = line.split(';').map((p) => p.trim());
  const attrs = new Map(rest.map((a) => {
    const eq = a.indexOf('=');
    return eq < 0 ? [a.toLowerCase(), ''] as const : [a.slice(0, eq).toLowerCase(), a.slice(eq + 1)] as const;
  }));
  return { value: decodeURIComponent(pair.slice(name.length + 1)), attrs };
}

/** A Set-Cookie that makes the browser forget the cookie. */
function isDeletion(c: { value: string; attrs: Map<string, string> }): boolean {
  const expires = c.attrs.get('expires');
  return c.value === '' && (c.attrs.get('max-age') === '0' || (expires !== undefined && new Date(expires).getTime() < Date.now()));
}

/** The cookies the client holds plus extra ones, as one Cookie header (to plant a cookie). */
function cookieHeader(c: Client, names: string[], extra: Record<string, string>): string {
  const pairs = names.filter((n) => c.cookie(n) !== undefined).map((n) => `${n}=${encodeURIComponent(c.cookie(n)!)}`);
  return [...pairs, ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)].join('; ');
}

/**
 * Time passes for a customer's sessions: every timestamp moves `minutes` into the past, so the
 * lifetime fixed at login is kept. `lastUseAgo` says when the session was last used instead.
 */
async function elapse(portal: TestPortal, customerId: number, minutes: number, lastUseAgo?: number): Promise<void> {
  await query(
    portal,
    `UPDATE sessions SET created_at = created_at - (? * interval '1 minute'),
       expires_at = expires_at - (? * interval '1 minute'),
       last_seen_at = ${lastUseAgo === undefined ? `last_seen_at - (? * interval '1 minute')` : `now() - (? * interval '1 minute')`}
     WHERE customer_id = ?`,
    [minutes, minutes, lastUseAgo ?? minutes, customerId],
  );
}

function expectLoggedOut(res: LightMyRequestResponse, page = '/dashboard'): void {
  expect(res.statusCode).toBe(302);
  expect(location(res)).toBe(`/login?next=${encodeURIComponent(page)}`);
}

// ---- 1. session id rotation and logout --------------------------------------------------------

describe('session ids', () => {
  it('gives an anonymous visitor no session, and a fresh id at login that ignores a planted one', async () => {
    const { customer, number, password } = await createCustomer(dev, 'alpha', { name: 'Víctima Uno' });
    const c = browser(dev, HOSTS.alpha);
    const visit = await c.get('/login');
    expect(visit.statusCode).toBe(200);
    expect(setCookie(visit, 'portal_sid')).toBeUndefined();

    // A cookie planted before login (a sibling subdomain can do that over plain HTTP).
    const planted = 'plantedByTheAttacker0000';
    const res = await c.post('/login', { identifier: number, password }, { cookie: cookieHeader(c, ['_csrf'], { portal_sid: planted }) });
    expect(res.statusCode).toBe(303);
    const issued = setCookie(res, 'portal_sid')!.value;
    expect(issued).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(issued).not.toBe(planted);
    expect(c.cookie('portal_sid')).toBe(issued);

    expectLoggedOut(await browser(dev, HOSTS.alpha).get('/dashboard', { cookie: `portal_sid=${planted}` }));
    const mine = await c.get('/dashboard');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Víctima Uno');
    expect(await sessionsOf(dev, customer.id)).toHaveLength(1);
  });

  it('replaces a session that was already signed in: the old id stops working at the next login', async () => {
    const attacker = await createCustomer(dev, 'alpha', { name: 'Atacante Dos' });
    const victim = await createCustomer(dev, 'alpha', { name: 'Víctima Dos' });
    const a = browser(dev, HOSTS.alpha);
    expect((await a.login(attacker.number, attacker.password)).statusCode).toBe(303);
    const before = a.cookie('portal_sid')!;

    // The attacker's own valid cookie ends up in the victim's browser, who then logs in.
    const v = browser(dev, HOSTS.alpha);
    await v.get('/login');
    const res = await v.post('/login', { identifier: victim.number, password: victim.password }, { cookie: cookieHeader(v, ['_csrf'], { portal_sid: before }) });
    expect(res.statusCode).toBe(303);
    const after = setCookie(res, 'portal_sid')!.value;
    expect(after).not.toBe(before);

    expectLoggedOut(await browser(dev, HOSTS.alpha).get('/dashboard', { cookie: `portal_sid=${before}` }));
    expect(await sessionsOf(dev, attacker.customer.id)).toHaveLength(0);
    const page = await v.get('/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Víctima Dos');
    expect(page.body).not.toContain('Atacante Dos');
  });

  it('ends the session on the server at logout: replaying the old cookie shows the login page', async () => {
    const { customer, number, password } = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    await c.login(number, password);
    const old = c.cookie('portal_sid')!;
    expect((await c.get('/dashboard')).statusCode).toBe(200);

    const out = await c.post('/logout');
    expect(out.statusCode).toBe(303);
    expect(location(out)).toBe('/login');
    expect(isDeletion(setCookie(out, 'portal_sid')!)).toBe(true);
    expect(await sessionsOf(dev, customer.id)).toHaveLength(0);

    // A copy of the cookie kept by someone else is worth nothing now.
    const replay = browser(dev, HOSTS.alpha);
    expectLoggedOut(await replay.get('/dashboard', { cookie: `portal_sid=${old}` }));
    const login = await replay.get('/login', { cookie: `portal_sid=${old}` });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('name="password"');
    expect(isDeletion(setCookie(login, 'portal_sid')!)).toBe(true);
  });
});

// ---- 2. cookie flags ------------------------------------------------------------------------

describe('session cookie flags', () => {
  it('on plain-HTTP development: HttpOnly, SameSite=Lax, Path=/, no Secure, no __Host- prefix', async () => {
    const { number, password } = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    const res = await c.login(number, password);
    expect(setCookie(res, '__Host-portal')).toBeUndefined();
    const sid = setCookie(res, 'portal_sid')!;
    expect(sid.attrs.has('httponly')).toBe(true);
    expect(sid.attrs.get('samesite')).toBe('Lax');
    expect(sid.attrs.get('path')).toBe('/');
    expect(sid.attrs.has('secure')).toBe(false);
    expect(sid.attrs.has('domain')).toBe(false);
    expect(sid.attrs.get('max-age')).toBe(String(12 * 3600));
    expect(res.headers['strict-transport-security']).toBeUndefined();

    // Secure on plain HTTP would make the browser drop them: the language and the notice would be lost.
    const lang = setCookie(await c.get('/dashboard?lang=en'), 'lang')!;
    expect(lang.attrs.has('secure')).toBe(false);
    const flash = setCookie(await c.post('/logout'), 'flash')!;
    expect(flash.attrs.has('secure')).toBe(false);
  });

  it('over HTTPS in production: __Host-portal, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const { customer, number, password } = await createCustomer(prod, 'alpha');
    const c = browser(prod, HOSTS.alpha);
    const form = await c.get('/login');
    const csrf = setCookie(form, '_csrf')!;
    expect(csrf.attrs.has('secure')).toBe(true);
    expect(csrf.attrs.has('httponly')).toBe(true);
    expect(String(form.headers['strict-transport-security'])).toContain('max-age=31536000');

    const res = await c.post('/login', { identifier: number, password });
    expect(res.statusCode).toBe(303);
    expect(setCookie(res, 'portal_sid')).toBeUndefined();
    const sid = setCookie(res, '__Host-portal')!;
    expect(sid.attrs.has('secure')).toBe(true);
    expect(sid.attrs.has('httponly')).toBe(true);
    expect(sid.attrs.get('samesite')).toBe('Lax');
    expect(sid.attrs.get('path')).toBe('/');
    expect(sid.attrs.has('domain')).toBe(false);
    expect(sid.attrs.get('max-age')).toBe(String(PROD.absoluteHours * 3600));
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    // The development name means nothing here.
    expectLoggedOut(await browser(prod, HOSTS.alpha).get('/dashboard', { cookie: `portal_sid=${c.cookie('__Host-portal')}` }));

    // Every other cookie the portal sets is Secure over HTTPS too, not only the session's.
    const lang = setCookie(await c.get('/dashboard?lang=en'), 'lang')!;
    expect(lang.value).toBe('en');
    expect(lang.attrs.has('secure')).toBe(true);
    expect(lang.attrs.has('httponly')).toBe(true);

    // Browsers ignore a __Host- cookie without Secure, deletions included: logout must carry it.
    const out = await c.post('/logout');
    const flash = setCookie(out, 'flash')!;
    expect(flash.attrs.has('secure')).toBe(true);
    expect(flash.attrs.has('httponly')).toBe(true);
    const gone = setCookie(out, '__Host-portal')!;
    expect(isDeletion(gone)).toBe(true);
    expect(gone.attrs.has('secure')).toBe(true);
    expect(gone.attrs.get('path')).toBe('/');
    expect(gone.attrs.has('domain')).toBe(false);
    expect(await sessionsOf(prod, customer.id)).toHaveLength(0);

    // So must the deletion of a cookie whose session the server no longer knows.
    const stale = await browser(prod, HOSTS.alpha).get('/login', { cookie: `__Host-portal=${encodeURIComponent(c.cookie('__Host-portal') ?? 'ended')}` });
    const staleGone = setCookie(stale, '__Host-portal')!;
    expect(isDeletion(staleGone)).toBe(true);
    expect(staleGone.attrs.has('secure')).toBe(true);
  });
});

// ---- 3. idle and absolute timeouts ----------------------------------------------------------

describe('session timeouts', () => {
  async function signedIn(portal: TestPortal) {
    const customer = await createCustomer(portal, 'alpha');
    const c = browser(portal, HOSTS.alpha);
    expect((await c.login(customer.number, customer.password)).statusCode).toBe(303);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    return { c, id: customer.customer.id };
  }

  it('signs out after idleMinutes without a request', async () => {
    const { c, id } = await signedIn(dev);
    await elapse(dev, id, 31);
    const res = await c.get('/dashboard');
    expectLoggedOut(res);
    expect(isDeletion(setCookie(res, 'portal_sid')!)).toBe(true);
    expect(c.cookie('portal_sid')).toBeUndefined();
  });

  it('extends a session used within the idle window', async () => {
    const { c, id } = await signedIn(dev);
    await elapse(dev, id, 25);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    const [row] = await query(dev, `SELECT extract(epoch from now() - last_seen_at) AS idle FROM sessions WHERE customer_id = ?`, [id]);
    expect(Number(row.idle)).toBeLessThan(60);
    // 50 minutes after login, 25 after the last request: still signed in.
    await elapse(dev, id, 25);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
  });

  it('uses the configured idleMinutes', async () => {
    const { c, id } = await signedIn(prod);
    await elapse(prod, id, PROD.idleMinutes - 2);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    await elapse(prod, id, PROD.idleMinutes + 1);
    expectLoggedOut(await c.get('/dashboard'));
  });

  it('signs out absoluteHours after login even if the session is in constant use', async () => {
    const { c, id } = await signedIn(dev);
    await elapse(dev, id, 12 * 60 - 10, 5);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    // Twenty more minutes of use: past the absolute lifetime, never idle for long.
    await elapse(dev, id, 20, 2);
    const res = await c.get('/dashboard');
    expectLoggedOut(res);
    expect(isDeletion(setCookie(res, 'portal_sid')!)).toBe(true);
  });

  it('does not let use push the absolute limit back', async () => {
    const { c, id } = await signedIn(prod);
    for (let i = 0; i < PROD.absoluteHours * 60 / 4 - 1; i++) {
      // A request every four minutes, each one touching the session.
      await elapse(prod, id, 4);
      expect((await c.get('/dashboard')).statusCode, `after ${(i + 1) * 4} minutes`).toBe(200);
    }
    await elapse(prod, id, 4);
    expectLoggedOut(await c.get('/dashboard'));
  });

  it('applies a lowered absoluteHours to sessions opened under a longer one', async () => {
    const { c, id } = await signedIn(prod);
    // As if the session had been opened when the host allowed 24 hours: its stored expiry is far off.
    await query(prod, `UPDATE sessions SET expires_at = now() + interval '20 hours' WHERE customer_id = ?`, [id]);
    await elapse(prod, id, PROD.absoluteHours * 60 - 10, 1);
    expect((await c.get('/dashboard')).statusCode).toBe(200);
    await elapse(prod, id, 20, 1);
    expectLoggedOut(await c.get('/dashboard'));
  });
});

// ---- 4. per-address rate limits -------------------------------------------------------------

const LIMIT = 20;

function expectTooMany(res: LightMyRequestResponse): void {
  expect(res.statusCode).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(String(res.headers['content-type'])).toContain('text/html');
  expect(res.body).toContain('Demasiados intentos. Esperá un momento e intentá de nuevo.');
}

describe('per-address rate limits', () => {
  it('answers 429 to the 21st login from one address, even with the right password; another address gets in', async () => {
    const { number, password } = await createCustomer(dev, 'alpha');
    const attacker = browser(dev, HOSTS.alpha, '10.77.1.1');
    await attacker.get('/login');
    const codes: number[] = [];
    // A different login each time: the per-account throttle never applies.
    for (let i = 0; i < LIMIT; i++) codes.push((await attacker.post('/login', { identifier: `nadie-${i}`, password: `adivinanza-${i}` })).statusCode);
    expect(codes).toEqual(Array(LIMIT).fill(401));

    const blocked = await attacker.post('/login', { identifier: number, password });
    expectTooMany(blocked);
    expect(setCookie(blocked, 'portal_sid')).toBeUndefined();
    // Without trusted proxies a forwarded-for header changes nothing.
    expectTooMany(await attacker.post('/login', { identifier: number, password }, { 'x-forwarded-for': '198.51.100.77' }));

    const other = browser(dev, HOSTS.alpha, '10.77.1.2');
    expect((await other.login(number, password)).statusCode).toBe(303);
  });

  it('limits forgot-password per address', async () => {
    const { email } = await createCustomer(dev, 'alpha');
    const attacker = browser(dev, HOSTS.alpha, '10.77.2.1');
    await attacker.get('/password/forgot');
    const codes: number[] = [];
    for (let i = 0; i < LIMIT; i++) codes.push((await attacker.post('/password/forgot', { identifier: `nadie-${i}@example.com` })).statusCode);
    expect(codes).toEqual(Array(LIMIT).fill(200));

    expectTooMany(await attacker.post('/password/forgot', { identifier: email! }));
    expect(await outbox(dev, 'alpha', email!)).toHaveLength(0);

    const other = browser(dev, HOSTS.alpha, '10.77.2.2');
    expect((await other.submit('/password/forgot', '/password/forgot', { identifier: email! })).statusCode).toBe(200);
    expect(await outbox(dev, 'alpha', email!)).toHaveLength(1);
  });

  it('limits password-reset posts per address, valid link or not', async () => {
    const { email, number } = await createCustomer(dev, 'alpha');
    const asker = browser(dev, HOSTS.alpha, '10.77.3.9');
    expect((await asker.submit('/password/forgot', '/password/forgot', { identifier: email! })).statusCode).toBe(200);
    const token = tokenFrom((await outbox(dev, 'alpha', email!))[0].text, '/password/reset');
    const fresh = 'la lluvia moja el andén';

    const attacker = browser(dev, HOSTS.alpha, '10.77.3.1');
    await attacker.get('/login');
    const codes = new Set<number>();
    for (let i = 0; i < LIMIT; i++) codes.add((await attacker.post('/password/reset', { token: `adivinado${i}`, password: fresh, confirm: fresh })).statusCode);
    expect(codes.has(429)).toBe(false);
    expectTooMany(await attacker.post('/password/reset', { token, password: fresh, confirm: fresh }));

    const owner = browser(dev, HOSTS.alpha, '10.77.3.2');
    const done = await owner.submit(`/password/reset?token=${token}`, '/password/reset', { token, password: fresh, confirm: fresh });
    expect(done.statusCode).toBe(303);
    expect((await browser(dev, HOSTS.alpha).login(number!, fresh)).statusCode).toBe(303);
  });

  it('ignores X-Forwarded-For when no proxy is trusted (trustProxy: 0, the default)', async () => {
    const spoofer = browser(dev, HOSTS.alpha, '10.77.4.1');
    await spoofer.get('/login');
    for (let i = 0; i < LIMIT; i++) {
      const res = await spoofer.post('/login', { identifier: `nadie-${i}`, password: 'x-y-z-w' }, { 'x-forwarded-for': `198.51.100.${i + 1}` });
      expect(res.statusCode).toBe(401);
    }
    expectTooMany(await spoofer.post('/login', { identifier: 'nadie', password: 'x-y-z-w' }, { 'x-forwarded-for': '198.51.100.200' }));

    // "Open sessions" shows the socket address, not the one the client wrote.
    const { number, password } = await createCustomer(dev, 'alpha');
    const d = browser(dev, HOSTS.alpha, '10.77.4.2');
    await d.get('/login');
    await d.post('/login', { identifier: number, password }, { 'x-forwarded-for': '198.51.100.9' });
    const page = (await d.get('/account/sessions')).body;
    expect(page).toContain('10.77.4.2');
    expect(page).not.toContain('198.51.100.9');
  });

  it('with trustProxy: 1 counts the address the proxy appended, and nothing a client wrote before it', async () => {
    const proxy = '10.200.0.1';
    const via = (client: string) => ({ 'x-forwarded-for': client });
    const c = browser(prod, HOSTS.alpha, proxy);
    await c.get('/login');
    for (let i = 0; i < LIMIT; i++) expect((await c.post('/login', { identifier: `nadie-${i}`, password: 'x-y-z-w' }, via('198.51.100.1'))).statusCode).toBe(401);
    expect((await c.post('/login', { identifier: 'nadie', password: 'x-y-z-w' }, via('198.51.100.1'))).statusCode).toBe(429);
    // One trusted hop: a client prepending addresses is still the address the proxy saw.
    expect((await c.post('/login', { identifier: 'nadie', password: 'x-y-z-w' }, via('203.0.113.5, 198.51.100.1'))).statusCode).toBe(429);
    // Another customer behind the same proxy is not affected.
    expect((await c.post('/login', { identifier: 'nadie', password: 'x-y-z-w' }, via('198.51.100.2'))).statusCode).toBe(401);

    const { number, password } = await createCustomer(prod, 'alpha');
    const b = browser(prod, HOSTS.alpha, proxy);
    await b.get('/login');
    await b.post('/login', { identifier: number, password }, via('198.51.100.9'));
    expect((await b.get('/account/sessions')).body).toContain('198.51.100.9');
  });
});

// ---- 4a. whose CSRF token -------------------------------------------------------------------

/** The `_csrf` cookie and the token of the last form a client was shown: what an attacker could copy. */
function csrfPair(c: Client): { cookie: string; token: string } {
  return { cookie: `_csrf=${encodeURIComponent(c.cookie('_csrf')!)}`, token: c.csrf };
}

describe('CSRF tokens belong to one tenant and one session', () => {
  it('gives a form a token its cookie matches, and a page without a form neither', async () => {
    const visitor = browser(dev, HOSTS.alpha);
    const faq = await visitor.get('/faq');
    expect(faq.statusCode).toBe(200);
    expect(faq.body).not.toContain('name="_csrf"');
    expect(setCookie(faq, '_csrf')).toBeUndefined();

    const form = await visitor.get('/login');
    expect(form.body).toContain(`name="_csrf" value="${visitor.csrf}"`);
    expect(setCookie(form, '_csrf')?.value).toBe(visitor.cookie('_csrf'));
    const { identifier, password } = { identifier: 'nadie', password: 'Incorrecta-123' };
    // The token passes (wrong credentials: 401); the same token altered does not.
    expect((await visitor.post('/login', { identifier, password })).statusCode).toBe(401);
    expect((await visitor.post('/login', { identifier, password, _csrf: `${visitor.csrf}x` })).statusCode).toBe(403);
  });

  it('gives every visitor of a page rendered once their own token, cookie and nonce, and still shows a flash', async () => {
    const [first, second] = [browser(dev, HOSTS.alpha), browser(dev, HOSTS.alpha)];
    const pages = [await first.get('/login'), await second.get('/login')];
    expect(first.csrf).toBeTruthy();
    expect(second.csrf).not.toBe(first.csrf);
    expect(second.cookie('_csrf')).not.toBe(first.cookie('_csrf'));
    const nonces = pages.map((p) => /style-src [^;]*'nonce-([^']+)'/.exec(String(p.headers['content-security-policy']))?.[1]);
    expect(nonces[0]).toBeTruthy();
    expect(nonces[1]).not.toBe(nonces[0]);
    nonces.forEach((nonce, i) => expect(pages[i].body).toContain(`nonce="${nonce}"`));
    // The two pages are the same but for those.
    const blank = (body: string, i: number) => body.replaceAll(nonces[i]!, 'N').replaceAll([first, second][i].csrf, 'T');
    expect(blank(pages[1].body, 1)).toBe(blank(pages[0].body, 0));
    const wrong = { identifier: 'nadie', password: 'Incorrecta-123' };
    expect((await first.post('/login', wrong)).statusCode).toBe(401);
    expect((await second.post('/login', { ...wrong, _csrf: first.csrf })).statusCode).toBe(403);

    // A flash message is the visitor's own: that page is rendered for them.
    const customer = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    await c.login(customer.number!, customer.password);
    await c.get('/account/profile');
    await c.post('/logout', {});
    expect((await c.get('/login')).body).toContain('Cerraste tu sesión.');
    expect((await browser(dev, HOSTS.alpha).get('/login')).body).not.toContain('Cerraste tu sesión.');
  });

  it('refuses on tenant beta a cookie and token pair taken on tenant alpha, anonymous or signed in', async () => {
    const onBeta = await createCustomer(dev, 'beta');
    const attacker = browser(dev, HOSTS.alpha);
    await attacker.get('/login');
    const anonymous = csrfPair(attacker);
    const beta = browser(dev, HOSTS.beta);
    const login = await beta.post('/login', { identifier: onBeta.number, password: onBeta.password, _csrf: anonymous.token }, { cookie: anonymous.cookie });
    expect(login.statusCode).toBe(403);
    expect(beta.cookie('portal_sid')).toBeUndefined();

    await beta.login(onBeta.number, onBeta.password);
    const onAlpha = await createCustomer(dev, 'alpha');
    await attacker.login(onAlpha.number, onAlpha.password);
    await attacker.get('/account/profile');
    const signedIn = csrfPair(attacker);
    const cookie = `portal_sid=${encodeURIComponent(beta.cookie('portal_sid')!)}; ${signedIn.cookie}`;
    const res = await beta.post('/account/profile', { _csrf: signedIn.token, email: 'cambiado@example.com', phone: '', mobile: '', address: '' }, { cookie });
    expect(res.statusCode).toBe(403);
    expect((await query(dev, 'SELECT email FROM customers WHERE id = ?', [onBeta.customer.id]))[0].email).not.toBe('cambiado@example.com');
  });

  it("refuses on a victim's session the pair another visitor got, and the pair of the victim's own earlier session", async () => {
    const victim = await createCustomer(dev, 'alpha');
    const v = browser(dev, HOSTS.alpha);
    await v.get('/login');
    const beforeLogin = csrfPair(v);
    await v.login(victim.number, victim.password);
    const attacker = await createCustomer(dev, 'alpha');
    const a = browser(dev, HOSTS.alpha);
    await a.login(attacker.number, attacker.password);
    await a.get('/account/profile');

    const form = { email: 'del-atacante@example.com', phone: '', mobile: '', address: '' };
    for (const planted of [csrfPair(a), beforeLogin]) {
      const cookie = `portal_sid=${encodeURIComponent(v.cookie('portal_sid')!)}; ${planted.cookie}`;
      const res = await v.post('/account/profile', { ...form, _csrf: planted.token }, { cookie });
      expect(res.statusCode).toBe(403);
    }
    expect((await query(dev, 'SELECT email FROM customers WHERE id = ?', [victim.customer.id]))[0].email).not.toBe(form.email);

    // The victim's own form, shown after the login rotated the session, still works.
    await v.get('/account/profile');
    const own = await v.post('/account/profile', { email: 'propio@example.com', phone: '', mobile: '', address: '' });
    expect(own.statusCode).toBe(303);
  });
});

// ---- 4c. what the request log keeps ----------------------------------------------------------

describe('the request log', () => {
  it('never prints a token, key or code from a URL, and still says which page was asked for', async () => {
    const lines: string[] = [];
    const logged = await startTestPortal({ logLevel: 'info' }, { logStream: { write: (line: string) => void lines.push(line) } });
    try {
      const c = browser(logged, HOSTS.alpha);
      for (const url of ['/password/reset?token=reset-secreto-1', '/login?_csrf=token-secreto-2&next=%2Fdashboard', '/register/verify?Token=verif-secreta-3', '/login?api_key=clave-secreta-4']) {
        await c.get(url);
      }
      await c.post('/login?_csrf=token-secreto-5', { identifier: 'x', password: 'y' });
      const text = lines.join('');
      expect(text).toContain('/password/reset?token=[redacted]');
      expect(text).toContain('/login?_csrf=[redacted]&next=%2Fdashboard');
      expect(text).not.toMatch(/secret[oa]-\d/);
    } finally {
      await logged.dispose();
    }
  });
});

// ---- 4b. where a login goes next ------------------------------------------------------------

describe('the login destination (next)', () => {
  it('goes to a same-tenant page asked for, with its query string', async () => {
    const { number, password } = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    await c.get('/login?next=%2Faccount%2Fprofile%3Ftab%3D1');
    const res = await c.post('/login', { identifier: number, password, next: '/account/profile?tab=1' });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/account/profile?tab=1');
  });

  it.each(HOSTILE_NEXT)('ignores next=%j: the form does not carry it and the login lands on the dashboard', async (next) => {
    const { number, password } = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    const form = await c.get(`/login?next=${encodeURIComponent(next)}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name="next"');
    const res = await c.post('/login', { identifier: number, password, next });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe('/dashboard');
  });
});

// ---- 5. secure headers ----------------------------------------------------------------------

describe('secure headers on a customer page', () => {
  it('sends a strict CSP, forbids framing and sniffing, limits the referrer, sends no X-Powered-By', async () => {
    const { number, password } = await createCustomer(dev, 'alpha');
    const c = browser(dev, HOSTS.alpha);
    await c.login(number, password);
    for (const page of ['/dashboard', '/account/profile', '/login?lang=en']) {
      const res = await c.get(page);
      expect(res.statusCode, page).toBeLessThan(400);
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
      expect(directives.get('default-src'), page).toEqual(["'self'"]);
      const scripts = directives.get('script-src') ?? directives.get('default-src')!;
      expect(scripts).toContain("'self'");
      expect(scripts, page).not.toContain("'unsafe-inline'");
      expect(scripts, page).not.toContain("'unsafe-eval'");
      expect(scripts.some((s) => s === '*' || s.endsWith(':'))).toBe(false);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(res.headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

// ---- 5b. the Host header ---------------------------------------------------------------------

/** Sends raw request lines over a socket (inject and HTTP clients cannot repeat a Host header); the status code answered. */
function rawStatus(port: number, lines: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('the Host header', () => {
  it('answers 400 to a request with two Host headers, whichever tenants they name', async () => {
    const port = await listenTestPortal(dev);
    expect(await rawStatus(port, ['GET /login HTTP/1.1', `Host: ${HOSTS.alpha}`])).toBe(200);
    expect(await rawStatus(port, ['GET /login HTTP/1.1', `Host: ${HOSTS.alpha}`, `Host: ${HOSTS.beta}`])).toBe(400);
    expect(await rawStatus(port, ['GET /login HTTP/1.1', `Host: ${HOSTS.alpha}`, `host: ${HOSTS.alpha}`])).toBe(400);
    expect(await rawStatus(port, ['GET /api/v1/customers HTTP/1.1', `Host: ${HOSTS.beta}`, `Host: ${HOSTS.alpha}`])).toBe(400);
  });
});

// ---- 6. broken tenant files -----------------------------------------------------------------

describe('tenantErrors', () => {
  it('isolate (the default): the broken tenant answers 503, the others keep working', async () => {
    const res = await browser(dev, 'portal.broken.test').get('/login');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.body).not.toContain('currency');
    expect(res.body).not.toContain('broken.yaml');
    expect((await browser(dev, HOSTS.alpha).get('/login')).statusCode).toBe(200);
    expect((await browser(dev, HOSTS.beta).get('/login')).statusCode).toBe(200);
  });

  it('refuse: portal start fails, naming the broken file and what is wrong in it', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-refuse-'));
    try {
      const config = join(dir, 'portal.yaml');
      writeFileSync(config, [
        'tenantErrors: refuse',
        'port: 0',
        'host: 127.0.0.1',
        `tenantsDir: ${join(REPO_ROOT, 'test/fixtures/tenants')}`,
        'pluginPaths:',
        `  - ${join(REPO_ROOT, 'plugins')}`,
        `  - ${join(REPO_ROOT, 'test/fixtures/plugins')}`,
        '',
      ].join('\n'));
      // No DATABASE_URL: should start go wrong, it opens only a throwaway embedded database.
      const res = await runCliInProcess(['start', '--config', config], { NODE_ENV: 'development', PORTAL_DATA_DIR: withInitdbCluster(join(dir, 'data')), DATABASE_URL: '' });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('refusing to start (tenantErrors: refuse)');
      expect(res.stderr).toMatch(/test\/fixtures\/tenants\/broken\.yaml:4:\d+ currency: must be string/);
      expect(res.stderr).not.toContain('alpha.yaml');
      expect(res.stderr).not.toMatch(STACK_FRAME);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
