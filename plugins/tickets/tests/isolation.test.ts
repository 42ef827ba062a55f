import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, browser, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, openThroughForm, PNG, postMultipart, signedIn, sql, startTicketsPortal } from './harness.ts';

let portal: TestPortal;
let ana: Client;
let beto: Client;
let carla: Client;
/** Ana's tickets in soporte, numbered from 5000 like nube's, so the same number exists in both tenants. */
let anaOpen: number;
let anaClosed: number;
let anaFile: number;
let carlaTicket: number;
let carlaFile: number;

/** Everything a ticket action could change, to compare before and after. */
const snapshot = () =>
  sql<Record<string, unknown>>(portal, `SELECT t.tenant_id, t.number, t.status, t.assigned_to, t.last_activity_at,
                      (SELECT count(*)::int FROM tickets_messages m WHERE m.ticket_id = t.id) AS messages,
                      (SELECT count(*)::int FROM tickets_events e WHERE e.ticket_id = t.id) AS events
               FROM tickets t ORDER BY t.id`);
const mailCount = async () => (await sql<{ n: number }>(portal, `SELECT count(*)::int AS n FROM mail_outbox`))[0].n;

beforeAll(async () => {
  portal = await startTicketsPortal();
  await sql(portal, `INSERT INTO tenant_counters (tenant_id, series, last_number) VALUES ('soporte', 'tickets', 4999)`);
  ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'ana'));
  beto = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'beto'));
  const carlaCustomer = await customer(portal, 'nube', 'carla', [{ kind: 'vps', plan: 'VPS 2 GB' }]);
  carla = await signedIn(portal, 'nube', carlaCustomer);
  anaOpen = await openThroughForm(portal, ana, { subject: 'Abierto de Ana', message: 'Privado de Ana' }, [{ filename: 'ana.png', data: PNG }]);
  anaClosed = await openThroughForm(portal, ana, { subject: 'Cerrado de Ana', message: 'Otro privado' });
  await sql(portal, `UPDATE tickets SET status = 'closed', closed_at = now() WHERE tenant_id = 'soporte' AND number = ?`, [anaClosed]);
  carlaTicket = await openThroughForm(portal, carla, { service: String(carlaCustomer.services[0]), category: 'outage', subject: 'Caída', message: 'Privado de Carla' }, [
    { filename: 'carla.png', data: PNG },
  ]);
  [{ id: anaFile }] = await sql(portal, `SELECT id FROM tickets_attachments WHERE tenant_id = 'soporte'`);
  [{ id: carlaFile }] = await sql(portal, `SELECT id FROM tickets_attachments WHERE tenant_id = 'nube'`);
});
afterAll(async () => portal?.dispose());

