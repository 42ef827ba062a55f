import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { browser, createCustomer } from '../support/fixtures.ts';
import { createEndpoint } from '../../core/webhooks/endpoints.ts';
import { HEADERS, verify } from '../../core/webhooks/signature.ts';
import { HOSTS, sql, startApiPortal } from './support/api-portal.ts';
import { loadAll } from './support/records.ts';
import { startReceiver } from './support/receiver.ts';
import { until } from './support/until.ts';
import { parsePrometheusText, valueOf } from '../support/prometheus-text.ts';

let portal: TestPortal;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  portal = await startApiPortal();
  // A fixed 1 s between attempts: with pg-boss's backoff the three retries would wait 5-6 s.
  await portal.services.webhooks.queue.start({ retryDelaySeconds: 1, retryBackoff: false, pollSeconds: 0.5, retryLimit: 3 });
});
afterAll(async () => {
  for (const close of closers) await close();
  await portal?.dispose();
});

async function endpoint(tenantId: string, url: string, events: string[]) {
  return createEndpoint(portal.db.forTenant(tenantId), portal.services.webhooks.secrets, tenantId, { url, events, createdBy: 'test' });
}

describe('outbound webhooks', () => {
  it('a contact change is posted signed, retried after a 500, and delivered once after success', async () => {
    const receiver = await startReceiver([500, 200]);
    closers.push(receiver.close);
    const { secret } = await endpoint('apione', receiver.url, ['contact.changed']);
    await sql(portal, `UPDATE customers SET external_id = NULL WHERE tenant_id = 'apione'`);
    const { customer, number, password } = await createCustomer(portal, 'apione', { email: 'rosa@uno.test', phone: '0387-1111111' });
    await sql(portal, `UPDATE customers SET external_id = 'CRM-77' WHERE id = ?`, [customer.id]);

    const c = browser(portal, HOSTS.one);
    await c.login(number!, password);
    await c.get('/account/profile');
    const saved = await c.post('/account/profile', { email: 'rosa@uno.test', phone: '0387-2222222', mobile: '', address: 'Belgrano 455' });
    expect(saved.statusCode).toBe(303);

    const [delivery] = await until(async () => {
      const rows = await sql(portal, `SELECT * FROM api_webhook_deliveries WHERE tenant_id = 'apione' AND status = 'delivered'`);
      return rows.length ? rows : null;
    }, 30_000, 'the delivery');
    expect(receiver.received).toHaveLength(2);
    for (const r of receiver.received) {
      expect(r.headers[HEADERS.event]).toBe('contact.changed');
      expect(verify(secret, r.headers[HEADERS.signature] as string, r.headers[HEADERS.timestamp] as string, r.body)).toBe(true);
      expect(verify('whsec_another', r.headers[HEADERS.signature] as string, r.headers[HEADERS.timestamp] as string, r.body)).toBe(false);
      expect(r.headers[HEADERS.eventId]).toBe(delivery.event_id);
    }
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(900);
    const body = JSON.parse(receiver.received[1].body);
    expect(body).toMatchObject({
      event: 'contact.changed',
      tenant: 'apione',
      data: { customer: { externalId: 'CRM-77', accounts: [number] }, changed: ['phone', 'address'], contact: { phone: '0387-2222222', address: 'Belgrano 455', email: 'rosa@uno.test' } },
    });
    expect(delivery.attempts).toBe(2);
    const attempts = await sql(portal, `SELECT attempt, status_code FROM api_webhook_attempts WHERE delivery_id = ? ORDER BY attempt`, [delivery.id]);
    expect(attempts.map((a) => [a.attempt, a.status_code])).toEqual([[1, 500], [2, 200]]);

    // Nothing more arrives once it was accepted, even after another relay and poll.
    await portal.services.webhooks.queue.relay();
    // Longer than a retry's 1 s plus two polls: a second attempt would have come by now.
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.received).toHaveLength(2);
  });

  it('an endpoint hears only the events it chose, and a rolled-back change sends nothing', async () => {
    const receiver = await startReceiver([200]);
    closers.push(receiver.close);
    await endpoint('apitwo', receiver.url, ['reading.submitted']);
    const { customer, number, password } = await createCustomer(portal, 'apitwo', { email: 'leo@dos.test' });
    const c = browser(portal, HOSTS.two);
    await c.login(number!, password);
    await c.get('/account/profile');
    await c.post('/account/profile', { email: 'leo@dos.test', phone: '0387-3333333', mobile: '', address: '' });

    await loadAll(portal, 'two', 'W2');
    const [{ id: meterId }] = await sql(portal, `SELECT id FROM meter_readings_meters WHERE tenant_id = 'apitwo' AND external_id = 'MT-W2'`);
    const em = portal.db.forTenant('apitwo');
    const tenant = portal.tenants.get('apitwo')!;
    const event = { meterId, windowKey: '2025-02-14', readOn: '2025-02-12', values: { total: 1290 }, customerId: customer.id, confirmedImplausible: false, hasPhoto: false };
    await em.transactional(async (tx) => {
      await portal.services.events.emit(tenant, tx, 'meter-readings.reading-submitted', event);
    });
    await expect(
      em.transactional(async (tx) => {
        await portal.services.events.emit(tenant, tx, 'meter-readings.reading-submitted', { ...event, values: { total: 9999 } });
        throw new Error('the reading did not save');
      }),
    ).rejects.toThrow('did not save');

    await until(() => receiver.received.length >= 1, 20_000, 'the reading delivery');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(receiver.received[0].body);
    expect(body).toMatchObject({ event: 'reading.submitted', tenant: 'apitwo', data: { meterExternalId: 'MT-W2', accountNumber: 'A-W2', values: { total: 1290 }, readOn: '2025-02-12' } });
    expect(await sql(portal, `SELECT event FROM api_webhook_deliveries WHERE tenant_id = 'apitwo'`)).toEqual([{ event: 'reading.submitted' }]);
  });

  it('gives up after the retry limit, marking the delivery failed with every attempt kept', async () => {
    const receiver = await startReceiver([503]);
    closers.push(receiver.close);
    await endpoint('apibare', receiver.url, ['contact.changed']);
    const { number, password } = await createCustomer(portal, 'apibare', { email: 'ida@bare.test' });
    const c = browser(portal, HOSTS.bare);
    await c.login(number!, password);
    await c.get('/account/profile');
    expect((await c.post('/account/profile', { email: 'ida@bare.test', phone: '0387-5555555', mobile: '', address: '' })).statusCode).toBe(303);
    const [failed] = await until(async () => {
      const rows = await sql(portal, `SELECT * FROM api_webhook_deliveries WHERE tenant_id = 'apibare' AND status = 'failed'`);
      return rows.length ? rows : null;
    }, 25_000, 'the delivery to fail');
    expect(failed.attempts).toBe(4);
    expect(failed.last_status).toBe(503);
    expect(receiver.received).toHaveLength(4);
    // Each refused post counted for that tenant, and the given-up delivery shows among the failed.
    const metrics = parsePrometheusText(await portal.services.metrics.registry.metrics());
    expect(valueOf(metrics, 'portal_webhook_attempts_total', 'portal_webhook_attempts_total', { tenant: 'apibare', outcome: 'failed' })).toBe(4);
    expect(valueOf(metrics, 'portal_webhook_deliveries', 'portal_webhook_deliveries', { tenant: 'apibare', state: 'failed' })).toBe(1);
  });
});
