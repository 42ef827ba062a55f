import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, createApiKey, createEndpoint } from 'portal/testing';
import { customer, HOSTS, meterWithHistory, signedIn, sql, startMeterPortal } from './harness.ts';

let portal: TestPortal;
let key: string;
beforeAll(async () => {
  portal = await startMeterPortal();
  key = (await createApiKey(portal.db.forTenant('aguas'), 'aguas', { name: 'billing', scopes: ['meters:write', 'readings:write'], createdBy: 'test' })).key;
});
afterAll(async () => portal?.dispose());

/** The API's answers, as far as these tests read them. */
interface ReadingAnswer {
  id: number;
  replacedBy: number | null;
}
interface ApiProblem {
  problems: { field: string }[];
}

const put = (url: string, body: unknown) =>
  portal.app.inject({ method: 'PUT', url, headers: { host: HOSTS.aguas, authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const get = (url: string) => portal.app.inject({ method: 'GET', url, headers: { host: HOSTS.aguas, authorization: `Bearer ${key}` } });

describe('meter readings through the provider API', () => {
  it('a real reading that replaces an estimate leaves the estimate pointing at it', async () => {
    const who = await customer(portal, 'aguas', 'beto');
    expect((await put('/api/v1/meters/API-M1', { accountNumber: who.accountNumber, number: 'W-77', kind: 'water', digits: 5 })).statusCode).toBe(201);
    expect((await put('/api/v1/readings/API-E1', { meterExternalId: 'API-M1', readOn: '2025-02-10', value: 130, source: 'estimated' })).statusCode).toBe(201);
    const real = await put('/api/v1/readings/API-R1', { meterExternalId: 'API-M1', readOn: '2025-02-12', value: 128, source: 'company', replaces: 'API-E1' });
    expect(real.json()).toEqual({ key: 'API-R1', created: true, changed: true });
    const estimate = (await get('/api/v1/readings/API-E1')).json<ReadingAnswer>();
    expect(estimate.replacedBy).toBe((await get('/api/v1/readings/API-R1')).json<ReadingAnswer>().id);
    const wrong = await put('/api/v1/readings/API-R2', { meterExternalId: 'API-M1', readOn: '2025-02-12', value: 128, source: 'company', replaces: 'API-R1' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json<ApiProblem>().problems[0].field).toBe('replaces');
  });

  it("a customer's reading sent through the portal becomes a reading.submitted delivery, named by the provider's ids", async () => {
    const who = await customer(portal, 'aguas', 'carla');
    const { meterId } = await meterWithHistory(portal, 'aguas', who.accountNumber, { id: 'carla-agua', perMonth: 30, start: 1000 });
    await createEndpoint(portal.db.forTenant('aguas'), portal.services.webhooks.secrets, 'aguas', { url: 'http://127.0.0.1:9/hook', events: ['reading.submitted'], createdBy: 'test' });
    const client = await signedIn(portal, 'aguas', who);
    const url = `/meter-readings/${meterId}/submit`;
    const res = await client.submit(url, url, { 'value-total': '1420' });
    expect(res.statusCode).toBe(303);
    const [delivery] = await sql<{ event: string; payload: { data: unknown } }>(portal, `SELECT event, payload FROM api_webhook_deliveries WHERE tenant_id = 'aguas'`);
    expect(delivery.event).toBe('reading.submitted');
    expect(delivery.payload.data).toMatchObject({ meterExternalId: 'carla-agua', accountNumber: who.accountNumber, values: { total: 1420 }, hasPhoto: false });
  });
});
