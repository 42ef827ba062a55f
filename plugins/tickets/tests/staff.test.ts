import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, auditRows, createStaff, loginStaff, type StaffFixture } from 'portal/testing';
import { customer, HOSTS, mails, openThroughForm, postMultipart, signedIn, sql, startTicketsPortal, ticketRow, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let anaClient: Client;
let laura: StaffFixture;
let pedro: StaffFixture;
let support: Client;
const numbers: Record<string, number> = {};

const queueNumbers = (body: string) => [...body.matchAll(/<tr data-ticket="(\d+)"/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'soporte', 'ana');
  anaClient = await signedIn(portal, 'soporte', ana);
  numbers.oldest = await openThroughForm(portal, anaClient, { subject: 'Sin internet', message: 'No anda nada.' });
  numbers.billing = await openThroughForm(portal, anaClient, { subject: 'Cargo duplicado', message: 'Me cobraron dos veces.', category: 'billing' });
  numbers.done = await openThroughForm(portal, anaClient, { subject: 'Cambio de plan', message: 'Quiero 600 Mb.', category: 'service-change' });
  await sql(portal, `UPDATE tickets SET last_activity_at = now() - interval '2 days' WHERE number = ?`, [numbers.oldest]);
  await sql(portal, `UPDATE tickets SET status = 'closed', closed_at = now() WHERE number = ?`, [numbers.done]);
  laura = await createStaff(portal, 'soporte', { role: 'support', name: 'Laura Gómez', email: 'laura@soporte.test' });
  pedro = await createStaff(portal, 'soporte', { role: 'support', name: 'Pedro Ruiz', email: 'pedro@soporte.test' });
  support = await loginStaff(portal, HOSTS.soporte, laura);
});
afterAll(async () => portal?.dispose());

