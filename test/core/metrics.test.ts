import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { HOSTS, browser, createCustomer, query } from '../support/fixtures.ts';
import { parsePrometheusText, valueOf, type Family } from '../support/prometheus-text.ts';
import { NOT_FOUND_ROUTE } from '../../core/metrics/http-metrics.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal({ metrics: { port: 0 } });
});
afterAll(async () => portal?.dispose());

/** GET over real HTTP on a new connection each time, as Prometheus scrapes. */
function get(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    }).on('error', reject).end();
  });
}

async function scrape(): Promise<Map<string, Family>> {
  const res = await get(portal.services.metrics.port!, '/metrics');
  expect(res.status).toBe(200);
  expect(res.type).toContain('text/plain; version=0.0.4');
  return parsePrometheusText(res.body);
}

describe('metrics', () => {
  it('counts requests, logins, jobs, queues and the pool, in Prometheus text on their own port', async () => {
    const alpha = browser(portal, HOSTS.alpha);
    expect((await alpha.get('/login')).statusCode).toBe(200);
    expect((await alpha.get('/no/such/page/8271')).statusCode).toBe(404);
    expect((await alpha.get('/another/made-up/path')).statusCode).toBe(404);
    const { number } = await createCustomer(portal, 'alpha');
    for (let i = 0; i < 5; i++) expect((await alpha.post('/login', { identifier: number, password: `wrong-${i}-password` })).statusCode).toBe(401);
    // The sixth from the same address is not even checked.
    expect((await alpha.post('/login', { identifier: number, password: 'wrong-6-password' })).statusCode).toBe(429);
    const staff = browser(portal, HOSTS.beta);
    await staff.get('/staff/login');
    expect((await staff.post('/staff/login', { email: 'nobody@beta.test', password: 'not-the-password' })).statusCode).toBe(401);

    const hello = portal.plugins.find((p) => p.name === 'hello')!;
    await portal.services.scheduler.runSlot('hello', hello.definition.jobs![0], portal.tenants.get('alpha')!, new Date('2026-11-20T06:00:00Z'));
    const broken = { ...hello.definition.jobs![0], run: async () => { throw new Error('boom'); } };
    await portal.services.scheduler.runSlot('hello', broken, portal.tenants.get('alpha')!, new Date('2026-11-20T07:00:00Z'));

    await query(portal, `INSERT INTO mail_outbox (tenant_id, to_address, subject, html, text, status) VALUES
      ('beta', 'a@beta.test', 's', 'h', 't', 'failed'), ('beta', 'b@beta.test', 's', 'h', 't', 'pending'), ('beta', 'c@beta.test', 's', 'h', 't', 'pending')`);
    const [endpoint] = await query(portal, `INSERT INTO api_webhook_endpoints (tenant_id, url, events, secret_sealed, created_by) VALUES ('alpha', 'http://127.0.0.1:9/hook', '[]', 'x', 'test') RETURNING id`);
    await query(portal, `INSERT INTO api_webhook_deliveries (tenant_id, endpoint_id, event, event_id, payload, status) VALUES
      ('alpha', ?, 'test.event', gen_random_uuid(), '{}', 'failed'), ('alpha', ?, 'test.event', gen_random_uuid(), '{}', 'pending')`, [endpoint.id, endpoint.id]);

    const m = await scrape();
    const requests = 'portal_http_requests_total';
    expect(m.get(requests)!.type).toBe('counter');
    expect(valueOf(m, requests, requests, { route: '/login', method: 'GET', status: '200', tenant: 'alpha' })).toBe(1);
    // Both made-up paths under one label value: no series per URL asked for.
    expect(valueOf(m, requests, requests, { route: NOT_FOUND_ROUTE, method: 'GET', status: '404', tenant: 'alpha' })).toBe(2);
    expect(m.get(requests)!.samples.some((s) => s.labels.route.includes('no/such'))).toBe(false);
    expect(valueOf(m, requests, requests, { route: '/login', method: 'POST', status: '401', tenant: 'alpha' })).toBe(5);
    expect(valueOf(m, requests, requests, { route: '/login', method: 'POST', status: '429', tenant: 'alpha' })).toBe(1);

    const latency = 'portal_http_request_duration_seconds';
    expect(m.get(latency)!.type).toBe('histogram');
    expect(valueOf(m, latency, `${latency}_count`, { route: '/login', method: 'POST', tenant: 'alpha' })).toBe(6);
    expect(valueOf(m, latency, `${latency}_bucket`, { route: '/login', method: 'GET', tenant: 'alpha', le: '+Inf' })).toBe(1);
    expect(m.get(latency)!.samples.every((s) => !('status' in s.labels))).toBe(true);

    expect(valueOf(m, 'portal_login_failures_total', 'portal_login_failures_total', { tenant: 'alpha', kind: 'customer' })).toBe(5);
    expect(valueOf(m, 'portal_login_failures_total', 'portal_login_failures_total', { tenant: 'beta', kind: 'staff' })).toBe(1);
    expect(valueOf(m, 'portal_login_throttled_total', 'portal_login_throttled_total', { tenant: 'alpha', kind: 'customer', reason: 'account-address' })).toBe(1);

    expect(valueOf(m, 'portal_job_runs_total', 'portal_job_runs_total', { job: 'hello:tick' })).toBe(2);
    expect(valueOf(m, 'portal_job_failures_total', 'portal_job_failures_total', { job: 'hello:tick' })).toBe(1);

    expect(valueOf(m, 'portal_mail_outbox', 'portal_mail_outbox', { tenant: 'beta', state: 'queued' })).toBe(2);
    expect(valueOf(m, 'portal_mail_outbox', 'portal_mail_outbox', { tenant: 'beta', state: 'failed' })).toBe(1);
    expect(valueOf(m, 'portal_webhook_deliveries', 'portal_webhook_deliveries', { tenant: 'alpha', state: 'queued' })).toBe(1);
    expect(valueOf(m, 'portal_webhook_deliveries', 'portal_webhook_deliveries', { tenant: 'alpha', state: 'failed' })).toBe(1);
    // An empty queue reads zero rather than missing.
    expect(valueOf(m, 'portal_webhook_deliveries', 'portal_webhook_deliveries', { tenant: 'beta', state: 'failed' })).toBe(0);

    expect(m.get('portal_db_pool_in_use')!.type).toBe('gauge');
    expect(valueOf(m, 'portal_db_pool_in_use', 'portal_db_pool_in_use', {})).toBeGreaterThanOrEqual(0);
    // The scrape's own queue queries may be waiting for a connection as it is read.
    expect(valueOf(m, 'portal_db_pool_waiting', 'portal_db_pool_waiting', {})).toBeGreaterThanOrEqual(0);
    // The process's own figures (prom-client's defaults).
    expect(m.get('process_cpu_user_seconds_total')!.type).toBe('counter');
    expect(m.get('nodejs_heap_size_used_bytes')!.type).toBe('gauge');
  });

  it('answers /metrics only on its own port: the public one says 404', async () => {
    for (const headers of [{ host: HOSTS.alpha }, { host: 'unknown.example' }]) {
      const res = await portal.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('portal_http_requests_total');
    }
    expect((await get(portal.services.metrics.port!, '/')).status).toBe(404);
  });
});

describe('metrics listener', () => {
  it('closes with the portal', async () => {
    const other = await startTestPortal({ metrics: { port: 0 } });
    const port = other.services.metrics.port!;
    expect((await get(port, '/metrics')).status).toBe(200);
    await other.dispose();
    await expect(get(port, '/metrics')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('metrics off (the default)', () => {
  it('opens no listener', async () => {
    const plain = await startTestPortal();
    try {
      expect(plain.config.metrics).toEqual({ host: '127.0.0.1' });
      expect(plain.services.metrics.port).toBeUndefined();
    } finally {
      await plain.dispose();
    }
  });
});
