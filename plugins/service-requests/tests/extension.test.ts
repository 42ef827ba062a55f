import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { defineRequestType } from '../types/define-request-type.ts';
import { RequestTypeRegistry } from '../types/registry.ts';
import { accountRow, act, auditRows, customer, fileForm, formUrl, mailsTo, operator, PDF, postMultipart, requestRow, signedIn, sql, startRequestsPortal, unescaped } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

describe('a request type declared by another plugin (test-fixtures/plugins/sr-extra)', () => {
  it('is offered to customers of tenants that enable that plugin, and nowhere else', async () => {
    const ana = await customer(portal, 'norte', 'ana');
    const choose = await (await signedIn(portal, ana)).get('/service-requests/new');
    expect(choose.body).toContain('Corrección de domicilio');
    expect(unescaped(choose.body)).toContain(`href="/service-requests/new/address-correction?account=NORTE-ANA&service=${ana.services[0]}"`);
    const services = await (await signedIn(portal, ana)).get('/services');
    expect(unescaped(services.body)).toContain(`href="/service-requests/new/address-correction?account=NORTE-ANA&service=${ana.services[0]}"`);

    const sur = await customer(portal, 'sur', 'sol');
    const client = await signedIn(portal, sur);
    expect((await client.get('/service-requests/new')).body).not.toContain('address-correction');
    expect((await client.get(formUrl('address-correction', sur.accountNumber, sur.services[0]))).statusCode).toBe(404);
  });

  it('works end to end: its form, its document limits, approval applying its change, its event after commit', async () => {
    const beto = await customer(portal, 'norte', 'beto', [{ address: 'Calle Mal Escrita 1' }]);
    const client = await signedIn(portal, beto);
    const url = formUrl('address-correction', beto.accountNumber, beto.services[0]);
    const form = await client.get(url);
    expect(form.body).toContain('Domicilio correcto');
    expect(form.body).toContain('Factura de otro servicio en ese domicilio');
    expect(form.body).toContain('PDF, PNG, hasta 0,2 MB.');

    const big = Buffer.concat([PDF, Buffer.alloc(300_000, 32)]);
    const tooBig = await postMultipart(portal, client, url, { newAddress: 'Calle Bien Escrita 1' }, [{ name: 'doc-bill', filename: 'factura.pdf', data: big, type: 'application/pdf' }]);
    expect(tooBig.statusCode).toBe(422);
    expect(tooBig.body).toContain('El archivo supera los 0,2 MB permitidos.');

    await client.get(url);
    const sent = await postMultipart(portal, client, url, { newAddress: 'Calle Bien Escrita 1', floor: '2° B' }, [{ name: 'doc-bill', filename: 'factura.pdf', data: PDF, type: 'application/pdf' }]);
    expect(sent.statusCode, sent.body).toBe(303);
    const id = Number(/(\d+)$/.exec(String(sent.headers.location))![1]);
    expect((await mailsTo(portal, beto.email))[0].subject).toBe(`Recibimos tu solicitud N° ${id}: Corrección de domicilio`);

    const staff = await operator(portal, 'norte');
    const detail = await staff.get(`/staff/service-requests/${id}`);
    expect(detail.body).toContain('Al aprobar, el domicilio del servicio pasa a ser Calle Bien Escrita 1.');
    expect((await act(staff, id, 'approve')).statusCode).toBe(303);
    expect(await sql(portal, 'SELECT address FROM account_services WHERE id = ?', [beto.services[0]])).toEqual([{ address: 'Calle Bien Escrita 1, 2° B' }]);
    expect(await auditRows(portal, 'norte', 'sr-extra.address-corrected')).toHaveLength(1);
    expect((await auditRows(portal, 'norte', 'sr-extra.event-seen')).map((r) => r.details)).toEqual([{ address: 'Calle Bien Escrita 1, 2° B' }]);
  });
});

