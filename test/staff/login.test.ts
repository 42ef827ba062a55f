import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageAuditTrail, browser, location, outbox, query } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import { HOSTILE_NEXT } from '../support/hostile-next.ts';
import { auditRows, codeFor, createStaff, freshCode, loginStaff, STAFF_HOSTS, startStaffPortal, staffRow, totpSecretOf } from './staff-fixtures.ts';

const HOST = STAFF_HOSTS.acme;
const COOKIE = 'staff_sid';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startStaffPortal();
});
afterAll(async () => portal?.dispose());

describe('staff login: password, then TOTP', () => {
  it('signs an administrator in with password and code, a new session id at each step', async () => {
    const admin = await createStaff(portal, 'acme', { role: 'administrator' });
    const c = browser(portal, HOST);
    const page = await c.get('/staff/login');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ingreso de operadores');
    expect(page.body).toContain('Acme Fibra');

    const first = await c.post('/staff/login', { email: admin.email.toUpperCase(), password: admin.password });
    expect(first.statusCode).toBe(303);
    expect(location(first)).toBe('/staff/login/totp');
    const halfway = c.cookie(COOKIE);
    expect(halfway).toBeTruthy();
    // Password alone opens nothing.
    expect(location(await c.get('/staff'))).toBe('/staff/login/totp');
    expect(location(await c.get('/staff/customers'))).toBe('/staff/login/totp');

    await c.get('/staff/login/totp');
    const second = await c.post('/staff/login/totp', { code: await freshCode(portal, admin) });
    expect(second.statusCode).toBe(303);
    expect(location(second)).toBe('/staff');
    expect(c.cookie(COOKIE)).toBeTruthy();
    expect(c.cookie(COOKIE)).not.toBe(halfway);

    const overview = await c.get('/staff');
    expect(overview.statusCode).toBe(200);
    expect(overview.headers['cache-control']).toBe('no-store');
    expect(overview.body).toContain('Resumen');

    const cookie = first.cookies.find((k: any) => k.name === COOKIE) as any;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    expect(cookie.path).toBe('/');

    const audit = await query(portal, `SELECT action, outcome, actor_type, actor_id FROM audit_log WHERE tenant_id = 'acme' AND subject = ? ORDER BY id`, [admin.email]);
    expect(audit).toEqual([
      { action: 'staff.login', outcome: 'success', actor_type: 'staff', actor_id: String(admin.id) },
      { action: 'staff.login.totp', outcome: 'success', actor_type: 'staff', actor_id: String(admin.id) },
    ]);
    expect((await staffRow(portal, admin.id)).last_login_at).not.toBeNull();
  });

  it('refuses a wrong code and a code already used, and audits both', async () => {
    const admin = await createStaff(portal, 'acme', { role: 'administrator' });
    const c = browser(portal, HOST);
    await c.get('/staff/login');
    await c.post('/staff/login', { email: admin.email, password: admin.password });
    await c.get('/staff/login/totp');
    const secret = await totpSecretOf(portal, admin);
    const right = codeFor(secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const refused = await c.post('/staff/login/totp', { code: wrong });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain('El código no es correcto');
    expect(location(await c.get('/staff'))).toBe('/staff/login/totp');

    expect((await c.post('/staff/login/totp', { code: right })).statusCode).toBe(303);
    expect((await c.get('/staff')).statusCode).toBe(200);

    // The same code once more, from another browser that knows the password: refused.
    const other = browser(portal, HOST);
    await other.get('/staff/login');
    await other.post('/staff/login', { email: admin.email, password: admin.password });
    await other.get('/staff/login/totp');
    expect((await other.post('/staff/login/totp', { code: right })).statusCode).toBe(401);

    const failures = (await auditRows(portal, 'acme', 'staff.login.totp')).filter((r) => r.subject === admin.email && r.outcome === 'failure');
    expect(failures).toHaveLength(2);
    expect(failures.every((r) => r.actor_type === 'staff' && r.actor_id === String(admin.id))).toBe(true);
  });

  it('ends a login after five wrong codes', async () => {
    const admin = await createStaff(portal, 'acme', { role: 'administrator' });
    const c = browser(portal, HOST);
    await c.get('/staff/login');
    await c.post('/staff/login', { email: admin.email, password: admin.password });
    await c.get('/staff/login/totp');
    const right = codeFor(await totpSecretOf(portal, admin));
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await c.post('/staff/login/totp', { code: wrong })).statusCode).toBe(401);
    const blocked = await c.post('/staff/login/totp', { code: right });
    expect(blocked.statusCode).toBe(429);
    expect(c.cookie(COOKIE)).toBeUndefined();
    expect(location(await c.get('/staff'))).toMatch(/^\/staff\/login/);
  });

  it('audits wrong passwords and unknown emails as staff login failures and throttles the account', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    const c = browser(portal, HOST);
    await c.get('/staff/login');
    const wrong = await c.post('/staff/login', { email: support.email, password: 'no es esta' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('El email o la contraseña no son correctos');
    const unknown = await c.post('/staff/login', { email: 'nadie@acme.test', password: 'tampoco' });
    expect(unknown.statusCode).toBe(401);

    const rows = await query(portal, `SELECT subject, outcome, actor_type, actor_id, details FROM audit_log WHERE tenant_id = 'acme' AND action = 'staff.login' AND subject IN (?, ?) ORDER BY id`, [support.email, 'nadie@acme.test']);
    expect(rows.map((r) => [r.subject, r.outcome, r.actor_type, r.details.reason])).toEqual([
      [support.email, 'failure', 'staff', 'password'],
      ['nadie@acme.test', 'failure', 'anonymous', 'unknown'],
    ]);

    for (let i = 0; i < 4; i++) await c.post('/staff/login', { email: support.email, password: `mal ${i}` });
    const throttled = await c.post('/staff/login', { email: support.email, password: support.password });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.body).toContain('demasiados intentos fallidos');
    // Only that address: the operator elsewhere still gets in.
    expect((await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: support.password })).statusCode).toBe(303);
  });

  it('locks an operator guessed at from many addresses once, emails them, and lifts the lock after the window', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    const guess = (i: number) => browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: `adivinanza ${i}` });
    // The default threshold is 10 addresses; a dozen at once start one lock.
    await Promise.all(Array.from({ length: 12 }, (_, i) => guess(i)));
    const refused = await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: support.password });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('bloqueamos el ingreso de este operador');
    await Promise.all(Array.from({ length: 3 }, (_, i) => guess(100 + i)));

    const mails = await outbox(portal, 'acme', support.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^Bloqueamos tu ingreso al panel de gestión de /);
    expect(mails[0].text).toContain('15 minutos');
    expect(mails[0].text).toContain('/staff/login');

    await ageAuditTrail(portal, support.email, 16);
    expect((await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: support.password })).statusCode).toBe(303);
  });

  it('limits login attempts per address', async () => {
    const c = browser(portal, HOST, '10.9.9.9');
    await c.get('/staff/login');
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) codes.push((await c.post('/staff/login', { email: `x${i}@acme.test`, password: 'x' })).statusCode);
    expect(codes.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(codes[20]).toBe(429);
  });

  it('refuses a locked operator', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    await query(portal, 'UPDATE staff_users SET locked_at = now() WHERE id = ?', [support.id]);
    const res = await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: support.email, password: support.password });
    expect(res.statusCode).toBe(401);
    const [row] = (await auditRows(portal, 'acme', 'staff.login')).filter((r) => r.subject === support.email);
    expect(row.details.reason).toBe('locked');
  });
});

