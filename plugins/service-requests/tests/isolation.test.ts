import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, Client } from 'portal/testing';
import { act, customer, fileOwnershipChange, formUrl, HOSTS, operator, PNG, postMultipart, requestRow, signedIn, sql, startRequestsPortal, type Customer } from './harness.ts';

let portal: TestPortal;
let ana: Customer;
let beto: Customer;
let carla: Customer;
let betoRequest: number;
let betoDocument: number;
let carlaRequest: number;
let carlaDocument: number;

beforeAll(async () => {
  portal = await startRequestsPortal();
  ana = await customer(portal, 'norte', 'ana');
  beto = await customer(portal, 'norte', 'beto');
  carla = await customer(portal, 'sur', 'carla');
  await customer(portal, 'libre', 'dario');
  betoRequest = await fileOwnershipChange(portal, await signedIn(portal, beto), beto);
  carlaRequest = await fileOwnershipChange(portal, await signedIn(portal, carla), carla);
  [{ id: betoDocument }] = await sql(portal, 'SELECT id FROM service_request_documents WHERE request_id = ? ORDER BY id LIMIT 1', [betoRequest]);
  [{ id: carlaDocument }] = await sql(portal, 'SELECT id FROM service_request_documents WHERE request_id = ? ORDER BY id LIMIT 1', [carlaRequest]);
  // Beto is asked for more, so his reply form would be open to him (and must not be to Ana).
  await act(await operator(portal, 'norte'), betoRequest, 'ask', { message: 'Falta el dorso.' });
});
afterAll(async () => portal?.dispose());

describe("another customer's or tenant's request", () => {
  it('is a 404 on every page and document, never a 403', async () => {
    const client = await signedIn(portal, ana);
    const paths = [
      `/service-requests/${betoRequest}`,
      `/service-requests/${betoRequest}/documents/${betoDocument}`,
      `/service-requests/${carlaRequest}`,
      `/service-requests/${carlaRequest}/documents/${carlaDocument}`,
      // Ana's own request id does not unlock someone else's document either.
      `/service-requests/999999/documents/${betoDocument}`,
      '/service-requests/abc',
      '/service-requests/1e3',
      '/service-requests/-1',
      '/service-requests/99999999999',
    ];
    for (const path of paths) expect((await client.get(path)).statusCode, path).toBe(404);
  });

  it('cannot be answered, and nothing is stored', async () => {
    const client = await signedIn(portal, ana);
    await client.get('/service-requests');
    const res = await postMultipart(portal, client, `/service-requests/${betoRequest}/reply`, { message: 'Soy Ana' }, [{ name: 'files', filename: 'x.png', data: PNG, type: 'image/png' }]);
    expect(res.statusCode).toBe(404);
    expect((await requestRow(portal, betoRequest)).status).toBe('needs_info');
    expect(await sql(portal, "SELECT count(*)::int AS n FROM service_request_documents WHERE slot = 'reply'")).toEqual([{ n: 0 }]);
  });

  it('cannot be filed for an account or service that is not the customer’s', async () => {
    const client = await signedIn(portal, ana);
    expect((await client.get(formUrl('ownership-change', beto.accountNumber))).statusCode).toBe(404);
    expect((await client.get(formUrl('address-correction', ana.accountNumber, beto.services[0]))).statusCode).toBe(404);
    expect((await client.get(formUrl('ownership-change', carla.accountNumber))).statusCode).toBe(404);
    expect((await client.get(formUrl('no-such-type', ana.accountNumber))).statusCode).toBe(404);
    await client.get('/service-requests');
    expect((await client.post(formUrl('fails-midway', beto.accountNumber), { mode: 'error' })).statusCode).toBe(404);
    expect(await sql(portal, 'SELECT count(*)::int AS n FROM service_requests WHERE account_id = ?', [beto.accountId])).toEqual([{ n: 1 }]);
  });

  it("is not listed: each customer sees their own requests only", async () => {
    const list = await (await signedIn(portal, ana)).get('/service-requests');
    expect(list.body).toContain('Todavía no iniciaste ningún trámite.');
    expect(list.body).not.toContain(`data-request="${betoRequest}"`);
  });

  it("is not reachable by another tenant's operator", async () => {
    const staff = await operator(portal, 'sur');
    for (const path of [`/staff/service-requests/${betoRequest}`, `/staff/service-requests/${betoRequest}/documents/${betoDocument}`]) {
      expect((await staff.get(path)).statusCode, path).toBe(404);
    }
    const res = await act(staff, betoRequest, 'reject', { message: 'no' });
    expect(res.statusCode).toBe(404);
    expect((await requestRow(portal, betoRequest)).status).toBe('needs_info');
    expect((await staff.get('/staff/service-requests')).body).not.toContain(`data-request="${betoRequest}"`);
  });
});

describe('tenants and visitors', () => {
  it('answers 404 for a tenant that enables neither plugin, for customers and staff', async () => {
    const dario = await signedIn(portal, { tenantId: 'libre', email: 'dario@libre.test' });
    for (const path of ['/service-requests', '/service-requests/new', `/service-requests/${betoRequest}`, '/services']) {
      expect((await dario.get(path)).statusCode, path).toBe(404);
    }
    const staff = await operator(portal, 'libre', 'administrator');
    expect((await staff.get('/staff/service-requests')).statusCode).toBe(404);
  });

  it('sends anonymous visitors to the login page and back', async () => {
    const res = await new Client(portal.app, HOSTS.norte).get(`/service-requests/${betoRequest}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/service-requests/${betoRequest}`)}`);
  });
});
