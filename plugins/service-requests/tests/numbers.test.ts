import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../../../test/support/test-portal.ts';
import { customer, fileForm, formUrl, mailsTo, signedIn, sql, startRequestsPortal, type TenantId } from './harness.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startRequestsPortal();
});
afterAll(async () => portal?.dispose());

/** A customer with a suspended service, signed in with the reconnection form open. */
async function asking(tenantId: TenantId, name: string) {
  const who = await customer(portal, tenantId, name, [{ status: 'suspended' }]);
  const client = await signedIn(portal, who);
  const url = formUrl('reconnection', who.accountNumber, who.services[0]);
  await client.get(url);
  return { who, client, url };
}

describe('request numbers', () => {
  it('are consecutive per tenant even when filed at once, and another tenant starts at its own 1', async () => {
    const norte = [];
    for (const name of ['uno', 'dos', 'tres', 'cuatro', 'cinco']) norte.push(await asking('norte', name));
    const filed = await Promise.all(norte.map(({ client, url }) => client.post(url, { reason: 'paid' })));
    expect(filed.map((r) => r.statusCode)).toEqual([303, 303, 303, 303, 303]);
    const told = await Promise.all(norte.map(async ({ client }, i) => Number(/N° (\d+)/.exec((await client.get(String(filed[i].headers.location))).body)![1])));
    expect(told.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    const sur = await asking('sur', 'seis');
    const id = await fileForm(sur.client, sur.url, { reason: 'paid' });
    expect((await sur.client.get(`/service-requests/${id}`)).body).toContain('No. 1</span>');
    expect((await sur.client.get('/service-requests')).body).toContain('>No. 1</a>');
    expect((await mailsTo(portal, sur.who.email)).map((m) => m.subject)).toEqual(['We received your request No. 1: Reconnection']);
    expect(await sql(portal, `SELECT tenant_id, number FROM service_requests ORDER BY tenant_id, number`)).toEqual([1, 2, 3, 4, 5].map((number) => ({ tenant_id: 'norte', number })).concat({ tenant_id: 'sur', number: 1 }));
  });
});
