import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { Mailer } from '../../core/mail/mailer.ts';
import { createTransport } from '../../core/mail/transport.ts';
import { HOSTS } from '../support/fixtures.ts';
import { auditRows, createStaff, loginStaff } from '../staff/staff-fixtures.ts';

/** What the SMTP peer accepted: envelope, headers and body as received. */
interface Received { from: string; to: string[]; raw: string }

const received: Received[] = [];
const logins: string[] = [];
/** Answers queued per recipient: each delivery attempt to that address takes the next one. */
const answers = new Map<string, { code: number; message: string }[]>();

const server = new SMTPServer({
  authOptional: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, callback) {
    if (auth.username === 'portal' && auth.password === 'secreto-smtp') {
      logins.push(auth.username!);
      return callback(null, { user: auth.username });
    }
    callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
  },
  onRcptTo(address, _session, callback) {
    const next = answers.get(address.address)?.shift();
    if (next) return callback(Object.assign(new Error(next.message), { responseCode: next.code }));
    callback();
  },
  onData(stream, session, callback) {
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (raw += chunk));
    stream.on('end', () => {
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

let portal: TestPortal;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  portal = await startTestPortal({
    pluginPaths: [join(REPO_ROOT, 'plugins'), join(REPO_ROOT, 'test/fixtures/plugins')],
    mail: { transport: 'smtp', from: 'Portal <no-reply@portal.test>', smtp: { host: '127.0.0.1', port, secure: false, user: 'portal', pass: 'secreto-smtp' } },
  });
});
afterAll(async () => {
  await portal?.dispose();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const sql = (q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<any[]>(q, params);

async function queue(to: string, text: string): Promise<void> {
  const alpha = portal.tenants.get('alpha')!;
  await portal.db.orm.em.fork().transactional((tx) =>
    portal.services.mail.queue(tx, { tenant: alpha, to, template: 'emails/test-message', subject: 'login.title', data: { text } }),
  );
}

/** Due now: stands in for the backoff having elapsed, so the next worker pass retries it. */
const makeDue = (to: string) => sql(`UPDATE mail_outbox SET next_attempt_at = now() WHERE to_address = ?`, [to]);

describe('mail outbox over SMTP', () => {
  it('delivers to the SMTP server, logged in with the configured user and password', async () => {
    await queue('ana@cliente.test', 'Su factura de diciembre');
    expect(await portal.services.mail.deliverDue()).toBe(1);

    const message = received.find((m) => m.to.includes('ana@cliente.test'))!;
    expect(message).toBeDefined();
    expect(message.from).toBe('no-reply@portal.test');
    expect(message.raw).toMatch(/^To: ana@cliente\.test/m);
    expect(message.raw).toMatch(/^From: "?Alpha[^\n]*<no-reply@portal\.test>/m);
    expect(message.raw).toMatch(/^Subject: \S/m);
    expect(message.raw).toContain('Su factura de diciembre');
    expect(logins).toContain('portal');
    const [row] = await sql(`SELECT status, attempts FROM mail_outbox WHERE to_address = 'ana@cliente.test'`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a temporary refusal (421) on a later pass and then delivers', async () => {
    answers.set('beto@cliente.test', [{ code: 421, message: 'Try again later' }]);
    await queue('beto@cliente.test', 'Reintento');

    expect(await portal.services.mail.deliverDue()).toBe(0);
    const [waiting] = await sql(`SELECT status, attempts, last_error, next_attempt_at > now() AS later FROM mail_outbox WHERE to_address = 'beto@cliente.test'`);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(waiting.last_error).toContain('421');
    // Not due yet: the next pass leaves it alone.
    expect(await portal.services.mail.deliverDue()).toBe(0);

    await makeDue('beto@cliente.test');
    expect(await portal.services.mail.deliverDue()).toBe(1);
    const [sent] = await sql(`SELECT status, attempts FROM mail_outbox WHERE to_address = 'beto@cliente.test'`);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(received.filter((m) => m.to.includes('beto@cliente.test'))).toHaveLength(1);
  });

  it('marks a permanent refusal (550) failed at once, with the reason', async () => {
    answers.set('nadie@cliente.test', [{ code: 550, message: 'Mailbox unavailable' }]);
    await queue('nadie@cliente.test', 'No llega');

    expect(await portal.services.mail.deliverDue()).toBe(0);
    const [row] = await sql(`SELECT status, attempts, last_error FROM mail_outbox WHERE to_address = 'nadie@cliente.test'`);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toContain('550');
    expect(row.last_error).toContain('Mailbox unavailable');
  });

  it('shows the failed email with the server answer to administrators under Correo saliente, and sends it again on request (audited)', async () => {
    answers.set('ceci@cliente.test', [{ code: 550, message: 'No such user here' }]);
    await queue('ceci@cliente.test', 'Segundo intento');
    await portal.services.mail.deliverDue();

    const admin = await loginStaff(portal, HOSTS.alpha, await createStaff(portal, 'alpha', { role: 'administrator' }));
    const page = await admin.get('/staff/mail');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Correo saliente');
    expect(page.body).toContain('ceci@cliente.test');
    expect(page.body).toContain('550 No such user here');
    expect(page.body).toContain('Falló');

    // Another tenant's administrator sees none of it; a billing operator may not open the page.
    const otherAdmin = await loginStaff(portal, HOSTS.beta, await createStaff(portal, 'beta', { role: 'administrator' }));
    const other = await otherAdmin.get('/staff/mail');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('ceci@cliente.test');
    const billing = await loginStaff(portal, HOSTS.alpha, await createStaff(portal, 'alpha', { role: 'billing' }));
    expect((await billing.get('/staff/mail')).statusCode).toBe(403);

    const [row] = await sql(`SELECT id FROM mail_outbox WHERE to_address = 'ceci@cliente.test'`);
    const foreign = await otherAdmin.post(`/staff/mail/${row.id}/retry`, {});
    expect(foreign.statusCode).toBe(404);
    const retried = await admin.post(`/staff/mail/${row.id}/retry`, {});
    expect(retried.statusCode).toBe(303);
    expect((await admin.get('/staff/mail')).body).toContain('se va a enviar de nuevo');
    expect(await auditRows(portal, 'alpha', 'mail.retried')).toMatchObject([{ subject: 'ceci@cliente.test', outcome: 'success' }]);

    expect(await portal.services.mail.deliverDue()).toBe(1);
    expect(received.filter((m) => m.to.includes('ceci@cliente.test'))).toHaveLength(1);
    expect((await admin.get('/staff/mail')).body).not.toContain('ceci@cliente.test');
  });

  it('keeps an email waiting when the SMTP server refuses the connection, to try again later', async () => {
    // A port nobody listens on: taken, then given back.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = { ...portal.config, mail: { ...portal.config.mail, smtp: { ...portal.config.mail.smtp!, port } } };
    const unreachable = new Mailer({ orm: portal.db.orm, views: portal.services.views, transport: createTransport(config, portal.app.log), from: config.mail.from, log: portal.app.log });

    await queue('dario@cliente.test', 'Servidor caído');
    expect(await unreachable.deliverDue()).toBe(0);
    const [row] = await sql(`SELECT status, attempts, last_error, next_attempt_at > now() AS later FROM mail_outbox WHERE to_address = 'dario@cliente.test'`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, later: true });
    expect(row.last_error).toMatch(/ECONNREFUSED/);
  });
});
