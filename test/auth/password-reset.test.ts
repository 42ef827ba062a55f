import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, location, outbox, query, sessionsOf, tokenFrom } from '../support/fixtures.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

const NEW = 'el colectivo pasa a las siete';

async function askReset(host: string, identifier: string) {
  const c = browser(portal, host);
  await c.get('/password/forgot');
  return { c, res: await c.post('/password/forgot', { identifier }) };
}

async function resetLink(tenant: string, email: string): Promise<string> {
  const mails = (await outbox(portal, tenant, email)).filter((m) => m.text.includes('/password/reset?token='));
  return tokenFrom(mails.at(-1)!.text, '/password/reset');
}

describe('forgot password', () => {
  it('resets by account number, ends every session and tells the customer by email', async () => {
    const { customer, number, email, password } = await createCustomer(portal, 'alpha');
    const phone = browser(portal, HOSTS.alpha);
    const laptop = browser(portal, HOSTS.alpha);
    expect((await phone.login(number, password)).statusCode).toBe(303);
    expect((await laptop.login(email!, password)).statusCode).toBe(303);
    expect(await sessionsOf(portal, customer.id)).toHaveLength(2);

    const { c, res } = await askReset(HOSTS.alpha, number);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Si hay un usuario con esos datos');
    const [mail] = await outbox(portal, 'alpha', email!);
    expect(mail.subject).toBe('Recuperá tu contraseña de Alpha Internet');
    expect(mail.text).toContain('http://alpha.localhost:3000/password/reset?token=');
    const token = tokenFrom(mail.text, '/password/reset');
    const [row] = await query(portal, `SELECT kind, extract(epoch from expires_at - created_at) AS secs FROM auth_tokens WHERE customer_id = ?`, [customer.id]);
    expect(row.kind).toBe('reset');
    expect(Number(row.secs)).toBeGreaterThanOrEqual(30 * 60);
    expect(Number(row.secs)).toBeLessThanOrEqual(60 * 60 + 5);

    const form = await c.get(`/password/reset?token=${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Nueva contraseña');
    const mismatch = await c.post('/password/reset', { token, password: NEW, confirm: `${NEW}!` });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('no coinciden');
    const common = await c.post('/password/reset', { token, password: 'password', confirm: 'password' });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('demasiado común');

    const done = await c.post('/password/reset', { token, password: NEW, confirm: NEW });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe('/login');
    expect((await c.get('/login')).body).toContain('Cambiaste tu contraseña');

    expect(await sessionsOf(portal, customer.id)).toHaveLength(0);
    for (const device of [phone, laptop]) {
      const res = await device.get('/dashboard');
      expect(res.statusCode).toBe(302);
      expect(location(res)).toMatch(/^\/login/);
    }
    const notice = (await outbox(portal, 'alpha', email!)).at(-1)!;
    expect(notice.subject).toBe('Cambiaste tu contraseña de Alpha Internet');
    expect(notice.text).toContain('http://alpha.localhost:3000/password/forgot');
    const audit = await query(portal, `SELECT outcome FROM audit_log WHERE tenant_id = 'alpha' AND action = 'password.reset' AND subject = ?`, [String(customer.id)]);
    expect(audit).toEqual([{ outcome: 'success' }]);

    expect((await browser(portal, HOSTS.alpha).login(number, password)).statusCode).toBe(401);
    expect((await browser(portal, HOSTS.alpha).login(number, NEW)).statusCode).toBe(303);

    // Used once, gone for good.
    const reused = await c.get(`/password/reset?token=${token}`);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('Este enlace ya se usó');
    expect(reused.body).toContain('href="/password/forgot"');
    const repost = await browser(portal, HOSTS.alpha).submit('/password/forgot', '/password/reset', { token, password: 'otra frase larga más', confirm: 'otra frase larga más' });
    expect(repost.statusCode).toBe(410);
  });

  it('answers an unknown identifier the same way and sends nothing', async () => {
    const { email } = await createCustomer(portal, 'alpha');
    const before = await query(portal, `SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = 'alpha'`);
    const known = await askReset(HOSTS.alpha, email!.toUpperCase());
    const unknown = await askReset(HOSTS.alpha, 'nadie@example.com');
    const unknownNumber = await askReset(HOSTS.alpha, '99999999');
    for (const { res } of [known, unknown, unknownNumber]) expect(res.statusCode).toBe(200);
    const text = (body: string) => /<div class="alert alert-success"[^>]*>.*?<p>([^<]+)<\/p>/s.exec(body)?.[1];
    expect(text(unknown.res.body)).toBe(text(known.res.body));
    expect(text(unknownNumber.res.body)).toBe(text(known.res.body));
    await portal.services.afterReply.settled();
    const after = await query(portal, `SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = 'alpha'`);
    expect(after[0].n - before[0].n).toBe(1);
    expect(await outbox(portal, 'alpha', email!)).toHaveLength(1);
  });

  it('does the same work before answering whether or not the identifier names someone', async () => {
    const { email, number } = await createCustomer(portal, 'alpha');
    // Every SQL statement and every email of the request until it answers; what it leaves to do
    // after the answer (through afterReply) cannot show in how long the answer takes.
    // executeQuery is the one door of every statement, the ORM's own included (protected in its typings).
    const conn = portal.db.orm.em.getConnection() as unknown as { executeQuery: (...args: unknown[]) => Promise<unknown> };
    const executeQuery = conn.executeQuery.bind(conn);
    const queue = portal.services.mail.queue.bind(portal.services.mail);
    const schedule = portal.services.afterReply.schedule.bind(portal.services.afterReply);
    let work: string[] | null = null;
    const spies = [
      vi.spyOn(conn, 'executeQuery').mockImplementation((sql, ...rest) => {
        work?.push(String(sql).replace(/\s+/g, ' ').replace(/'[^']*'|\b\d+\b/g, '?').trim());
        return executeQuery(sql, ...rest);
      }),
      vi.spyOn(portal.services.mail, 'queue').mockImplementation(async (em, req) => {
        work?.push(`email ${req.template}`);
        return queue(em, req);
      }),
      vi.spyOn(portal.services.afterReply, 'schedule').mockImplementation((reply, what, later) =>
        schedule(reply, what, async () => {
          work = null;
          await later();
        })),
    ];
    const workBeforeAnswer = async (identifier: string) => {
      const c = browser(portal, HOSTS.alpha);
      await c.get('/password/forgot');
      const seen: string[] = [];
      work = seen;
      const res = await c.post('/password/forgot', { identifier });
      work = null;
      expect(res.statusCode).toBe(200);
      await portal.services.afterReply.settled();
      return seen;
    };
    try {
      const known = await workBeforeAnswer(email!);
      expect(known.length).toBeGreaterThan(0);
      expect(await workBeforeAnswer('nadie-por-aca@example.com')).toEqual(known);
      expect(await workBeforeAnswer(number)).toEqual(known);
      expect(await workBeforeAnswer('99999998')).toEqual(known);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The email still goes out, once per ask, after the answer.
    expect(await outbox(portal, 'alpha', email!)).toHaveLength(2);
  });

  it('builds the link from the brand configuration, not from the Host the request used', async () => {
    const { email, number } = await createCustomer(portal, 'beta');
    const { res } = await askReset('www.beta.test', number);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('If there is a login with those details');
    const [mail] = await outbox(portal, 'beta', email!);
    expect(mail.subject).toBe('Recover your Beta Aguas password');
    expect(mail.text).toContain('http://beta.localhost:3000/password/reset?token=');
    expect(mail.text).not.toContain('www.beta.test');
  });

  it('explains an expired or unknown link and leaves the password alone', async () => {
    const { customer, email, number, password } = await createCustomer(portal, 'alpha');
    const { c } = await askReset(HOSTS.alpha, email!);
    const token = await resetLink('alpha', email!);
    await query(portal, `UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE customer_id = ?`, [customer.id]);
    const expired = await c.get(`/password/reset?token=${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Este enlace venció');
    expect(expired.body).toContain('Pedir un enlace nuevo');
    const post = await c.post('/password/reset', { token, password: NEW, confirm: NEW });
    expect(post.statusCode).toBe(410);
    expect((await browser(portal, HOSTS.alpha).login(number, password)).statusCode).toBe(303);

    const bogus = await c.get('/password/reset?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(bogus.statusCode).toBe(400);
    expect(bogus.body).toContain('Este enlace no es válido');
    expect((await c.post('/password/reset', { password: NEW, confirm: NEW })).statusCode).toBe(400);
  });

  it('retires the other links still in the mailbox once one is used', async () => {
    const { customer, email } = await createCustomer(portal, 'alpha');
    const { c } = await askReset(HOSTS.alpha, email!);
    const first = await resetLink('alpha', email!);
    await c.post('/password/forgot', { identifier: email! });
    const second = await resetLink('alpha', email!);
    expect(second).not.toBe(first);
    expect((await c.submit(`/password/reset?token=${second}`, '/password/reset', { token: second, password: NEW, confirm: NEW })).statusCode).toBe(303);
    expect((await c.get(`/password/reset?token=${first}`)).statusCode).toBe(410);
    const open = await query(portal, 'SELECT id FROM auth_tokens WHERE customer_id = ? AND used_at IS NULL', [customer.id]);
    expect(open).toHaveLength(0);
  });

  it('throttles requests per identifier', async () => {
    const { email } = await createCustomer(portal, 'alpha');
    const c = browser(portal, HOSTS.alpha);
    await c.get('/password/forgot');
    for (let i = 0; i < 5; i++) expect((await c.post('/password/forgot', { identifier: email! })).statusCode).toBe(200);
    const blocked = await c.post('/password/forgot', { identifier: email! });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('demasiados pedidos');
    expect(await outbox(portal, 'alpha', email!)).toHaveLength(5);
  });
});
