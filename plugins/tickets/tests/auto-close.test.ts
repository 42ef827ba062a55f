import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, createStaff, loginStaff } from 'portal/testing';
import { autoClose } from '../jobs/auto-close.ts';
import { customer, HOSTS, mails, openThroughForm, postMultipart, runAutoClose, signedIn, sql, startTicketsPortal, ticketRow } from './harness.ts';

let portal: TestPortal;
let ana: Client;
let operator: Client;
const numbers: Record<string, number> = {};

const answeredDaysAgo = (number: number, days: number) =>
  sql(portal, `UPDATE tickets SET answered_at = now() - (? * interval '1 day') WHERE tenant_id = 'soporte' AND number = ?`, [days, number]);
const hourSlot = (offsetHours = 0) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + offsetHours * 3_600_000);

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'ana'));
  operator = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'support' }));
  for (const name of ['stale', 'recent', 'waitingForUs']) {
    numbers[name] = await openThroughForm(portal, ana, { subject: `Ticket ${name}`, message: 'Hola' });
  }
  for (const name of ['stale', 'recent']) {
    await operator.get(`/staff/tickets/${numbers[name]}`);
    await operator.post(`/staff/tickets/${numbers[name]}/reply`, { message: '¿Sigue pasando?' });
  }
  await answeredDaysAgo(numbers.stale, 6);
  await answeredDaysAgo(numbers.recent, 4);
  await sql(portal, `UPDATE tickets SET last_activity_at = now() - interval '30 days' WHERE number = ?`, [numbers.waitingForUs]);
});
afterAll(async () => portal?.dispose());

describe('closing tickets the customer did not answer', () => {
  it('closes those waiting longer than the tenant allows, once, even with two processes on the slot', async () => {
    const before = (await mails(portal, 'soporte')).length;
    const ran = await runAutoClose(portal, 'soporte', hourSlot(), 2);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect((await ticketRow(portal, 'soporte', numbers.stale)).status).toBe('closed');
    expect((await ticketRow(portal, 'soporte', numbers.recent)).status).toBe('answered');
    expect((await ticketRow(portal, 'soporte', numbers.waitingForUs)).status).toBe('open');
    const sent = (await mails(portal, 'soporte')).slice(before);
    expect(sent.map((m) => [m.to_address, m.subject])).toEqual([['ana@soporte.test', `Cerramos tu ticket N° ${numbers.stale}`]]);
    expect(sent[0].text).toContain(`Cerramos tu ticket N° ${numbers.stale}, «Ticket stale», porque pasaron 5 días sin tu respuesta.`);
    expect(sent[0].text).toContain('Por favor, no respondas este email: las respuestas por email no se reciben.');
    const [{ id }] = await sql<{ id: number }>(portal, `SELECT id FROM tickets WHERE number = ?`, [numbers.stale]);
    expect(await sql(portal, `SELECT from_status, to_status, actor_type, actor_id FROM tickets_events WHERE ticket_id = ? AND to_status = 'closed'`, [id])).toEqual([
      { from_status: 'answered', to_status: 'closed', actor_type: 'system', actor_id: null },
    ]);
    expect(await sql(portal, `SELECT actor_type, subject, details FROM audit_log WHERE action = 'tickets.auto-closed'`)).toEqual([
      { actor_type: 'system', subject: `ticket-${numbers.stale}`, details: { number: numbers.stale, days: 5 } },
    ]);
    const page = await ana.get(`/tickets/${numbers.stale}`);
    expect(page.body).toContain('El ticket se cerró porque no tuvimos tu respuesta');
  });

  it('does nothing more in later slots, and nothing at all where the tenant turned it off', async () => {
    const before = (await mails(portal, 'soporte')).length;
    await Promise.all([runAutoClose(portal, 'soporte', hourSlot(1)), runAutoClose(portal, 'soporte', hourSlot(2))]);
    expect(await mails(portal, 'soporte')).toHaveLength(before);
    await answeredDaysAgo(numbers.recent, 40);
    const tenant = portal.tenants.get('soporte')!;
    const off = await autoClose({
      tenant,
      em: portal.db.forTenant('soporte'),
      settings: { ...tenant.plugins.get('tickets'), autoCloseDays: 0 },
      slot: new Date(),
      log: portal.app.log,
      portal: portal.services,
    });
    expect(off).toBe(0);
    expect((await ticketRow(portal, 'soporte', numbers.recent)).status).toBe('answered');
  });

  it('keeps a ticket open once the customer has answered, however old the provider’s reply', async () => {
    await ana.get(`/tickets/${numbers.recent}`);
    await postMultipart(portal, ana, `/tickets/${numbers.recent}/reply`, { message: 'Sí, sigue.' });
    await runAutoClose(portal, 'soporte', hourSlot(3));
    expect((await ticketRow(portal, 'soporte', numbers.recent)).status).toBe('open');
  });
});

describe('reopening', () => {
  it('is possible for the days the tenant allows after closing, and refused after', async () => {
    const page = await ana.get(`/tickets/${numbers.stale}`);
    expect(page.body).toContain(`action="/tickets/${numbers.stale}/reopen"`);
    await sql(portal, `UPDATE tickets SET closed_at = now() - interval '31 days' WHERE number = ?`, [numbers.stale]);
    const late = await ana.get(`/tickets/${numbers.stale}`);
    expect(late.body).not.toContain(`/tickets/${numbers.stale}/reopen`);
    expect(late.body).toContain('Este ticket está cerrado y ya no se puede reabrir.');
    const res = await postMultipart(portal, ana, `/tickets/${numbers.stale}/reopen`, { message: 'Sigue igual' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Ya pasó el plazo para reabrir este ticket.');
    expect((await ticketRow(portal, 'soporte', numbers.stale)).status).toBe('closed');
  });

  it('has no deadline where the tenant sets none', async () => {
    const bruno = await customer(portal, 'nube', 'bruno', [{ kind: 'hosting', plan: 'Hosting Pyme' }]);
    const client = await signedIn(portal, 'nube', bruno);
    const number = await openThroughForm(portal, client, { service: String(bruno.services[0]), category: 'dns', subject: 'DNS', message: 'Help' });
    await sql(portal, `UPDATE tickets SET status = 'closed', closed_at = now() - interval '3 years' WHERE tenant_id = 'nube' AND number = ?`, [number]);
    const page = await client.get(`/tickets/${number}`);
    expect(page.body).toContain('If the problem persists or you have something to add, you can reopen it with a message.');
    expect((await postMultipart(portal, client, `/tickets/${number}/reopen`, { message: 'Again' })).statusCode).toBe(303);
  });
});
