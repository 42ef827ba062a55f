import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoTenant, type TestPortal, Client } from 'portal/testing';
import { HOSTS, sql, startRequestsPortal } from './harness.ts';

const demo: DemoTenant = {
  tenantId: 'norte',
  password: 'demo-norte-1',
  customers: [
    {
      name: 'María Quispe',
      email: 'maria@norte.test',
      accounts: [
        {
          number: 'D-1',
          holderName: 'María Quispe',
          documentType: 'DNI',
          documentNumber: '28456789',
          email: 'maria@norte.test',
          services: [
            { externalId: 'S-1', kind: 'internet', plan: 'Fibra 100', address: 'Av. Bolivia 2140', status: 'active' },
            { externalId: 'S-2', kind: 'phone', plan: 'Telefonía IP', address: 'Av. Bolivia 2140', status: 'suspended' },
          ],
        },
      ],
    },
    {
      name: 'Jorge Mamani',
      email: 'jorge@norte.test',
      accounts: [
        {
          number: 'D-2',
          holderName: 'Jorge Mamani',
          documentType: 'DNI',
          documentNumber: '31567210',
          email: 'jorge@norte.test',
          services: [{ externalId: 'S-3', kind: 'internet', plan: 'Fibra 300', address: 'Los Ceibos 55', status: 'active' }],
        },
      ],
    },
  ],
  unclaimed: [],
};

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

describe('demo seed', () => {
  it('leaves requests in varied states on the demo accounts, the same after seeding again', async () => {
    await seedDemo(portal, [demo]);
    type DemoRequest = { external_id: string; type: string; status: string };
    const first = await sql<DemoRequest>(portal, `SELECT external_id, type, status FROM service_requests WHERE tenant_id = 'norte' ORDER BY external_id`);
    await seedDemo(portal, [demo]);
    const second = await sql<DemoRequest>(portal, `SELECT external_id, type, status FROM service_requests WHERE tenant_id = 'norte' ORDER BY external_id`);
    expect(second).toEqual(first);
    expect(first.map((r) => [r.type, r.status])).toEqual([
      ['cancellation', 'rejected'],
      ['ownership-change', 'needs_info'],
      ['plan-change', 'in_review'],
      ['reconnection', 'submitted'],
    ]);
    const history = await sql<{ kind: string }>(portal, `SELECT e.kind FROM service_request_events e JOIN service_requests r ON r.id = e.request_id WHERE r.external_id LIKE 'demo-ownership-%' ORDER BY e.at`);
    expect(history.map((h) => h.kind)).toEqual(['submitted', 'review-started', 'info-requested']);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM mail_outbox WHERE tenant_id = 'norte'`)).toEqual([{ n: 0 }]);
  });

  it('shows them to the demo customer, documents included', async () => {
    const client = new Client(portal.app, HOSTS.norte);
    expect((await client.login('maria@norte.test', 'demo-norte-1')).statusCode).toBe(303);
    const list = await client.get('/service-requests');
    expect(list.body).toContain('Tenés 1 trámite(s) esperando tu respuesta.');
    const [{ id, doc }] = await sql<{ id: number; doc: number }>(portal, `SELECT r.id, min(d.id) AS doc FROM service_requests r JOIN service_request_documents d ON d.request_id = r.id WHERE r.external_id LIKE 'demo-ownership-%' GROUP BY r.id`);
    const file = await client.get(`/service-requests/${id}/documents/${doc}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
