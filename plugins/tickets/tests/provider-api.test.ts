import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, createApiKey, createEndpoint, auditRows, createStaff, loginStaff } from 'portal/testing';
import { customer, HOSTS, mails, openThroughForm, PDF, postMultipart, signedIn, sql, startTicketsPortal, ticketRow, type TenantId, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let anaClient: Client;
let readKey: string;
let writeKey: string;

const NOTE = 'NOTA-INTERNA-no-decirle-al-cliente';
/** The file Ana attached in the first test, for the isolation test to aim at. */
let anaAttachment = { number: 0, id: 0 };

/** The API's JSON bodies, as far as these tests read them. */
interface TicketBody {
  number: number;
  status: string;
  messages: { author: { kind: string; name: string | null }; attachments: { id: number; href: string }[] }[];
}
interface TicketPage {
  items: TicketBody[];
  nextCursor: string;
  hasMore: boolean;
}
interface ErrorBody {
  message: string;
  problems: { field: string }[];
}
interface OpenApiDoc {
  tags: { name: string }[];
  paths: Record<string, Record<string, { parameters: { name: string }[]; requestBody: { content: Record<string, { schema: { properties: object } }> } }>>;
}

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'soporte', 'ana', [{ kind: 'internet', plan: 'Fibra 300', address: 'Av. Bolivia 2140' }]);
  await sql(portal, `UPDATE customers SET external_id = 'C-ANA' WHERE tenant_id = 'soporte' AND id = ?`, [ana.customerId]);
  await sql(portal, `UPDATE account_services SET external_id = 'S-ANA' WHERE tenant_id = 'soporte' AND id = ?`, [ana.services[0]]);
  anaClient = await signedIn(portal, 'soporte', ana);
  const em = portal.db.forTenant('soporte');
  readKey = (await createApiKey(em, 'soporte', { name: 'crm', scopes: ['tickets:read'], createdBy: 'test' })).key;
  writeKey = (await createApiKey(em, 'soporte', { name: 'erp', scopes: ['tickets:write'], createdBy: 'test' })).key;
});
afterAll(async () => portal?.dispose());