describe("another customer's or tenant's ticket", () => {
  it('exists with the same number in both tenants (the set-up the next tests rely on)', () => {
    expect([anaOpen, anaClosed, carlaTicket]).toEqual([5000, 5001, 5000]);
  });

  it('is a 404 to view, never a 403', async () => {
    for (const path of [`/tickets/${anaOpen}`, `/tickets/${anaClosed}`, `/tickets/${anaOpen}/attachments/${anaFile}`]) {
      expect((await beto.get(path)).statusCode, path).toBe(404);
    }
    // Carla's 5000 is her own ticket, not Ana's, and Ana's file is not reachable through it.
    const own = await carla.get(`/tickets/${carlaTicket}`);
    expect(own.body).toContain('Privado de Carla');
    expect(own.body).not.toContain('Privado de Ana');
    expect((await carla.get(`/tickets/${carlaTicket}/attachments/${anaFile}`)).statusCode).toBe(404);
    expect((await carla.get(`/tickets/${anaClosed}`)).statusCode).toBe(404);
    expect((await ana.get(`/tickets/${anaOpen}/attachments/${carlaFile}`)).statusCode).toBe(404);
    for (const odd of ['abc', '0', '-1', '1e3', '99999999999', '5000.0']) {
      expect((await ana.get(`/tickets/${odd}`)).statusCode, odd).toBe(404);
      expect((await ana.get(`/tickets/${anaOpen}/attachments/${odd}`)).statusCode, odd).toBe(404);
    }
  });

  it('is a 404 to reply to or reopen, and nothing changes', async () => {
    const before = await snapshot();
    const mailsBefore = await mailCount();
    await beto.get('/tickets');
    expect((await postMultipart(portal, beto, `/tickets/${anaOpen}/reply`, { message: 'Intruso' }, [{ filename: 'x.png', data: PNG }])).statusCode).toBe(404);
    expect((await beto.post(`/tickets/${anaOpen}/reply`, { message: 'Intruso' })).statusCode).toBe(404);
    expect((await postMultipart(portal, beto, `/tickets/${anaClosed}/reopen`, { message: 'Intruso' })).statusCode).toBe(404);
    expect((await postMultipart(portal, carla, `/tickets/${anaClosed}/reopen`, { message: 'Intrusa' })).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    expect(await mailCount()).toBe(mailsBefore);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM tickets_attachments`)).toEqual([{ n: 2 }]);
  });

  it('lists only the signed-in customer’s tickets', async () => {
    const list = await beto.get('/tickets');
    expect(list.body).not.toContain('Abierto de Ana');
    expect(list.body).toContain('Todavía no abriste ningún ticket.');
  });
});

describe("another tenant's back office", () => {
  it('sees only its own tickets and changes nothing of another tenant', async () => {
    const operator = await loginStaff(portal, HOSTS.nube, await createStaff(portal, 'nube', { role: 'support' }));
    const queue = await operator.get('/staff/tickets');
    expect(queue.body).toContain('Caída');
    expect(queue.body).not.toContain('Abierto de Ana');
    expect((await operator.get(`/staff/tickets/${carlaTicket}`)).body).not.toContain('Privado de Ana');
    expect((await operator.get(`/staff/tickets/${anaClosed}`)).statusCode).toBe(404);
    expect((await operator.get(`/staff/tickets/${carlaTicket}/attachments/${anaFile}`)).statusCode).toBe(404);
    const before = await snapshot();
    for (const action of ['reply', 'note', 'close', 'reopen', 'assign']) {
      expect((await operator.post(`/staff/tickets/${anaClosed}/${action}`, { message: 'x', assignee: '' })).statusCode, action).toBe(404);
    }
    // An operator of soporte cannot be given nube's ticket.
    const soporteOperator = await createStaff(portal, 'soporte', { role: 'support' });
    await operator.get(`/staff/tickets/${carlaTicket}`);
    const res = await operator.post(`/staff/tickets/${carlaTicket}/assign`, { assignee: String(soporteOperator.id) });
    expect(res.statusCode).toBe(303);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a tenant without the plugin', () => {
  it('answers 404 on every page, for customers and staff, and shows no menu item', async () => {
    const dario = await signedIn(portal, 'red', await customer(portal, 'red', 'dario'));
    for (const path of ['/tickets', '/tickets/new', `/tickets/${anaOpen}`, `/tickets/${anaOpen}/attachments/${anaFile}`]) {
      expect((await dario.get(path)).statusCode, path).toBe(404);
    }
    expect((await postMultipart(portal, dario, '/tickets', { subject: 'x', message: 'y', category: 'other' })).statusCode).toBe(404);
    expect((await dario.get('/dashboard')).body).not.toContain('href="/tickets"');
    const operator = await loginStaff(portal, HOSTS.red, await createStaff(portal, 'red', { role: 'administrator' }));
    expect((await operator.get('/staff/tickets')).statusCode).toBe(404);
    expect((await operator.get(`/staff/tickets/${anaOpen}`)).statusCode).toBe(404);
    expect((await operator.get('/staff')).body).not.toContain('/staff/tickets');
  });

  it('sends anonymous visitors to the login page and back', async () => {
    const res = await browser(portal, HOSTS.soporte).get(`/tickets/${anaOpen}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/tickets/${anaOpen}`)}`);
  });
});