describe('approval is atomic', () => {
  it('a type that writes and then fails leaves account, statement, audit, mail and request as they were', async () => {
    const caro = await customer(portal, 'norte', 'caro');
    const client = await signedIn(portal, caro);
    const id = await fileForm(client, formUrl('fails-midway', caro.accountNumber), { mode: 'error' });
    const before = { account: await accountRow(portal, caro.accountId), mails: (await mailsTo(portal, caro.email)).length };

    const staff = await operator(portal, 'norte');
    const res = await act(staff, id, 'approve');
    expect(res.statusCode).toBe(500);

    expect(await accountRow(portal, caro.accountId)).toEqual(before.account);
    expect((await requestRow(portal, id)).status).toBe('submitted');
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?', [caro.accountId])).toEqual([{ n: 0 }]);
    expect(await auditRows(portal, 'norte', 'sr-extra.half-done')).toEqual([]);
    expect((await auditRows(portal, 'norte', 'service-requests.approved')).filter((r) => r.subject === String(id))).toEqual([]);
    expect(await sql(portal, "SELECT kind FROM service_request_events WHERE request_id = ? ORDER BY id", [id])).toEqual([{ kind: 'submitted' }]);
    expect((await mailsTo(portal, caro.email)).length).toBe(before.mails);
    // The operator's next page is not haunted by the half-done change.
    expect((await staff.get(`/staff/service-requests/${id}`)).body).toContain('Caro');
  });

  it('a type that refuses after writing shows its reason and also leaves everything as it was', async () => {
    const dani = await customer(portal, 'norte', 'dani');
    const id = await fileForm(await signedIn(portal, dani), formUrl('fails-midway', dani.accountNumber), { mode: 'refuse' });
    const before = await accountRow(portal, dani.accountId);
    const res = await act(await operator(portal, 'norte'), id, 'approve');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('No se pudo aplicar y no se cambió nada: el tipo de trámite se negó después de escribir');
    expect(await accountRow(portal, dani.accountId)).toEqual(before);
    expect((await requestRow(portal, id)).status).toBe('submitted');
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM account_movements WHERE account_id = ?', [dani.accountId])).toEqual([{ n: 0 }]);
  });
});

describe('declaring types', () => {
  const base = { id: 'x-type', plugin: 'acme', labels: 'types.x', target: 'account' as const, formSchema: { type: 'object', properties: { a: { type: 'string' } } }, onApprove: () => {} };

  it('refuses mistakes when the plugin loads, naming the type', () => {
    expect(() => defineRequestType({ ...base, id: 'X' })).toThrow('request type "X": id must be');
    expect(() => defineRequestType({ ...base, formSchema: { type: 'string' } })).toThrow('formSchema must be an object schema');
    expect(() => defineRequestType({ ...base, formSchema: { type: 'object', properties: { 'a-b': { type: 'string' } } } })).toThrow('field "a-b"');
    expect(() => defineRequestType({ ...base, formSchema: { type: 'object', properties: { a: { type: 'nonsense' } } } })).toThrow('does not compile');
    expect(() => defineRequestType({ ...base, requiredDocuments: [{ id: 'd', kinds: ['exe' as 'pdf'], maxBytes: 10 }] })).toThrow('kinds must be among');
    expect(() => defineRequestType({ ...base, requiredDocuments: [{ id: 'd', kinds: ['pdf'], maxBytes: 50_000_000 }] })).toThrow('maxBytes');
  });

  it('lets one plugin own an id: another plugin contributing it is refused at start', () => {
    const acme = { plugin: 'acme', item: defineRequestType(base) };
    expect(new RequestTypeRegistry([acme]).get('x-type')).toBe(acme.item);
    expect(() => new RequestTypeRegistry([acme, { plugin: 'other', item: defineRequestType({ ...base, plugin: 'other' }) }])).toThrow(
      'request type "x-type" of plugin "other" is already declared by plugin "acme"',
    );
  });

  it('refuses a type that names another plugin than the one contributing it (it would be offered on that plugin\'s tenants)', () => {
    expect(() => new RequestTypeRegistry([{ plugin: 'other', item: defineRequestType(base) }])).toThrow(
      'request type "x-type" names plugin "acme" but plugin "other" contributes it',
    );
  });
});
