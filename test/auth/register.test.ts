import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createAccount, createCustomer, location, outbox, query, tokenFrom, unique } from '../support/fixtures.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

/** The one sentence a visitor gets back, whatever they typed. */
function neutralMessage(body: string): string {
  return /<div class="alert alert-success"[^>]*>.*?<p>([^<]+)<\/p>/s.exec(body)?.[1] ?? '';
}

describe('self-registration', () => {
  it('takes a holder from the form to the dashboard through the emailed link', async () => {
    const account = await createAccount(portal, 'alpha', { documentType: 'CUIT', documentNumber: '20-12345678-6', holderName: 'Marta Gómez' });
    const c = browser(portal, HOSTS.alpha);
    const form = await c.get('/register');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Primer acceso');

    const sent = await c.post('/register', { holderName: 'marta gomez', accountNumber: account.number, documentType: 'CUIT', documentNumber: '20123456786', email: 'Marta.Gomez@Example.com' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Revisá tu email');
    expect(sent.body).toContain('marta.gomez@example.com');

    const mails = await outbox(portal, 'alpha', 'marta.gomez@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Confirmá tu email en Alpha Internet');
    expect(mails[0].text).toContain('Alpha Internet');
    expect(mails[0].text).toContain('http://alpha.localhost:3000/register/verify?token=');
    const token = tokenFrom(mails[0].text, '/register/verify');

    // Stored hashed, never as sent.
    const [row] = await query(portal, `SELECT kind, token_hash, used_at, extract(epoch from expires_at - created_at) AS secs FROM auth_tokens WHERE account_id = ?`, [account.id]);
    expect(row.kind).toBe('verify');
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.used_at).toBeNull();
    expect(Number(row.secs)).toBeCloseTo(3600, -1);

    const setPassword = await c.get(`/register/verify?token=${token}`);
    expect(setPassword.statusCode).toBe(200);
    expect(setPassword.body).toContain('Elegí tu contraseña');
    expect(setPassword.body).toContain(`name="token" value="${token}"`);

    const weak = await c.post('/register/verify', { token, password: 'mi20123456786', confirm: 'mi20123456786' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('no puede contener tu número de cuenta, documento o email');
    const mismatch = await c.post('/register/verify', { token, password: 'un mate bien cebado', confirm: 'un mate bien cebad0' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.body).toContain('no coinciden');

    const done = await c.post('/register/verify', { token, password: 'un mate bien cebado', confirm: 'un mate bien cebado' });
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe('/dashboard');
    const dashboard = await c.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Hola, Marta Gómez');
    expect(dashboard.body).toContain('Tu usuario está activo');

    const [customer] = await query(portal, `SELECT c.id, c.name, c.email, c.email_verified_at, c.must_change_password, c.tenant_id
      FROM customers c JOIN accounts a ON a.customer_id = c.id WHERE a.id = ?`, [account.id]);
    expect(customer).toMatchObject({ name: 'Marta Gómez', email: 'marta.gomez@example.com', must_change_password: false, tenant_id: 'alpha' });
    expect(customer.email_verified_at).not.toBeNull();
    const [used] = await query(portal, 'SELECT used_at FROM auth_tokens WHERE account_id = ?', [account.id]);
    expect(used.used_at).not.toBeNull();
    const audit = await query(portal, `SELECT outcome FROM audit_log WHERE tenant_id = 'alpha' AND action = 'register.verify' AND actor_id = ?`, [String(customer.id)]);
    expect(audit).toEqual([{ outcome: 'success' }]);

    // The link worked once; the new password works from anywhere.
    const again = await browser(portal, HOSTS.alpha).get(`/register/verify?token=${token}`);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Este enlace ya se usó');
    const login = await browser(portal, HOSTS.alpha).login('marta.gomez@example.com', 'un mate bien cebado');
    expect(login.statusCode).toBe(303);
    expect(location(login)).toBe('/dashboard');
  });

  it('answers a wrong document or an unknown account exactly like a match, and sends nothing', async () => {
    const account = await createAccount(portal, 'alpha', { documentType: 'DNI', documentNumber: '30.123.456' });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    const holder = { holderName: 'Juana Pérez', documentType: 'DNI' };
    const matched = await c.post('/register', { ...holder, accountNumber: account.number, documentNumber: '30123456', email: 'same@example.com' });
    const wrongDoc = await c.post('/register', { ...holder, accountNumber: account.number, documentNumber: '30123457', email: 'same@example.com' });
    const unknown = await c.post('/register', { ...holder, accountNumber: 'NO-SUCH-1', documentNumber: '30123456', email: 'same@example.com' });
    // Right number and document, wrong name or type: no "wrong name" reply that would confirm the document.
    const wrongName = await c.post('/register', { ...holder, holderName: 'Juana Gómez', accountNumber: account.number, documentNumber: '30123456', email: 'same@example.com' });
    const wrongType = await c.post('/register', { ...holder, documentType: 'LELC', accountNumber: account.number, documentNumber: '30123456', email: 'same@example.com' });
    for (const res of [matched, wrongDoc, unknown, wrongName, wrongType]) expect(res.statusCode).toBe(200);
    for (const res of [wrongDoc, unknown, wrongName, wrongType]) expect(neutralMessage(res.body)).toBe(neutralMessage(matched.body));
    const reasons = await query(portal, `SELECT details->>'reason' AS reason FROM audit_log WHERE tenant_id = 'alpha' AND action = 'register' AND subject = ? ORDER BY id`, [account.number.toLowerCase()]);
    expect(reasons.map((r) => r.reason)).toEqual([null, 'document', 'name', 'document']);
    expect(neutralMessage(matched.body)).toContain('Si los datos coinciden');

    // Only the match produced an email and a token.
    expect(await outbox(portal, 'alpha', 'same@example.com')).toHaveLength(1);
    expect(await query(portal, 'SELECT id FROM auth_tokens WHERE account_id = ?', [account.id])).toHaveLength(1);
  });

  it('says when a CUIT check digit is wrong, keeping what was typed', async () => {
    const account = await createAccount(portal, 'alpha', { documentType: 'CUIT', documentNumber: '20123456786' });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    const res = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'CUIT', documentNumber: '20-12345678-5', email: 'cuit@example.com' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('El CUIT/CUIL no es válido');
    expect(res.body).toContain(`value="${account.number}"`);
    expect(res.body).toContain('value="20-12345678-5"');
    expect(await outbox(portal, 'alpha', 'cuit@example.com')).toHaveLength(0);

    const letters = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'DNI', documentNumber: 'ABC', email: 'no-es-email' });
    expect(letters.statusCode).toBe(400);
    expect(letters.body).toContain('El DNI tiene 7 u 8 números');
    expect(letters.body).toContain('Ingresá un email válido');
  });

  it('tells an account that already has a login how to recover it, without a link that grants access', async () => {
    const { accounts } = await createCustomer(portal, 'alpha', { accounts: [{ documentNumber: '22333444' }] });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    const res = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: accounts[0].number, documentType: 'DNI', documentNumber: '22.333.444', email: 'intruso@example.com' });
    expect(res.statusCode).toBe(200);
    expect(neutralMessage(res.body)).toContain('Si los datos coinciden');
    const [mail] = await outbox(portal, 'alpha', 'intruso@example.com');
    expect(mail.subject).toBe('Ya tenés acceso a la oficina virtual de Alpha Internet');
    expect(mail.text).toContain('http://alpha.localhost:3000/password/forgot');
    expect(mail.text).not.toContain('token=');
    expect(await query(portal, 'SELECT id FROM auth_tokens WHERE account_id = ?', [accounts[0].id])).toHaveLength(0);
  });

  it('stops trying an account number after five attempts in an hour', async () => {
    const account = await createAccount(portal, 'alpha', { documentNumber: '27111222' });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    for (let i = 0; i < 5; i++) {
      const guess = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'DNI', documentNumber: `2711123${i}`, email: 'adivino@example.com' });
      expect(guess.statusCode).toBe(200);
    }
    const right = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'DNI', documentNumber: '27111222', email: 'adivino@example.com' });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('demasiados intentos para este número de cuenta');
    expect(await outbox(portal, 'alpha', 'adivino@example.com')).toHaveLength(0);
  });

  it('limits registration attempts per IP address', async () => {
    const c = browser(portal, HOSTS.alpha, '10.9.9.9');
    await c.get('/register');
    for (let i = 0; i < 20; i++) {
      const res = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: unique('IP'), documentType: 'DNI', documentNumber: '30123456', email: 'ip@example.com' });
      expect(res.statusCode).toBe(200);
    }
    const blocked = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: unique('IP'), documentType: 'DNI', documentNumber: '30123456', email: 'ip@example.com' });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Demasiados intentos');
    // Another address is not affected.
    const other = browser(portal, HOSTS.alpha);
    await other.get('/register');
    expect((await other.post('/register', { holderName: 'Juana Pérez', accountNumber: unique('IP'), documentType: 'DNI', documentNumber: '30123456', email: 'ip@example.com' })).statusCode).toBe(200);
  });

  it('explains an expired or unknown link instead of failing', async () => {
    const account = await createAccount(portal, 'alpha', { documentNumber: '5123456' });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'DNI', documentNumber: '05.123.456', email: 'tarde@example.com' });
    const token = tokenFrom((await outbox(portal, 'alpha', 'tarde@example.com'))[0].text, '/register/verify');
    await query(portal, `UPDATE auth_tokens SET expires_at = now() - interval '1 minute' WHERE account_id = ?`, [account.id]);

    const expired = await c.get(`/register/verify?token=${token}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Este enlace venció');
    expect(expired.body).toContain('href="/register"');
    const post = await c.post('/register/verify', { token, password: 'un mate bien cebado', confirm: 'un mate bien cebado' });
    expect(post.statusCode).toBe(410);
    expect((await query(portal, 'SELECT customer_id FROM accounts WHERE id = ?', [account.id]))[0].customer_id).toBeNull();

    const unknown = await c.get('/register/verify?token=not-a-token');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Este enlace no es válido');
    expect((await c.get('/register/verify')).statusCode).toBe(400);
  });

  it('asks the holder name and document type, with a message beside each missing or misfit field and nothing typed lost', async () => {
    const account = await createAccount(portal, 'alpha', { documentType: 'CUIT', documentNumber: '20123456786' });
    const c = browser(portal, HOSTS.alpha);
    const form = await c.get('/register');
    expect(form.body).toContain('Nombre y apellido del titular');
    for (const option of ['DNI', 'CUIT', 'CUIL', 'Pasaporte', 'LE / LC']) expect(form.body).toContain(`>${option}`);

    const missing = await c.post('/register', { holderName: '', accountNumber: account.number, documentType: '', documentNumber: '20123456786', email: 'falta@example.com' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Ingresá el nombre y apellido del titular');
    expect(missing.body).toContain('Elegí el tipo de documento del titular');
    expect(missing.body).toContain(`value="${account.number}"`);
    expect(missing.body).toContain('value="20123456786"');
    expect(missing.body).toContain('value="falta@example.com"');

    // An 11-digit number under DNI: the type chosen is named, the rest stays, the CUIT option too.
    const misfit = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'DNI', documentNumber: '20-12345678-6', email: 'falta@example.com' });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.body).toContain('El DNI tiene 7 u 8 números. Si es un CUIT o CUIL (11 números), elegí ese tipo.');
    expect(misfit.body).toContain('value="Juana Pérez"');
    expect(misfit.body).toContain('<option value="DNI" selected>');
    const shortCuit = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'CUIT', documentNumber: '30.123.456', email: 'falta@example.com' });
    expect(shortCuit.statusCode).toBe(400);
    expect(shortCuit.body).toContain('El CUIT tiene 11 números');
    const tampered = await c.post('/register', { holderName: 'Juana Pérez', accountNumber: account.number, documentType: 'XX', documentNumber: '30123456', email: 'falta@example.com' });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.body).toContain('Elegí el tipo de documento del titular');
    expect(await outbox(portal, 'alpha', 'falta@example.com')).toHaveLength(0);
  });

  it('takes the holder name as people write it: any case, accents, word order, without a middle name; a lone surname is not enough', async () => {
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    const tries = [
      { typed: 'QUISPE, maria laura', holder: 'María Laura Quispe', sends: true },
      { typed: 'Maria Quispe', holder: 'María Laura Quispe', sends: true },
      { typed: 'Quispe', holder: 'María Laura Quispe', sends: false },
      { typed: 'Mario Quispe', holder: 'María Laura Quispe', sends: false },
    ];
    for (const [i, t] of tries.entries()) {
      const account = await createAccount(portal, 'alpha', { holderName: t.holder, documentType: 'LC', documentNumber: '4.123.456' });
      const email = `nombre${i}@example.com`;
      const res = await c.post('/register', { holderName: t.typed, accountNumber: account.number, documentType: 'LELC', documentNumber: '4123456', email });
      expect(res.statusCode).toBe(200);
      expect(await outbox(portal, 'alpha', email), t.typed).toHaveLength(t.sends ? 1 : 0);
    }
  });

  it('registers a passport holder by letters and digits', async () => {
    const account = await createAccount(portal, 'alpha', { holderName: 'John Smith', documentType: 'PAS', documentNumber: 'AB 123456' });
    const c = browser(portal, HOSTS.alpha);
    await c.get('/register');
    const wrongType = await c.post('/register', { holderName: 'John Smith', accountNumber: account.number, documentType: 'DNI', documentNumber: 'AB123456', email: 'john@example.com' });
    expect(wrongType.statusCode).toBe(400);
    const res = await c.post('/register', { holderName: 'john smith', accountNumber: account.number, documentType: 'PAS', documentNumber: 'ab123456', email: 'john@example.com' });
    expect(res.statusCode).toBe(200);
    expect(await outbox(portal, 'alpha', 'john@example.com')).toHaveLength(1);
  });

  it('speaks the tenant language', async () => {
    const res = await browser(portal, HOSTS.beta).get('/register');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('First access');
    expect(res.body).toContain("Account holder&#x27;s full name");
    expect(res.body).toContain('<option value="PAS">Passport</option>');
  });
});
