import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, createApiKey, createEndpoint } from 'portal/testing';
import {
  accountRow,
  act,
  auditRows,
  customer,
  fileForm,
  fileOwnershipChange,
  formUrl,
  HOSTS,
  mailsTo,
  operator,
  requestRow,
  signedIn,
  sql,
  startRequestsPortal,
  type Customer,
  type TenantId,
} from './harness.ts';

let portal: TestPortal;
let reader: string;
let writer: string;
let writerId: number;

beforeAll(async () => {
  portal = await startRequestsPortal();
  reader = (await createApiKey(portal.db.forTenant('norte'), 'norte', { name: 'crm', scopes: ['service-requests:read'], createdBy: 'test' })).key;
  const created = await createApiKey(portal.db.forTenant('norte'), 'norte', { name: 'billing', scopes: ['service-requests:write'], createdBy: 'test' });
  writer = created.key;
  [{ id: writerId }] = await sql(portal, 'SELECT id FROM api_keys WHERE prefix = ?', [created.prefix]);
  await createEndpoint(portal.db.forTenant('norte'), portal.services.webhooks.secrets, 'norte', {
    url: 'http://127.0.0.1:9/hook',
    events: ['request.submitted', 'request.decided'],
    createdBy: 'test',
  });
});
afterAll(async () => portal?.dispose());