function api(key: string, host: string = HOSTS.soporte) {
  const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    portal.app.inject({
      method,
      url,
      headers: { host, authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
  return { get: (url: string) => call('GET', url), post: (url: string, body: unknown) => call('POST', url, body) };
}

async function operator(tenantId: TenantId, name: string) {
  const staff = await createStaff(portal, tenantId, { role: 'support', name, email: `${name.split(' ')[0].toLowerCase()}@${tenantId}.test` });
  return loginStaff(portal, HOSTS[tenantId], staff);
}

const openTicket = (subject: string, message: string) => openThroughForm(portal, anaClient, { subject, message, service: String(ana.services[0]) });

describe('tickets through the provider API', () => {
  it("list and get show a customer's ticket with its public messages, never an internal note", async () => {
    await anaClient.get('/tickets/new');
    const opened = await postMultipart(
      portal,
      anaClient,
      '/tickets',
      { category: 'technical', subject: 'Se corta a la noche', message: 'Se corta entre las 21 y las 23.', service: String(ana.services[0]) },
      [{ filename: 'factura.pdf', data: PDF, type: 'application/pdf' }],
    );
    const number = Number(String(opened.headers.location).split('/').pop());
    const staff = await operator('soporte', 'Laura Gómez');
    await staff.get(`/staff/tickets/${number}`);
    expect((await staff.post(`/staff/tickets/${number}/note`, { message: NOTE })).statusCode).toBe(303);
    expect((await staff.post(`/staff/tickets/${number}/reply`, { message: 'Reiniciá el módem, por favor.' })).statusCode).toBe(303);

    const list = await api(readKey).get('/api/v1/tickets');
    expect(list.statusCode).toBe(200);
    expect(list.json<TicketPage>().items).toEqual([
      expect.objectContaining({
        number,
        subject: 'Se corta a la noche',
        category: 'technical',
        status: 'answered',
        accountNumber: 'SOPORTE-ANA',
        serviceExternalId: 'S-ANA',
        customer: { id: ana.customerId, externalId: 'C-ANA', name: 'Ana' },
        closedAt: null,
      }),
    ]);
    expect((await api(readKey).get('/api/v1/tickets?status=open')).json<TicketPage>().items).toEqual([]);
    expect((await api(readKey).get('/api/v1/tickets?account_number=SOPORTE-ANA')).json<TicketPage>().items.map((t) => t.number)).toEqual([number]);
    expect((await api(readKey).get('/api/v1/tickets?account_number=OTRA')).json<TicketPage>().items).toEqual([]);

    const one = await api(readKey).get(`/api/v1/tickets/${number}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(NOTE);
    expect(one.json<TicketBody>().messages).toEqual([
      expect.objectContaining({
        author: { kind: 'customer', name: 'Ana' },
        body: 'Se corta entre las 21 y las 23.',
        attachments: [{ id: expect.any(Number) as number, name: 'factura.pdf', mime: 'application/pdf', size: PDF.length, href: expect.stringMatching(`^/api/v1/tickets/${number}/attachments/\\d+$`) as string }],
      }),
      expect.objectContaining({ author: { kind: 'staff', name: 'Laura Gómez' }, body: 'Reiniciá el módem, por favor.', attachments: [] }),
    ]);

    const [file] = one.json<TicketBody>().messages[0].attachments;
    const download = await api(readKey).get(file.href);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment; filename="factura.pdf"');
    expect(download.rawPayload.equals(PDF)).toBe(true);
    anaAttachment = { number, id: file.id };
  });

  it('pages in change order, and a ticket the customer answers comes after the cursor again', async () => {
    const first = await openTicket('Primera', 'uno');
    const second = await openTicket('Segunda', 'dos');
    const c = api(readKey);
    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page += 1) {
      const res = (await c.get(`/api/v1/tickets?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json<TicketPage>();
      seen.push(...res.items.map((t) => t.number));
      cursor = res.nextCursor;
      if (!res.hasMore) break;
    }
    expect(seen.slice(-2)).toEqual([first, second]);
    expect(new Set(seen).size).toBe(seen.length);

    await postMultipart(portal, anaClient, `/tickets/${first}/reply`, { message: 'Sigue igual.' });
    expect((await c.get(`/api/v1/tickets?cursor=${cursor}`)).json<TicketPage>().items.map((t) => t.number)).toEqual([first]);
  });

  it('a key with only tickets:read cannot reply, and nothing is written', async () => {
    const number = await openTicket('Sin respuesta', 'Hola');
    const res = await api(readKey).post(`/api/v1/tickets/${number}/replies`, { body: 'Desde el ERP' });
    expect(res.statusCode).toBe(403);
    expect(await sql(portal, `SELECT 1 FROM tickets_messages m JOIN tickets t ON t.id = m.ticket_id WHERE t.tenant_id = 'soporte' AND t.number = ? AND m.kind = 'staff'`, [number])).toEqual([]);
  });

  it('a reply through the API reaches the customer on the ticket page and by email, signed by the provider, and is audited', async () => {
    const number = await openTicket('No anda el wifi', 'No enciende la luz de wifi.');
    const before = (await mails(portal, 'soporte')).length;
    const res = await api(writeKey).post(`/api/v1/tickets/${number}/replies`, { body: 'Te enviamos un técnico el martes.\r\n', author: 'Mesa de ayuda Red' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ number, status: 'answered' });
    expect(res.json<TicketBody>().messages.at(-1)).toMatchObject({ author: { kind: 'api', name: 'Mesa de ayuda Red' }, body: 'Te enviamos un técnico el martes.' });

    const page = await anaClient.get(`/tickets/${number}`);
    expect(page.body).toContain('Te enviamos un técnico el martes.');
    expect(page.body).toContain('Mesa de ayuda Red');
    const sent = (await mails(portal, 'soporte')).slice(before);
    expect(sent.map((m) => [m.to_address, m.subject])).toEqual([['ana@soporte.test', `Respondimos tu ticket N° ${number}`]]);
    expect(sent[0].text).toContain(`Mesa de ayuda Red respondió tu ticket N° ${number}`);
    expect(sent[0].text).toContain('Te enviamos un técnico el martes.');

    const [message] = await sql<{ staff_id: number | null; api_key_id: number; name: string }>(portal, `SELECT m.staff_id, m.api_key_id, k.name FROM tickets_messages m JOIN api_keys k ON k.id = m.api_key_id JOIN tickets t ON t.id = m.ticket_id WHERE t.number = ? AND t.tenant_id = 'soporte'`, [number]);
    expect(message).toMatchObject({ staff_id: null, name: 'erp' });
    const audit = ((await auditRows(portal, 'soporte', 'tickets.replied')) as { subject: string }[]).filter((r) => r.subject === `ticket-${number}`);
    expect(audit).toEqual([expect.objectContaining({ actor_type: 'api', actor_id: String(message.api_key_id), outcome: 'success' })]);
  });

  it('closes with the reply when asked, and a closed ticket refuses further replies with 409', async () => {
    const number = await openTicket('Baja del servicio', 'Quiero dar de baja.');
    const closing = await api(writeKey).post(`/api/v1/tickets/${number}/replies`, { body: 'Listo, la baja quedó registrada.', status: 'closed' });
    expect(closing.statusCode).toBe(201);
    expect(closing.json<TicketBody>().status).toBe('closed');
    // Without an author, the support team signs.
    expect(closing.json<TicketBody>().messages.at(-1)!.author).toEqual({ kind: 'api', name: null });
    expect((await anaClient.get(`/tickets/${number}`)).body).toContain('Equipo de soporte');

    const again = await api(writeKey).post(`/api/v1/tickets/${number}/replies`, { body: 'Otra cosa' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().message).toContain('closed');
    expect((await ticketRow(portal, 'soporte', number)).status).toBe('closed');
    expect(await sql(portal, `SELECT body FROM tickets_messages WHERE tenant_id = 'soporte' AND body = 'Otra cosa'`)).toEqual([]);
  });

  it('an invalid body is a 400 naming each field at fault', async () => {
    const number = await openTicket('Validación', 'Hola');
    const bad = await api(writeKey).post(`/api/v1/tickets/${number}/replies`, { body: '   ', status: 'pending', firma: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().problems.map((p) => p.field).sort()).toEqual(['body', 'firma', 'status']);
    const missing = await api(writeKey).post(`/api/v1/tickets/${number}/replies`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ErrorBody>().problems).toEqual([{ field: 'body', in: 'body', message: 'is required' }]);
    expect((await api(readKey).get('/api/v1/tickets/abc')).json<ErrorBody>().problems[0].field).toBe('number');
    expect((await ticketRow(portal, 'soporte', number)).status).toBe('open');
  });

  it("another tenant's ticket is unknown: 404 by number and absent from the list", async () => {
    const bruno = await customer(portal, 'nube', 'bruno', [{ kind: 'hosting', plan: 'Hosting Pro' }]);
    const brunoClient = await signedIn(portal, 'nube', bruno);
    const theirs = await openThroughForm(portal, brunoClient, { subject: 'Site down', message: 'Down since noon.', category: 'outage', service: String(bruno.services[0]) });
    expect(theirs).toBe(5000);
    expect((await api(readKey).get(`/api/v1/tickets/${theirs}`)).statusCode).toBe(404);
    expect((await api(writeKey).post(`/api/v1/tickets/${theirs}/replies`, { body: 'Hola' })).statusCode).toBe(404);
    expect((await api(readKey).get('/api/v1/tickets?limit=500')).json<TicketPage>().items.map((t) => t.number)).not.toContain(theirs);
    expect((await ticketRow(portal, 'nube', theirs)).status).toBe('open');
    // A file is reached only through its own ticket, and only on its own tenant's hostname.
    expect(anaAttachment.id).toBeGreaterThan(0);
    expect((await api(readKey).get(`/api/v1/tickets/${anaAttachment.number}/attachments/${anaAttachment.id}`)).statusCode).toBe(200);
    const other = await openTicket('Otra', 'otra');
    expect((await api(readKey).get(`/api/v1/tickets/${other}/attachments/${anaAttachment.id}`)).statusCode).toBe(404);
    expect((await api(readKey).get(`/api/v1/tickets/${theirs}/attachments/${anaAttachment.id}`)).statusCode).toBe(404);
    expect((await api(readKey).get(`/api/v1/tickets/${anaAttachment.number}/attachments/x`)).statusCode).toBe(400);
    // A tenant without the plugin has no tickets resource at all.
    expect((await api(readKey, HOSTS.red).get('/api/v1/tickets')).statusCode).toBe(404);
  });

  it("the tenant's OpenAPI document describes the routes with the reply body the route validates with", async () => {
    const doc = (await portal.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { host: HOSTS.soporte } })).json<OpenApiDoc>();
    expect(doc.tags.map((t: { name: string }) => t.name)).toContain('tickets');
    expect(Object.keys(doc.paths).filter((p) => p.includes('tickets')).sort()).toEqual([
      '/api/v1/tickets',
      '/api/v1/tickets/{number}',
      '/api/v1/tickets/{number}/attachments/{attachmentId}',
      '/api/v1/tickets/{number}/replies',
    ]);
    const body = doc.paths['/api/v1/tickets/{number}/replies'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['author', 'body', 'status']);
    expect(doc.paths['/api/v1/tickets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['cursor', 'updated_since', 'status', 'account_number']));
  });

  it("opening and replying on the portal queue ticket.opened and ticket.replied named by the provider's ids; API replies are not echoed", async () => {
    await createEndpoint(portal.db.forTenant('soporte'), portal.services.webhooks.secrets, 'soporte', {
      url: 'http://127.0.0.1:9/hook',
      events: ['ticket.opened', 'ticket.replied'],
      createdBy: 'test',
    });
    const deliveries = async () =>
      sql<{ event: string; payload: { data: unknown } }>(portal, `SELECT event, payload FROM api_webhook_deliveries WHERE tenant_id = 'soporte' ORDER BY id`);

    const number = await openTicket('Cambio de plan', 'Quiero pasar a 500 Mb.');
    await api(writeKey).post(`/api/v1/tickets/${number}/replies`, { body: 'Lo pasamos el lunes.' });
    await postMultipart(portal, anaClient, `/tickets/${number}/reply`, { message: 'Gracias, espero.' });
    const staff = await operator('soporte', 'Pedro Ruiz');
    await staff.get(`/staff/tickets/${number}`);
    await staff.post(`/staff/tickets/${number}/note`, { message: NOTE });
    await staff.post(`/staff/tickets/${number}/reply`, { message: 'Confirmado para el lunes.' });

    const queued = await deliveries();
    expect(queued.map((d) => d.event)).toEqual(['ticket.opened', 'ticket.replied', 'ticket.replied']);
    const ids = { number, accountNumber: 'SOPORTE-ANA', serviceExternalId: 'S-ANA', customer: { id: ana.customerId, externalId: 'C-ANA', name: 'Ana' } };
    expect(queued[0].payload.data).toMatchObject({ ticket: { ...ids, status: 'open' }, message: { author: { kind: 'customer' }, body: 'Quiero pasar a 500 Mb.' } });
    expect(queued[1].payload.data).toMatchObject({ ticket: { ...ids, status: 'open' }, message: { author: { kind: 'customer', name: 'Ana' }, body: 'Gracias, espero.' }, reopened: false });
    expect(queued[2].payload.data).toMatchObject({ ticket: { ...ids, status: 'answered' }, message: { author: { kind: 'staff', name: 'Pedro Ruiz' }, body: 'Confirmado para el lunes.' } });
    expect(JSON.stringify(queued)).not.toContain(NOTE);
  });
});