describe('TOTP enrolment', () => {
  it('makes an administrator without TOTP set it up before anything else', async () => {
    const admin = await createStaff(portal, 'acme', { role: 'administrator', totp: false });
    const c = browser(portal, HOST);
    await c.get('/staff/login');
    const first = await c.post('/staff/login', { email: admin.email, password: admin.password });
    expect(location(first)).toBe('/staff/totp/enrol');
    for (const page of ['/staff', '/staff/customers', '/staff/users', '/staff/audit', '/staff/account', '/staff/desk']) {
      const res = await c.get(page);
      expect(res.statusCode, page).toBe(303);
      expect(location(res), page).toBe('/staff/totp/enrol');
    }

    const enrol = await c.get('/staff/totp/enrol');
    expect(enrol.statusCode).toBe(200);
    expect(enrol.body).toContain('<img class="staff-qr" src="data:image/svg+xml;base64,');
    const manual = /<code class="staff-key">([A-Z2-7 ]+)<\/code>/.exec(enrol.body)?.[1].replace(/ /g, '');
    expect(manual).toMatch(/^[A-Z2-7]{32}$/);
    // A reload shows the same secret: an app that already scanned it keeps working.
    expect((await c.get('/staff/totp/enrol')).body).toContain(/<code class="staff-key">([^<]+)<\/code>/.exec(enrol.body)![1]);
    expect((await staffRow(portal, admin.id)).totp_secret).toBeNull();

    const wrong = await c.post('/staff/totp/enrol', { code: codeFor(manual!) === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(400);
    const before = c.cookie('staff_sid');
    const done = await c.post('/staff/totp/enrol', { code: codeFor(manual!) });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe('/staff');
    expect(c.cookie('staff_sid')).not.toBe(before);
    expect((await c.get('/staff')).statusCode).toBe(200);

    const row = await staffRow(portal, admin.id);
    expect(row.totp_enabled_at).not.toBeNull();
    // Sealed at rest: the base32 secret is not in the column.
    expect(row.totp_secret).toMatch(/^v1\./);
    expect(row.totp_secret).not.toContain(manual);
    expect(await totpSecretOf(portal, admin)).toBe(manual);
    expect((await auditRows(portal, 'acme', 'staff.totp.enrolled')).some((r) => r.actor_id === String(admin.id))).toBe(true);

    // From now on the code is asked for at every login.
    const again = await browser(portal, HOST).submit('/staff/login', '/staff/login', { email: admin.email, password: admin.password });
    expect(location(again)).toBe('/staff/login/totp');
  });

  it('lets other roles in with a password alone, and offers TOTP from their account page', async () => {
    const billing = await createStaff(portal, 'acme', { role: 'billing' });
    const c = browser(portal, HOST);
    await c.get('/staff/login');
    const res = await c.post('/staff/login', { email: billing.email, password: billing.password });
    expect(location(res)).toBe('/staff');
    const account = await c.get('/staff/account');
    expect(account.body).toContain('Activar verificación en dos pasos');
    const enrol = await c.get('/staff/totp/enrol');
    const manual = /<code class="staff-key">([^<]+)<\/code>/.exec(enrol.body)![1].replace(/ /g, '');
    const done = await c.post('/staff/totp/enrol', { code: codeFor(manual) });
    expect(location(done)).toBe('/staff/account');
    expect((await c.get('/staff/account')).body).toContain('Verificación en dos pasos activa');
  });
});

describe('staff sessions', () => {
  it('logout ends the session on the server', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    const c = await loginStaff(portal, HOST, support);
    const cookie = c.cookie(COOKIE)!;
    await c.get('/staff');
    const out = await c.post('/staff/logout');
    expect(location(out)).toBe('/staff/login');
    const replay = await portal.app.inject({ method: 'GET', url: '/staff', headers: { host: HOST, cookie: `${COOKIE}=${cookie}` } });
    expect(replay.statusCode).toBe(303);
    expect(location(replay)).toBe('/staff/login?next=%2Fstaff');
    expect((await auditRows(portal, 'acme', 'staff.logout')).some((r) => r.actor_id === String(support.id))).toBe(true);
  });

  it('expires after 30 idle minutes', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    const c = await loginStaff(portal, HOST, support);
    expect((await c.get('/staff')).statusCode).toBe(200);
    await query(portal, `UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes' WHERE staff_user_id = ?`, [support.id]);
    expect(location(await c.get('/staff'))).toBe('/staff/login?next=%2Fstaff');
  });

  it('sends an operator with a one-time password to change it first', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    await query(portal, 'UPDATE staff_users SET must_change_password = true WHERE id = ?', [support.id]);
    const c = await loginStaff(portal, HOST, support);
    expect(location(await c.get('/staff'))).toBe('/staff/account/password');
    expect(location(await c.get('/staff/customers'))).toBe('/staff/account/password');
    await c.get('/staff/account/password');
    const weak = await c.post('/staff/account/password', { current: support.password, password: '12345678', confirm: '12345678' });
    expect(weak.statusCode).toBe(400);
    const ok = await c.post('/staff/account/password', { current: support.password, password: 'una frase nueva y larga', confirm: 'una frase nueva y larga' });
    expect(location(ok)).toBe('/staff');
    expect((await c.get('/staff')).statusCode).toBe(200);
    expect((await staffRow(portal, support.id)).must_change_password).toBe(false);
  });

  it('returns to the page asked for after both steps, and only to back-office pages', async () => {
    const admin = await createStaff(portal, 'acme', { role: 'administrator' });
    const c = browser(portal, HOST);
    expect(location(await c.get('/staff/customers?q=ana'))).toBe('/staff/login?next=%2Fstaff%2Fcustomers%3Fq%3Dana');
    await c.get('/staff/login?next=%2Fstaff%2Fcustomers%3Fq%3Dana');
    const first = await c.post('/staff/login', { email: admin.email, password: admin.password, next: '/staff/customers?q=ana' });
    expect(location(first)).toBe('/staff/login/totp?next=%2Fstaff%2Fcustomers%3Fq%3Dana');
    await c.get(location(first));
    const second = await c.post('/staff/login/totp', { code: await freshCode(portal, admin), next: '/staff/customers?q=ana' });
    expect(location(second)).toBe('/staff/customers?q=ana');

    const other = browser(portal, HOST);
    await other.get('/staff/login');
    const support = await createStaff(portal, 'acme', { role: 'support' });
    for (const next of ['https://evil.example/staff', '//evil.example', '/dashboard']) {
      const res = await other.post('/staff/login', { email: support.email, password: support.password, next });
      expect(location(res), next).toBe('/staff');
    }
  });

  it.each([...HOSTILE_NEXT, '/staff/\t/evil.example', '/staff/\r\n/evil.example', '/staff\\evil.example', '/staff/../dashboard'])(
    'ignores next=%j at both login steps: the forms do not carry it and the login lands on /staff',
    async (next) => {
      const admin = await createStaff(portal, 'acme', { role: 'administrator' });
      const c = browser(portal, HOST);
      const form = await c.get(`/staff/login?next=${encodeURIComponent(next)}`);
      expect(form.statusCode).toBe(200);
      expect(form.body).not.toContain('name="next"');
      const first = await c.post('/staff/login', { email: admin.email, password: admin.password, next });
      expect(first.statusCode).toBe(303);
      expect(location(first)).toBe('/staff/login/totp');
      await c.get(location(first));
      const second = await c.post('/staff/login/totp', { code: await freshCode(portal, admin), next });
      expect(second.statusCode).toBe(303);
      expect(location(second)).toBe('/staff');
    },
  );

  it("refuses on one operator's session the CSRF cookie and token of another operator, or of another tenant", async () => {
    const victim = await loginStaff(portal, HOST, await createStaff(portal, 'acme', { role: 'support' }));
    const attacker = await loginStaff(portal, HOST, await createStaff(portal, 'acme', { role: 'support' }));
    const elsewhere = await loginStaff(portal, STAFF_HOSTS.globex, await createStaff(portal, 'globex', { role: 'support' }));
    for (const other of [attacker, elsewhere]) {
      await other.get('/staff/account');
      const cookie = `${COOKIE}=${encodeURIComponent(victim.cookie(COOKIE)!)}; _csrf=${encodeURIComponent(other.cookie('_csrf')!)}`;
      const res = await victim.post('/staff/logout', { _csrf: other.csrf }, { cookie });
      expect(res.statusCode).toBe(403);
    }
    expect((await victim.get('/staff')).statusCode).toBe(200);
    await victim.get('/staff/account');
    expect(location(await victim.post('/staff/logout'))).toBe('/staff/login');
  });

  it('keeps errors inside the back-office frame: CSRF failures and unknown pages', async () => {
    const support = await createStaff(portal, 'acme', { role: 'support' });
    const c = await loginStaff(portal, HOST, support);
    const csrf = await c.post('/staff/logout', { _csrf: 'forged' });
    expect(csrf.statusCode).toBe(403);
    expect(csrf.body).toContain('staff-bar');
    expect(csrf.body).toContain('El formulario venció');
    const missing = await c.get('/staff/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('staff-bar');
    expect((await c.get('/staff')).statusCode).toBe(200);
  });
});
