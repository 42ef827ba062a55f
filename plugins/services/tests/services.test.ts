import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { act, auditRows, customer, fileForm, formUrl, mailsTo, operator, requestRow, signedIn, sql, startRequestsPortal, unescaped } from '../../service-requests/testing.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

interface ServiceRow {
  kind: string;
  plan: string;
  address: string | null;
  status: string;
}

const service = async (id: number) => (await sql<ServiceRow>(portal, 'SELECT kind, plan, address, status FROM account_services WHERE id = ?', [id]))[0];

describe('my services', () => {
  it('lists each account’s services with plan, address, status and what can be asked about each', async () => {
    const ana = await customer(portal, 'norte', 'ana', [
      { kind: 'internet', plan: 'Fibra 100', address: 'Belgrano 455' },
      { kind: 'phone', plan: 'Telefonía IP', status: 'suspended' },
      { kind: 'internet', plan: 'Fibra Vieja', status: 'cancelled' },
    ]);
    const [fibra, phone, old] = ana.services;
    const page = await (await signedIn(portal, ana)).get('/services');
    expect(page.statusCode).toBe(200);
    const body = unescaped(page.body);
    expect(body).toContain('Cuenta NORTE-ANA');
    expect(body).toContain('Titular: Ana · DNI 30123456');
    const card = (id: number) => new RegExp(`<li class="card sv-service" data-service="${id}">[\\s\\S]*?</li>\\s*(?=<li class="card|</ul>)`).exec(body)![0];
    expect(card(fibra)).toContain('Fibra 100');
    expect(card(fibra)).toContain('Belgrano 455');
    expect(card(fibra)).toContain('badge-success">Activo');
    expect(card(fibra)).toContain(`href="/service-requests/new/plan-change?account=NORTE-ANA&service=${fibra}"`);
    expect(card(fibra)).toContain(`href="/service-requests/new/cancellation?account=NORTE-ANA&service=${fibra}"`);
    expect(card(fibra)).not.toContain('reconnection');
    expect(card(phone)).toContain('Suspendido');
    expect(card(phone)).toContain(`href="/service-requests/new/reconnection?account=NORTE-ANA&service=${phone}"`);
    // The only phone plan is the one it has: nothing to change to.
    expect(card(phone)).not.toContain('plan-change');
    expect(card(old)).toContain('Dado de baja');
    expect(card(old)).not.toContain('href="/service-requests/new/');
    expect(body).toContain('href="/service-requests/new/ownership-change?account=NORTE-ANA"');
    expect(body).toContain('href="/service-requests/new/new-plan?account=NORTE-ANA"');
    expect(body).toContain('El titular y su documento solo cambian con un trámite de cambio de titular.');
  });

  it('marks a request in progress instead of offering it again', async () => {
    const beto = await customer(portal, 'norte', 'beto');
    const client = await signedIn(portal, beto);
    const id = await fileForm(client, formUrl('plan-change', beto.accountNumber, beto.services[0]), { plan: 'fibra-300' });
    const body = unescaped((await client.get('/services')).body);
    expect(body).toContain(`<a href="/service-requests/${id}">Cambio de plan: trámite en curso</a>`);
    expect(body).not.toContain(`plan-change?account=NORTE-BETO`);
  });
});