function call(key: string, method: 'GET' | 'POST', url: string, body?: unknown, tenant: TenantId = 'norte') {
  return portal.app.inject({
    method,
    url,
    headers: { host: HOSTS[tenant], authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
}
const decideOn = (id: number, body: unknown, key = writer) => call(key, 'POST', `/api/v1/service-requests/${id}/decision`, body);

/** A customer whose login and first service carry the provider's ids, as after a sync through the API. */
async function synced(tenant: TenantId, name: string, serviceStatus = 'suspended'): Promise<Customer> {
  const who = await customer(portal, tenant, name, [{ status: serviceStatus }]);
  await sql(portal, 'UPDATE customers SET external_id = ? WHERE id = ?', [`C-${name}`, who.customerId]);
  await sql(portal, 'UPDATE account_services SET external_id = ? WHERE id = ?', [`S-${name}`, who.services[0]]);
  return who;
}

async function fileReconnection(who: Customer): Promise<number> {
  return fileForm(await signedIn(portal, who), formUrl('reconnection', who.accountNumber, who.services[0]), { reason: 'paid', details: 'Pagué ayer.' });
}

/** The API's answers, as far as these tests read them. */
interface RequestList {
  items: { id: number; submittedAt: string }[];
  hasMore: boolean;
  nextCursor: string | null;
}
interface RequestDetail {
  answers: unknown;
  documents: { slot: string; filename: string; mime: string }[];
  history: unknown[];
  decision: unknown;
}
interface ApiProblem {
  message: string;
  problems: { field: string }[];
}
interface OpenApiOperation {
  tags: string[];
  parameters: { name: string }[];
  requestBody: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> };
}
interface Delivery {
  payload: { event: string; tenant: string; data: unknown };
}

async function deliveries(event: string, requestId: number) {
  return sql<Delivery>(portal, `SELECT payload FROM api_webhook_deliveries WHERE tenant_id = 'norte' AND event = ? AND (payload->'data'->>'id')::int = ?`, [event, requestId]);
}

describe('reading requests', () => {
  it("lists a customer's requests by the provider's ids and shows one with its answers, file names and history", async () => {
    const ana = await synced('norte', 'ana');
    const client = await signedIn(portal, ana);
    const ownership = await fileOwnershipChange(portal, client, ana);
    const reconnection = await fileReconnection(ana);

    const list = await call(reader, 'GET', `/api/v1/service-requests?account_number=${ana.accountNumber}`);
    expect(list.statusCode).toBe(200);
    const { items, hasMore } = list.json<RequestList>();
    expect(hasMore).toBe(false);
    expect(items).toEqual([
      expect.objectContaining({ id: ownership, type: 'ownership-change', status: 'submitted', accountNumber: ana.accountNumber, serviceExternalId: null, customerExternalId: 'C-ana', decidedAt: null }),
      expect.objectContaining({ id: reconnection, type: 'reconnection', status: 'submitted', accountNumber: ana.accountNumber, serviceExternalId: 'S-ana', customerExternalId: 'C-ana' }),
    ]);
    expect(Date.parse(items[0].submittedAt)).not.toBeNaN();

    const first = (await call(reader, 'GET', `/api/v1/service-requests?account_number=${ana.accountNumber}&limit=1`)).json<RequestList>();
    expect(first.items.map((i) => i.id)).toEqual([ownership]);
    expect(first.hasMore).toBe(true);
    const second = (await call(reader, 'GET', `/api/v1/service-requests?account_number=${ana.accountNumber}&limit=1&cursor=${first.nextCursor}`)).json<RequestList>();
    expect(second.items.map((i) => i.id)).toEqual([reconnection]);
    const byType = (await call(reader, 'GET', `/api/v1/service-requests?account_number=${ana.accountNumber}&type=reconnection&status=submitted`)).json<RequestList>();
    expect(byType.items.map((i) => i.id)).toEqual([reconnection]);
    expect((await call(reader, 'GET', `/api/v1/service-requests?account_number=${ana.accountNumber}&status=approved`)).json<RequestList>().items).toEqual([]);
    const badStatus = await call(reader, 'GET', '/api/v1/service-requests?status=done');
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json<ApiProblem>().problems[0].field).toBe('status');

    const one = await call(reader, 'GET', `/api/v1/service-requests/${ownership}`);
    expect(one.statusCode).toBe(200);
    const detail = one.json<RequestDetail>();
    expect(detail).toMatchObject({ id: ownership, typeTitle: 'Change of holder', status: 'submitted', customerExternalId: 'C-ana', decision: null });
    expect(detail.answers).toMatchObject({ newHolderName: 'Sofía Benítez', newHolderEmail: 'sofia@example.com', relationship: 'family' });
    expect(detail.documents.map((d) => [d.slot, d.filename, d.mime])).toEqual([
      ['newHolderId', 'dni.png', 'image/png'],
      ['consent', 'conformidad.pdf', 'application/pdf'],
    ]);
    expect(Object.keys(detail.documents[0]).sort()).toEqual(['addedAt', 'filename', 'id', 'mime', 'size', 'slot']);
    expect(detail.history).toEqual([expect.objectContaining({ kind: 'submitted', status: 'submitted', actor: 'customer', message: null })]);
    expect((await call(reader, 'GET', '/api/v1/service-requests/999999')).statusCode).toBe(404);
    expect((await call(reader, 'GET', '/api/v1/service-requests/abc')).statusCode).toBe(400);
  });
});

describe('the OpenAPI document', () => {
  it('describes the routes under the service-requests tag', async () => {
    const doc = (await call(reader, 'GET', '/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, OpenApiOperation>> }>();
    expect(doc.paths['/api/v1/service-requests/{id}/decision'].post.tags).toEqual(['service-requests']);
    expect(doc.paths['/api/v1/service-requests/{id}/decision'].post.requestBody.content['application/json'].schema.properties.decision.enum).toEqual(['approved', 'rejected']);
    expect(doc.paths['/api/v1/service-requests'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['cursor', 'updated_since', 'status', 'type', 'account_number']));
  });
});

describe('deciding through the API', () => {
  it('a read-only key cannot decide: 403 and the request stays open', async () => {
    const id = await fileReconnection(await synced('norte', 'bea'));
    const res = await decideOn(id, { decision: 'approved' }, reader);
    expect(res.statusCode).toBe(403);
    expect((await requestRow(portal, id)).status).toBe('submitted');
  });

  it("approving applies the type's effects, emails the customer, shows on the portal, audits the key; a second decision is a 409", async () => {
    const beto = await synced('norte', 'beto', 'cut');
    const id = await fileReconnection(beto);
    const mailsBefore = (await mailsTo(portal, beto.email)).length;

    const res = await decideOn(id, { decision: 'approved', note: 'El servicio vuelve en 2 horas.' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'approved', decision: { decision: 'approved', reason: null } });
    expect(res.json<RequestDetail>().history.at(-1)).toMatchObject({ kind: 'approved', actor: 'system', message: 'El servicio vuelve en 2 horas.' });

    const row = await requestRow(portal, id);
    expect(row).toMatchObject({ status: 'approved', decided_by: null });
    expect(row.decided_at).not.toBeNull();
    expect((await sql<{ status: string }>(portal, 'SELECT status FROM account_services WHERE id = ?', [beto.services[0]]))[0].status).toBe('active');
    expect(await sql(portal, 'SELECT amount FROM account_movements WHERE account_id = ?', [beto.accountId])).toEqual([{ amount: '3500.00' }]);

    const mails = await mailsTo(portal, beto.email);
    expect(mails).toHaveLength(mailsBefore + 1);
    expect(mails.at(-1)!.subject).toBe(`Aprobamos tu solicitud N° ${id}: Reconexión`);
    expect(mails.at(-1)!.text).toContain('El servicio vuelve en 2 horas.');
    const page = await (await signedIn(portal, beto)).get(`/service-requests/${id}`);
    expect(page.body).toContain('data-status="approved"');

    const [audit] = (await auditRows(portal, 'norte', 'service-requests.approved')).filter((r) => r.subject === String(id));
    expect(audit).toMatchObject({ actor_type: 'api', actor_id: String(writerId), outcome: 'success' });
    const [effect] = (await auditRows(portal, 'norte', 'service-requests.service-reconnected')).filter((r) => r.details.request === id);
    expect(effect).toMatchObject({ actor_type: 'api', actor_id: String(writerId) });

    const again = await decideOn(id, { decision: 'rejected', reason: 'Demasiado tarde.' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiProblem>().message).toContain('already approved');
    expect((await requestRow(portal, id)).status).toBe('approved');
    expect(await mailsTo(portal, beto.email)).toHaveLength(mailsBefore + 1);
  });

  it('a rejection needs its reason, which the customer then reads', async () => {
    const caro = await synced('norte', 'caro');
    const id = await fileReconnection(caro);
    const missing = await decideOn(id, { decision: 'rejected' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<ApiProblem>().problems).toEqual([expect.objectContaining({ field: 'reason' })]);
    const blank = await decideOn(id, { decision: 'rejected', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<ApiProblem>().problems[0].field).toBe('reason');
    const misplaced = await decideOn(id, { decision: 'approved', reason: 'Pagó.' });
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json<ApiProblem>().problems[0].field).toBe('reason');
    expect(await sql(portal, 'SELECT kind FROM service_request_events WHERE request_id = ?', [id])).toEqual([{ kind: 'submitted' }]);

    const res = await decideOn(id, { decision: 'rejected', reason: 'No registramos el pago.' });
    expect(res.statusCode).toBe(200);
    expect(res.json<RequestDetail>().decision).toMatchObject({ decision: 'rejected', reason: 'No registramos el pago.' });
    expect(await requestRow(portal, id)).toMatchObject({ status: 'rejected', decision_note: 'No registramos el pago.' });
    expect((await sql<{ status: string }>(portal, 'SELECT status FROM account_services WHERE id = ?', [caro.services[0]]))[0].status).toBe('suspended');
    expect((await mailsTo(portal, caro.email)).at(-1)!.text).toContain('No registramos el pago.');
  });

  it("a type's refusal is a 422 with its reason, and nothing changes", async () => {
    const dani = await customer(portal, 'norte', 'dani');
    const id = await fileForm(await signedIn(portal, dani), formUrl('fails-midway', dani.accountNumber), { mode: 'refuse' });
    const before = await accountRow(portal, dani.accountId);
    const res = await decideOn(id, { decision: 'approved' });
    expect(res.statusCode).toBe(422);
    expect(res.json<ApiProblem>().message).toContain('the request type refused after writing');
    expect(res.json<ApiProblem>().problems).toEqual([expect.objectContaining({ field: 'decision', message: 'the request type refused after writing' })]);
    expect((await requestRow(portal, id)).status).toBe('submitted');
    expect(await accountRow(portal, dani.accountId)).toEqual(before);
    expect((await auditRows(portal, 'norte', 'service-requests.approved')).filter((r) => r.subject === String(id))).toEqual([]);
  });
});

describe('tenants', () => {
  it("another tenant's request is not listed, not shown and not decided", async () => {
    const sur = await synced('sur', 'eva');
    const id = await fileReconnection(sur);
    const listed = (await call(writer, 'GET', '/api/v1/service-requests?limit=500')).json<RequestList>().items.map((i) => i.id);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(id);
    expect((await call(writer, 'GET', `/api/v1/service-requests/${id}`)).statusCode).toBe(404);
    expect((await decideOn(id, { decision: 'approved' })).statusCode).toBe(404);
    expect((await requestRow(portal, id)).status).toBe('submitted');

    const surKey = (await createApiKey(portal.db.forTenant('sur'), 'sur', { name: 'sur', scopes: ['service-requests:read'], createdBy: 'test' })).key;
    expect((await call(surKey, 'GET', `/api/v1/service-requests/${id}`, undefined, 'sur')).json()).toMatchObject({ id, serviceExternalId: 'S-eva' });
  });
});

describe('webhooks', () => {
  it("a customer's request queues request.submitted and the API's decision request.decided, named by the provider's ids", async () => {
    const fede = await synced('norte', 'fede');
    const id = await fileReconnection(fede);
    const [submitted] = await deliveries('request.submitted', id);
    expect(submitted.payload).toMatchObject({ event: 'request.submitted', tenant: 'norte' });
    expect(submitted.payload.data).toMatchObject({
      id,
      type: 'reconnection',
      status: 'submitted',
      accountNumber: fede.accountNumber,
      serviceExternalId: 'S-fede',
      customerExternalId: 'C-fede',
      answers: { reason: 'paid', details: 'Pagué ayer.' },
    });

    // Taking it for review changes its status but decides nothing.
    expect((await act(await operator(portal, 'norte'), id, 'review')).statusCode).toBe(303);
    expect(await deliveries('request.decided', id)).toEqual([]);

    expect((await decideOn(id, { decision: 'approved' })).statusCode).toBe(200);
    const decided = await deliveries('request.decided', id);
    expect(decided).toHaveLength(1);
    expect(decided[0].payload.data).toMatchObject({
      id,
      status: 'approved',
      accountNumber: fede.accountNumber,
      serviceExternalId: 'S-fede',
      customerExternalId: 'C-fede',
      decision: { decision: 'approved', reason: null },
    });
  });
});