describe('the customer page', () => {
  it("lists the customer's tickets, latest activity first, with how many wait for an answer, each linking to the ticket", async () => {
    const page = await support.get(`/staff/customers/${ana.customerId}`);
    expect(page.statusCode).toBe(200);
    const panel = page.body.slice(page.body.indexOf('id="panel-tickets-tickets"'));
    expect(panel).toContain('3 ticket(s), 2 esperando respuesta.');
    expect([...panel.matchAll(/<tr data-ticket="(\d+)">\s*<td[^>]*><a href="\/staff\/tickets\/(\d+)">/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([
      [numbers.done, numbers.done],
      [numbers.billing, numbers.billing],
      [numbers.oldest, numbers.oldest],
    ]);
    expect(panel).toMatch(/Cambio de plan<\/td>\s*<td[^>]*><span class="badge badge-muted">Cerrado<\/span>/);
    expect((await support.get(`/staff/tickets/${numbers.done}`)).statusCode).toBe(200);
  });
});

describe('the queue', () => {
  it('shows what is not closed, oldest waiting first, and filters by status, category and assignee', async () => {
    const page = await support.get('/staff/tickets');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(queueNumbers(page.body)).toEqual([numbers.oldest, numbers.billing]);
    expect(page.body).toContain('Tickets: 2');
    expect(queueNumbers((await support.get('/staff/tickets?status=closed')).body)).toEqual([numbers.done]);
    expect(queueNumbers((await support.get('/staff/tickets?status=all')).body)).toHaveLength(3);
    expect(queueNumbers((await support.get('/staff/tickets?category=billing')).body)).toEqual([numbers.billing]);
    expect(queueNumbers((await support.get('/staff/tickets?status=nonsense&category=nope&assigned=x')).body)).toEqual([numbers.oldest, numbers.billing]);
    const row = new RegExp(`<tr data-ticket="${numbers.billing}"[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row).toContain('Cargo duplicado');
    expect(row).toContain('Facturación y pagos');
    expect(row).toContain('Ana');
    expect(row).toContain('SOPORTE-ANA');
    expect(row).toContain('Sin responder');
  });

  it('counts the tickets waiting on the overview against yesterday, flagged when one waits more than a day', async () => {
    // Yesterday only the oldest existed, waiting since it was opened.
    await sql(portal, `UPDATE tickets SET created_at = now() - interval '2 days' WHERE number = ?`, [numbers.oldest]);
    const overview = await support.get('/staff');
    const card = /<li class="card staff-figure([^"]*)" id="figure-tickets-waiting">[\s\S]*?<\/li>/.exec(overview.body)!;
    expect(card[0]).toContain('Tickets sin responder');
    expect(card[0]).toContain('<p class="card-value">2</p>');
    expect(card[0]).toContain('▲ ayer: 1');
    expect(card[1]).toContain('staff-figure-attention');
  });
});

describe('assigning', () => {
  it('gives a ticket to an operator who can answer it, in the history and the audit log', async () => {
    await support.get(`/staff/tickets/${numbers.billing}`);
    const res = await support.post(`/staff/tickets/${numbers.billing}/assign`, { assignee: String(pedro.id) });
    expect(res.statusCode).toBe(303);
    const page = await support.get(`/staff/tickets/${numbers.billing}`);
    expect(page.body).toContain('Ticket asignado a Pedro Ruiz.');
    expect(page.body).toContain('Laura Gómez asignó el ticket a Pedro Ruiz.');
    expect((await ticketRow(portal, 'soporte', numbers.billing)).assigned_to).toBe(pedro.id);
    expect(await auditRows(portal, 'soporte', 'tickets.assigned')).toEqual([
      expect.objectContaining({ actor_id: String(laura.id), subject: `ticket-${numbers.billing}`, details: { number: numbers.billing, to: pedro.id } }),
    ]);
    expect(queueNumbers((await support.get(`/staff/tickets?assigned=${pedro.id}`)).body)).toEqual([numbers.billing]);
    expect(queueNumbers((await support.get('/staff/tickets?assigned=none')).body)).toEqual([numbers.oldest]);
  });

  it('sends the customer’s replies on it to that operator instead of the notify list', async () => {
    const before = (await mails(portal, 'soporte')).length;
    await anaClient.get(`/tickets/${numbers.billing}`);
    await postMultipart(portal, anaClient, `/tickets/${numbers.billing}/reply`, { message: '¿Novedades?' });
    const sent = (await mails(portal, 'soporte')).slice(before);
    expect(sent.map((m) => [m.to_address, m.subject])).toEqual([['pedro@soporte.test', `Respuesta del cliente en el ticket N° ${numbers.billing}: Cargo duplicado`]]);
  });

  it('refuses people who cannot answer tickets, and "take" assigns it to oneself', async () => {
    const billingUser = await createStaff(portal, 'soporte', { role: 'billing', name: 'Bea Cobranzas' });
    const page = await support.get(`/staff/tickets/${numbers.oldest}`);
    expect(page.body).not.toContain('Bea Cobranzas');
    const refused = await support.post(`/staff/tickets/${numbers.oldest}/assign`, { assignee: String(billingUser.id) });
    expect(refused.statusCode).toBe(303);
    expect((await support.get(`/staff/tickets/${numbers.oldest}`)).body).toContain('Esa persona no puede recibir tickets.');
    expect((await ticketRow(portal, 'soporte', numbers.oldest)).assigned_to).toBeNull();
    expect(page.body).toContain('Tomar el ticket');
    await support.post(`/staff/tickets/${numbers.oldest}/assign`, { assignee: String(laura.id) });
    expect((await ticketRow(portal, 'soporte', numbers.oldest)).assigned_to).toBe(laura.id);
    expect(queueNumbers((await support.get('/staff/tickets?assigned=me')).body)).toEqual([numbers.oldest]);
    expect((await support.get(`/staff/tickets/${numbers.oldest}`)).body).not.toContain('Tomar el ticket');
  });
});

describe('answering', () => {
  it('re-shows the form with the problem when the reply is empty or too long', async () => {
    await support.get(`/staff/tickets/${numbers.oldest}`);
    const empty = await support.post(`/staff/tickets/${numbers.oldest}/reply`, { message: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Escribí tu mensaje.');
    const long = await support.post(`/staff/tickets/${numbers.oldest}/note`, { message: 'x'.repeat(5001) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('El mensaje puede tener hasta 5.000 caracteres.');
    expect(await sql(portal, `SELECT count(*)::int AS n FROM tickets_messages WHERE kind <> 'customer'`)).toEqual([{ n: 0 }]);
  });

  it('closes once even when two operators click at the same time', async () => {
    const other = await loginStaff(portal, HOSTS.soporte, pedro);
    await support.get(`/staff/tickets/${numbers.oldest}`);
    await other.get(`/staff/tickets/${numbers.oldest}`);
    const before = (await mails(portal, 'soporte')).length;
    const [a, b] = await Promise.all([support.post(`/staff/tickets/${numbers.oldest}/close`), other.post(`/staff/tickets/${numbers.oldest}/close`)]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    const [{ id }] = await sql<{ id: number }>(portal, `SELECT id FROM tickets WHERE number = ?`, [numbers.oldest]);
    expect(await sql(portal, `SELECT to_status FROM tickets_events WHERE ticket_id = ? AND to_status = 'closed'`, [id])).toHaveLength(1);
    expect((await mails(portal, 'soporte')).slice(before).map((m) => m.subject)).toEqual([`Cerramos tu ticket N° ${numbers.oldest}`]);
    // A reply typed before the close is not sent to a closed ticket.
    const late = await support.post(`/staff/tickets/${numbers.oldest}/reply`, { message: 'Listo.' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('El ticket se cerró mientras escribías.');
    expect(late.body).toContain('>Listo.</textarea>');
  });
});

describe('permissions', () => {
  it('billing reads tickets but cannot answer them; the attempt is a 403 in the audit log', async () => {
    const bea = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'billing' }));
    expect((await bea.get('/staff/tickets')).statusCode).toBe(200);
    const page = await bea.get(`/staff/tickets/${numbers.billing}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="/staff/tickets/${numbers.billing}/reply"`);
    expect(page.body).not.toContain(`action="/staff/tickets/${numbers.billing}/note"`);
    expect(page.body).not.toContain(`action="/staff/tickets/${numbers.billing}/assign"`);
    const before = await ticketRow(portal, 'soporte', numbers.billing);
    for (const action of ['reply', 'note', 'close', 'assign']) {
      expect((await bea.post(`/staff/tickets/${numbers.billing}/${action}`, { message: 'x', assignee: '' })).statusCode, action).toBe(403);
    }
    expect(await ticketRow(portal, 'soporte', numbers.billing)).toEqual(before);
    const denied = (await auditRows(portal, 'soporte', 'staff.denied')) as { subject: string }[];
    expect(denied.map((d) => d.subject)).toEqual(['tickets.reply', 'tickets.reply', 'tickets.reply', 'tickets.assign']);
  });

  it('field staff do not see tickets at all', async () => {
    const field = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'field' }));
    expect((await field.get('/staff/tickets')).statusCode).toBe(403);
    expect((await field.get(`/staff/tickets/${numbers.billing}`)).statusCode).toBe(403);
    expect((await field.get('/staff')).body).not.toContain('href="/staff/tickets"');
  });
});

describe('another tenant’s wording', () => {
  it('hides operator names when the tenant says so and writes to every address of its list, in its language', async () => {
    const bruno = await customer(portal, 'nube', 'bruno', [
      { kind: 'vps', plan: 'VPS 4 GB', address: 'vps-1.nube.test' },
      { kind: 'domain', plan: 'Dominio .com.ar' },
    ]);
    const client = await signedIn(portal, 'nube', bruno);
    const form = await client.get('/tickets/new');
    // Only the kinds the tenant offers, and a service is required.
    expect(form.body).toContain('VPS 4 GB · vps-1.nube.test');
    expect(form.body).not.toContain('Dominio .com.ar');
    expect(form.body).toContain('<select id="service" name="service" required');
    const number = await openThroughForm(portal, client, { service: String(bruno.services[0]), category: 'outage', subject: 'Server down', message: 'It does not answer.' });
    expect(number).toBe(5000);
    const noc = await loginStaff(portal, HOSTS.nube, await createStaff(portal, 'nube', { role: 'support', name: 'Nora NOC' }));
    await noc.get('/staff/tickets/5000');
    await noc.post('/staff/tickets/5000/reply', { message: 'Rebooted it.' });
    const sent = await mails(portal, 'nube');
    expect(sent.map((m) => [m.to_address, m.subject])).toEqual([
      ['noc@nube.test', 'New ticket No. 5000: Server down'],
      ['guardia@nube.test', 'New ticket No. 5000: Server down'],
      ['bruno@nube.test', 'We received your ticket No. 5000'],
      ['bruno@nube.test', 'We answered your ticket No. 5000'],
    ]);
    expect(sent[3].text).toContain('Support team answered your ticket No. 5000, “Server down”:');
    expect(sent[3].text).not.toContain('Nora');
    const page = await client.get('/tickets/5000');
    expect(page.body).toContain('Support team');
    expect(page.body).not.toContain('Nora NOC');
    expect(page.body).toContain('Important: a reply sent by email is not added to the ticket.');
  });
});