describe('plan change', () => {
  it('offers the other plans of the same kind with their prices, and applies the chosen one on approval', async () => {
    const caro = await customer(portal, 'norte', 'caro', [{ kind: 'internet', plan: 'Fibra 100' }]);
    const client = await signedIn(portal, caro);
    const url = formUrl('plan-change', caro.accountNumber, caro.services[0]);
    const form = await client.get(url);
    expect(form.body).toContain('<option value="fibra-300">Fibra 300 — $ 19.000,00 por mes</option>');
    expect(form.body).toContain('<option value="fibra-600">');
    expect(form.body).not.toContain('<option value="fibra-100">');
    expect(form.body).not.toContain('<option value="voz">');

    const refused = await client.post(url, { plan: 'voz' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Elegí una de las opciones.');

    const id = await fileForm(client, url, { plan: 'fibra-600', comment: 'Para trabajar' });
    expect((await act(await operator(portal, 'norte'), id, 'approve')).statusCode).toBe(303);
    expect(await service(caro.services[0])).toMatchObject({ plan: 'Fibra 600', status: 'active' });
    const [audit] = await auditRows(portal, 'norte', 'services.plan-changed');
    expect(audit.details).toMatchObject({ request: id, from: 'Fibra 100', to: 'Fibra 600' });
    // After the change the request still names the plan chosen.
    expect((await client.get(`/service-requests/${id}`)).body).toContain('Fibra 600 — $ 24.000,00 por mes');
    expect((await mailsTo(portal, caro.email)).at(-1)!.subject).toBe(`Aprobamos tu solicitud N° ${(await requestRow(portal, id)).number}: Cambio de plan`);
  });

  it('refuses to apply a plan the tenant stopped offering, changing nothing', async () => {
    const dani = await customer(portal, 'norte', 'dani');
    const id = await fileForm(await signedIn(portal, dani), formUrl('plan-change', dani.accountNumber, dani.services[0]), { plan: 'fibra-300' });
    await sql(portal, `UPDATE service_requests SET data = '{"plan":"fibra-9000"}' WHERE id = ?`, [id]);
    const res = await act(await operator(portal, 'norte'), id, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('El plan elegido ya no se ofrece o no es del mismo tipo que el servicio.');
    expect(await service(dani.services[0])).toMatchObject({ plan: 'Fibra 100' });
    expect((await requestRow(portal, id)).status).toBe('submitted');
  });
});

describe('cancellation', () => {
  it('needs the customer to acknowledge it, then marks the service cancelled on approval', async () => {
    const eli = await customer(portal, 'norte', 'eli', [{ status: 'suspended' }]);
    const client = await signedIn(portal, eli);
    const url = formUrl('cancellation', eli.accountNumber, eli.services[0]);
    const unticked = await client.submit(url, url, { reason: 'moving' });
    expect(unticked.statusCode).toBe(422);
    expect(unticked.body).toContain('Tenés que marcar esta casilla para continuar.');
    const id = await fileForm(client, url, { reason: 'moving', understood: 'on' });
    expect((await requestRow(portal, id)).data).toEqual({ reason: 'moving', understood: true });
    expect((await act(await operator(portal, 'norte'), id, 'approve')).statusCode).toBe(303);
    expect((await service(eli.services[0])).status).toBe('cancelled');
    expect(await auditRows(portal, 'norte', 'services.cancelled')).toHaveLength(1);
    // Nothing more to ask about a cancelled service.
    expect((await client.get(url)).statusCode).toBe(404);
  });

  it('is not offered where the tenant switched it off', async () => {
    const fede = await customer(portal, 'sur', 'fede');
    const client = await signedIn(portal, fede);
    expect((await client.get(formUrl('cancellation', fede.accountNumber, fede.services[0]))).statusCode).toBe(404);
    expect((await client.get('/services')).body).not.toContain('/service-requests/new/cancellation');
  });
});

describe('new plan', () => {
  it('adds the chosen plan as an active service of the account on approval', async () => {
    const gabi = await customer(portal, 'norte', 'gabi');
    const client = await signedIn(portal, gabi);
    const url = formUrl('new-plan', gabi.accountNumber);
    const form = await client.get(url);
    expect(form.body).toContain('<option value="voz">Telefonía IP</option>');
    const id = await fileForm(client, url, { plan: 'voz', address: 'Güemes 312, Cafayate' });
    expect((await act(await operator(portal, 'norte'), id, 'approve')).statusCode).toBe(303);
    const rows = await sql(portal, 'SELECT kind, plan, address, status FROM account_services WHERE account_id = ? ORDER BY id', [gabi.accountId]);
    expect(rows.at(-1)).toEqual({ kind: 'phone', plan: 'Telefonía IP', address: 'Güemes 312, Cafayate', status: 'active' });
    expect((await client.get('/services')).body).toContain('Güemes 312, Cafayate');
  });

  it('uses the default catalogue where the tenant sets none, in the customer’s language', async () => {
    // Billing named the service in Spanish; the English page names the same plan in English.
    const hugo = await customer(portal, 'sur', 'hugo', [{ kind: 'internet', plan: 'Fibra Hogar 100 Mb' }]);
    const client = await signedIn(portal, hugo);
    const services = await client.get('/services');
    expect(services.body).toContain('My services');
    expect(services.body).toContain('<h3 class="sv-plan">Home Fibre 100 Mb</h3>');
    expect(services.body).toContain('100 Mb down, 50 Mb up, wifi included');
    expect(services.body).not.toContain('de bajada');
    const form = await client.get(formUrl('plan-change', hugo.accountNumber, hugo.services[0]));
    expect(form.body).toContain('<option value="fibra-300">Home Fibre 300 Mb</option>');
    expect(form.body).not.toContain('Home Fibre 100 Mb</option>');
    const spanish = await client.get('/services?lang=es-AR');
    expect(spanish.body).toContain('<h3 class="sv-plan">Fibra Hogar 100 Mb</h3>');
    expect(spanish.body).toContain('100 Mb de bajada, 50 Mb de subida, wifi incluido');
  });

  it('names the tenant’s plans in each language, and gives a new service the name billing knows (the default language’s)', async () => {
    const ivan = await customer(portal, 'norte', 'ivan', [{ kind: 'phone', plan: 'Telefonía IP' }]);
    const client = await signedIn(portal, ivan);
    const spanish = unescaped((await client.get('/services')).body);
    expect(spanish).toContain('<h3 class="sv-plan">Telefonía IP</h3>');
    expect(spanish).toContain('Línea fija por internet');
    const english = unescaped((await client.get('/services?lang=en')).body);
    expect(english).toContain('<h3 class="sv-plan">IP telephony</h3>');
    expect(english).toContain('Landline over the internet');
    const url = formUrl('new-plan', ivan.accountNumber);
    expect((await client.get(url)).body).toContain('<option value="voz">IP telephony</option>');
    const id = await fileForm(client, url, { plan: 'voz', address: 'Mitre 40, Cachi' });
    expect((await act(await operator(portal, 'norte'), id, 'approve')).statusCode).toBe(303);
    const rows = await sql(portal, 'SELECT plan, address FROM account_services WHERE account_id = ? ORDER BY id', [ivan.accountId]);
    expect(rows.at(-1)).toEqual({ plan: 'Telefonía IP', address: 'Mitre 40, Cachi' });
  });
});
