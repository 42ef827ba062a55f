import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoTenant, type TestPortal, createStaff, loginStaff } from 'portal/testing';
import { HOSTS, signedIn, sql, startTicketsPortal } from './harness.ts';

let portal: TestPortal;

const demo: DemoTenant = {
  tenantId: 'soporte',
  password: 'Ticket-Ventoso-58',
  customers: [
    {
      name: 'Ana Demo',
      email: 'ana@demo.test',
      accounts: [
        { number: 'D-1', holderName: 'Ana Demo', documentType: 'DNI', documentNumber: '30111222', email: 'ana@demo.test', services: [{ externalId: 'S-1', kind: 'internet', plan: 'Fibra 300', status: 'active' }] },
        { number: 'D-2', holderName: 'Ana Demo', documentType: 'DNI', documentNumber: '30111222', email: 'ana@demo.test', services: [] },
      ],
    },
  ],
  unclaimed: [{ number: 'D-9', holderName: 'Nadie', documentType: 'DNI', documentNumber: '1', email: 'nadie@demo.test', services: [] }],
};

const summary = () => sql<{ account: string; status: string; subject: string }>(portal, `SELECT a.number AS account, t.status, t.subject FROM tickets t JOIN accounts a ON a.id = t.account_id ORDER BY t.number`);

beforeAll(async () => {
  portal = await startTicketsPortal();
});
afterAll(async () => portal?.dispose());

describe('demo tickets', () => {
  it('gives each claimed demo account tickets in every state, the same ones however often it runs, without email', async () => {
    await seedDemo(portal, [demo]);
    const first = await summary();
    expect(first.map((r) => [r.account, r.status])).toEqual([
      ['D-1', 'closed'],
      ['D-1', 'answered'],
      ['D-1', 'open'],
      ['D-2', 'closed'],
      ['D-2', 'answered'],
      ['D-2', 'open'],
    ]);
    expect(first[1].subject).toBe('Se corta la conexión a la noche');
    expect(first[4].subject).toBe('Consulta sobre el servicio');
    await seedDemo(portal, [demo]);
    expect(await summary()).toEqual(first);
    expect(await sql(portal, `SELECT number FROM tickets ORDER BY number`)).toEqual([1, 2, 3, 4, 5, 6].map((number) => ({ number })));
    expect(await sql(portal, `SELECT id FROM mail_outbox WHERE subject LIKE '%ticket%'`)).toEqual([]);
  });

  it('reads like a real conversation for the customer and the operator', async () => {
    const client = await signedIn(portal, 'soporte', { email: 'ana@demo.test' });
    const list = await client.get('/tickets');
    expect(list.body).toContain('Consulta por un cargo en la factura');
    const closed = await client.get('/tickets/1');
    expect(closed.body).toContain('Equipo de soporte');
    expect(closed.body).toContain('Cerramos el ticket');
    const operator = await loginStaff(portal, HOSTS.soporte, await createStaff(portal, 'soporte', { role: 'support' }));
    const page = await operator.get('/staff/tickets/2');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alguien del equipo: Sin responder → Esperando al cliente.');
  });
});
