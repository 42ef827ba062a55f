import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, type Client, createAccount } from 'portal/testing';
import { AccountService } from 'portal/sdk';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { customer, openThroughForm, PNG, postMultipart, signedIn, sql, startTicketsPortal, ticketRow, type TestCustomer } from './harness.ts';

let portal: TestPortal;
let ana: TestCustomer;
let client: Client;
let beto: TestCustomer;
let secondAccountService: number;

beforeAll(async () => {
  portal = await startTicketsPortal();
  ana = await customer(portal, 'soporte', 'ana', [
    { kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Av. Bolivia 2140' },
    { kind: 'tv', plan: 'TV Digital', address: 'Av. Bolivia 2140', status: 'cancelled' },
  ]);
  // A second account of Ana's, so the picker groups services by account.
  const second = await createAccount(portal, 'soporte', { number: 'SOPORTE-ANA-2', holderName: 'Ana' }, ana.customerId);
  const em = portal.db.forTenant('soporte');
  const service = em.create(AccountService, { tenantId: 'soporte', accountId: second.id, kind: 'internet', plan: 'Fibra Pyme 500 Mb', address: 'Caseros 900', status: 'suspended' } as any);
  await em.flush();
  secondAccountService = service.id;
  beto = await customer(portal, 'soporte', 'beto', [{ kind: 'internet', plan: 'Fibra Beto', address: 'Beto 1' }]);
  client = await signedIn(portal, 'soporte', ana);
});
afterAll(async () => portal?.dispose());

const FIELDS = { category: 'technical', subject: 'Consulta', message: 'Hola' };

/** Every file the portal keeps for uploads, whatever the tenant or area. */
function storedUploads(p: TestPortal): string[] {
  const root = join(p.config.dataDir, 'files');
  return existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [];
}

describe('the form to open a ticket', () => {
  it('offers the customer’s own services the tenant allows, by account, and the tenant’s categories', async () => {
    const form = await client.get('/tickets/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<optgroup label="Cuenta SOPORTE-ANA">');
    expect(form.body).toContain('<optgroup label="Cuenta SOPORTE-ANA-2">');
    expect(form.body).toContain(`<option value="${ana.services[0]}">Fibra Hogar 300 Mb · Av. Bolivia 2140</option>`);
    expect(form.body).toContain(`<option value="${secondAccountService}">Fibra Pyme 500 Mb · Caseros 900</option>`);
    expect(form.body).not.toContain('TV Digital');
    expect(form.body).not.toContain('Fibra Beto');
    expect(form.body).toContain('<option value="">Ninguno en particular</option>');
    for (const label of ['Problema técnico', 'Facturación y pagos', 'Cambios en el servicio', 'Otra consulta']) expect(form.body).toContain(label);
    expect(form.body).toContain('Importante: un correo en respuesta no se suma al ticket.');
    expect(form.body).toContain('action="/tickets" enctype="multipart/form-data"');
  });

  it('refuses someone else’s service, a cancelled one, an unknown category and empty or long texts', async () => {
    await client.get('/tickets/new');
    const res = await postMultipart(portal, client, '/tickets', { service: String(beto.services[0]), category: 'nope', subject: 'x'.repeat(151), message: ' ' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Elegí uno de tus servicios.');
    expect(res.body).toContain('Elegí el tipo de consulta.');
    expect(res.body).toContain('El asunto puede tener hasta 150 caracteres.');
    expect(res.body).toContain('Escribí tu mensaje.');
    const cancelled = await postMultipart(portal, client, '/tickets', { ...FIELDS, service: String(ana.services[1]) });
    expect(cancelled.statusCode).toBe(422);
    expect(await sql(portal, `SELECT id FROM tickets`)).toEqual([]);
  });

  it('takes the CSRF token from the form only, never from its URL, and keeps nothing of a forged upload', async () => {
    await client.get('/tickets/new');
    const files = [{ filename: 'captura.png', data: PNG }];
    const inUrl = await postMultipart(portal, client, `/tickets?_csrf=${encodeURIComponent(client.csrf)}`, { _csrf: '', ...FIELDS }, files);
    expect(inUrl.statusCode).toBe(403);
    const forged = await postMultipart(portal, client, '/tickets', { _csrf: 'forjado', ...FIELDS }, files);
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('El formulario venció');
    expect(await sql(portal, `SELECT id FROM tickets`)).toEqual([]);
    expect(storedUploads(portal)).toEqual([]);
  });

  it('refuses a file sent before the token, even with the right token after it', async () => {
    await client.get('/tickets/new');
    const boundary = '----fileFirst';
    const part = (headers: string, body: string | Buffer) => [Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')];
    const payload = Buffer.concat([
      ...part('Content-Disposition: form-data; name="attachment"; filename="captura.png"\r\nContent-Type: image/png', PNG),
      ...part('Content-Disposition: form-data; name="_csrf"', client.csrf),
      ...Object.entries(FIELDS).flatMap(([name, value]) => part(`Content-Disposition: form-data; name="${name}"`, value)),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    const cookie = ['portal_sid', '_csrf'].map((n) => `${n}=${encodeURIComponent(client.cookie(n)!)}`).join('; ');
    const res = await portal.app.inject({ method: 'POST', url: '/tickets', payload, headers: { host: client.host, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(403);
    expect(await sql(portal, `SELECT id FROM tickets`)).toEqual([]);
    expect(storedUploads(portal)).toEqual([]);
  });

  it('keeps the service’s account with the ticket, or the only account when no service is named', async () => {
    const withService = await openThroughForm(portal, client, { ...FIELDS, service: String(secondAccountService) });
    expect(await ticketRow(portal, 'soporte', withService)).toMatchObject({ service_id: secondAccountService, account_id: expect.any(Number) as number });
    expect((await ticketRow(portal, 'soporte', withService)).account_id).not.toBe(ana.accountId);
    // Ana holds two accounts: without a service there is no telling which.
    const general = await openThroughForm(portal, client, FIELDS);
    expect(await ticketRow(portal, 'soporte', general)).toMatchObject({ service_id: null, account_id: null });
    const betoClient = await signedIn(portal, 'soporte', beto);
    const betos = await openThroughForm(portal, betoClient, FIELDS);
    expect(await ticketRow(portal, 'soporte', betos)).toMatchObject({ service_id: null, account_id: beto.accountId });
  });

  it('stops a customer after ten tickets in an hour, keeping what they typed', async () => {
    const carla = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'carla'));
    for (let i = 0; i < 10; i++) await openThroughForm(portal, carla, { ...FIELDS, subject: `Consulta ${i}` });
    await carla.get('/tickets/new');
    const res = await postMultipart(portal, carla, '/tickets', { ...FIELDS, subject: 'Una más' });
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('Abriste muchos tickets en la última hora.');
    expect(res.body).toContain('value="Una más"');
  });
});

describe('the list of tickets', () => {
  it('shows number, dates, subject and status, newest activity first, filtered by status with counts', async () => {
    const dora = await customer(portal, 'soporte', 'dora');
    const doraClient = await signedIn(portal, 'soporte', dora);
    expect((await doraClient.get('/tickets')).body).toContain('Todavía no abriste ningún ticket.');
    const first = await openThroughForm(portal, doraClient, { ...FIELDS, subject: 'Primero' });
    const second = await openThroughForm(portal, doraClient, { ...FIELDS, subject: 'Segundo' });
    await sql(portal, `UPDATE tickets SET status = 'closed', closed_at = now(), last_activity_at = now() - interval '1 hour' WHERE number = ?`, [first]);
    const all = await doraClient.get('/tickets');
    expect([...all.body.matchAll(/<tr data-ticket="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([second, first]);
    const row = new RegExp(`<tr data-ticket="${second}">[\\s\\S]*?</tr>`).exec(all.body)![0];
    expect(row).toContain(`N° ${second}`);
    expect(row).toContain('Segundo');
    expect(row).toContain('Pendiente de respuesta');
    expect(row).toMatch(/\d\d\/\d\d\/\d{4}/);
    expect(all.body).toMatch(/href="\/tickets\?status(=|&#x3D;)closed">Cerrados <span class="tk-count">1<\/span>/);
    expect(all.body).toMatch(/href="\/tickets" aria-current="page">Todos <span class="tk-count">2<\/span>/);
    const closed = await doraClient.get('/tickets?status=closed');
    expect([...closed.body.matchAll(/<tr data-ticket="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([first]);
    expect((await doraClient.get('/tickets?status=answered')).body).toContain('No tenés tickets en este estado.');
    expect((await doraClient.get('/tickets?status=bogus')).statusCode).toBe(200);
  });

  it('names each ticket’s account and service when the customer holds two accounts, so equal subjects differ', async () => {
    const flor = await customer(portal, 'soporte', 'flor', [{ kind: 'internet', plan: 'Fibra Hogar 100 Mb', address: 'Güemes 312' }]);
    const other = await createAccount(portal, 'soporte', { number: 'SOPORTE-FLOR-2', holderName: 'Flor' }, flor.customerId);
    const em = portal.db.forTenant('soporte');
    const otherService = em.create(AccountService, { tenantId: 'soporte', accountId: other.id, kind: 'internet', plan: 'Fibra Hogar 300 Mb', address: 'Av. Bolivia 2140', status: 'active' } as any);
    await em.flush();
    const florClient = await signedIn(portal, 'soporte', flor);
    const onFirst = await openThroughForm(portal, florClient, { ...FIELDS, subject: 'Se corta a la noche', service: String(flor.services[0]) });
    const onSecond = await openThroughForm(portal, florClient, { ...FIELDS, subject: 'Se corta a la noche', service: String(otherService.id) });
    const list = (await florClient.get('/tickets')).body;
    const rowText = (n: number) => new RegExp(`<tr data-ticket="${n}">([\\s\\S]*?)</tr>`).exec(list)![1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(rowText(onFirst)).toContain('Cuenta SOPORTE-FLOR · Fibra Hogar 100 Mb · Güemes 312');
    expect(rowText(onSecond)).toContain('Cuenta SOPORTE-FLOR-2 · Fibra Hogar 300 Mb · Av. Bolivia 2140');

    // With one account there is nothing to tell apart but the service.
    const gus = await customer(portal, 'soporte', 'gus', [{ kind: 'internet', plan: 'Fibra Gus', address: 'Gus 1' }]);
    const gusClient = await signedIn(portal, 'soporte', gus);
    const gusTicket = await openThroughForm(portal, gusClient, { ...FIELDS, service: String(gus.services[0]) });
    const gusRow = new RegExp(`<tr data-ticket="${gusTicket}">[\\s\\S]*?</tr>`).exec((await gusClient.get('/tickets')).body)![0];
    expect(gusRow).toContain('<span class="small muted tk-about">Fibra Gus · Gus 1</span>');
    expect(gusRow).not.toContain('Cuenta');
  });

  it('puts a card on the dashboard while tickets are in progress', async () => {
    const eli = await signedIn(portal, 'soporte', await customer(portal, 'soporte', 'eli'));
    expect((await eli.get('/dashboard')).body).not.toContain('En curso:');
    await openThroughForm(portal, eli, FIELDS);
    const dashboard = await eli.get('/dashboard');
    expect(dashboard.body).toContain('En curso: 1.');
    expect(dashboard.body).toContain('href="/tickets"');
  });
});
