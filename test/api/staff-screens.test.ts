import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { location } from '../support/fixtures.ts';
import { createStaff, loginStaff } from '../staff/staff-fixtures.ts';
import { api, HOSTS, sql, startApiPortal } from './support/api-portal.ts';

let portal: TestPortal;
let admin: Client;
let support: Client;
beforeAll(async () => {
  portal = await startApiPortal();
  admin = await loginStaff(portal, HOSTS.one, await createStaff(portal, 'apione', { role: 'administrator' }));
  support = await loginStaff(portal, HOSTS.one, await createStaff(portal, 'apione', { role: 'support' }));
});
afterAll(async () => portal?.dispose());

describe('back office: API keys', () => {
  it('only administrators (api.manage) reach the screens', async () => {
    expect((await support.get('/staff/api')).statusCode).toBe(403);
    expect((await support.get('/staff/api/keys/new')).statusCode).toBe(403);
    const page = await admin.get('/staff/api');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('http://apione.localhost:3000/api/v1');
    expect(page.body).toMatch(/<a href="\/staff\/api"[^>]*>/);
  });

  it('creates a key shown once, which works at once; revoking it stops it at once', async () => {
    const form = await admin.get('/staff/api/keys/new');
    expect(form.body).toContain('value="meters:write"');
    expect(form.body).not.toContain('value="tickets:');
    const created = await admin.post('/staff/api/keys', { name: 'Facturación', scopes: 'invoices:write', rateLimit: '120' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const key = /<code>(ptl_[0-9a-f]{8}_[\w-]{43})<\/code>/.exec(created.body)?.[1];
    expect(key).toBeDefined();
    expect((await api(portal, 'one', key!).get('/api/v1/invoices')).statusCode).toBe(200);

    const list = await admin.get('/staff/api');
    expect(list.body).not.toContain(key!);
    expect(list.body).toContain(`${key!.slice(0, 12)}…`);
    expect(list.body).toContain('120/min');
    const [row] = await sql(portal, `SELECT id, created_by, scopes FROM api_keys WHERE prefix = ?`, [key!.slice(0, 12)]);
    expect(row.scopes).toEqual(['invoices:write']);
    expect(row.created_by).toMatch(/^staff:\d+$/);

    await admin.get('/staff/api');
    const revoked = await admin.post(`/staff/api/keys/${row.id}/revoke`);
    expect(location(revoked)).toBe('/staff/api');
    expect((await api(portal, 'one', key!).get('/api/v1/invoices')).statusCode).toBe(401);
    const audit = await sql(portal, `SELECT action, subject, actor_type FROM audit_log WHERE tenant_id = 'apione' AND action LIKE 'api.key-%' ORDER BY id`);
    expect(audit).toEqual([
      { action: 'api.key-created', subject: key!.slice(0, 12), actor_type: 'staff' },
      { action: 'api.key-revoked', subject: key!.slice(0, 12), actor_type: 'staff' },
    ]);
  });

  it('re-shows the form with what is wrong', async () => {
    await admin.get('/staff/api/keys/new');
    const res = await admin.post('/staff/api/keys', { name: '', scopes: 'tickets:read', rateLimit: 'mucho' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Póngale un nombre a la clave.');
    expect(res.body).toContain('no resource &quot;tickets&quot;');
    expect(res.body).toContain('Los pedidos por minuto deben ser un número entero');
  });

  it("another tenant's key id is a 404", async () => {
    const [{ id }] = await sql(portal, `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, scopes, created_by) VALUES ('apitwo', 'x', 'ptl_00000000', repeat('a', 64), '[]', 't') RETURNING id`);
    await admin.get('/staff/api');
    expect((await admin.post(`/staff/api/keys/${id}/revoke`)).statusCode).toBe(404);
    expect(await sql(portal, `SELECT revoked_at FROM api_keys WHERE id = ?`, [id])).toEqual([{ revoked_at: null }]);
  });
});

describe('back office: webhooks', () => {
  it('creates an endpoint with its secret shown once, lists deliveries with their attempts, and sends a failed one again', async () => {
    await admin.get('/staff/api/webhooks/new');
    const refused = await admin.post('/staff/api/webhooks', { url: 'ftp://billing', events: 'contact.changed' });
    expect(refused.statusCode).toBe(400);
    const created = await admin.post('/staff/api/webhooks', { url: 'http://127.0.0.1:9/events', description: 'CRM', events: 'reading.submitted' });
    expect(created.statusCode).toBe(200);
    expect(created.body).toMatch(/<code>whsec_[\w-]{43}<\/code>/);
    const [endpoint] = await sql(portal, `SELECT id, secret_sealed, events FROM api_webhook_endpoints WHERE tenant_id = 'apione'`);
    expect(endpoint.secret_sealed).not.toContain('whsec_');
    expect(endpoint.events).toEqual(['reading.submitted']);

    const [delivery] = await sql(
      portal,
      `INSERT INTO api_webhook_deliveries (tenant_id, endpoint_id, event, event_id, payload, status, attempts, last_status, queued_at)
       VALUES ('apione', ?, 'reading.submitted', gen_random_uuid(), '{"data":{"meterExternalId":"M-1"}}', 'failed', 2, 503, now()) RETURNING id, job_id`,
      [endpoint.id],
    );
    await sql(portal, `INSERT INTO api_webhook_attempts (tenant_id, delivery_id, attempt, status_code, error, duration_ms) VALUES ('apione', ?, 1, 503, 'HTTP 503', 12), ('apione', ?, 2, 503, 'HTTP 503', 9)`, [delivery.id, delivery.id]);
    const list = await admin.get(`/staff/api/webhooks/${endpoint.id}`);
    expect(list.body).toContain(`/staff/api/deliveries/${delivery.id}`);
    expect(list.body).toContain('Fallido');
    const detail = await admin.get(`/staff/api/deliveries/${delivery.id}`);
    expect(detail.body.match(/HTTP 503/g)?.length).toBeGreaterThanOrEqual(2);
    expect(detail.body).toContain('meterExternalId');

    const retried = await admin.post(`/staff/api/deliveries/${delivery.id}/retry`);
    expect(location(retried)).toBe(`/staff/api/deliveries/${delivery.id}`);
    const [after] = await sql(portal, `SELECT status, queued_at, job_id FROM api_webhook_deliveries WHERE id = ?`, [delivery.id]);
    expect(after.status).toBe('pending');
    expect(after.queued_at).toBeNull();
    expect(after.job_id).not.toBe(delivery.job_id);

    await admin.get(`/staff/api/webhooks/${endpoint.id}`);
    await admin.post(`/staff/api/webhooks/${endpoint.id}/disable`);
    expect((await sql(portal, `SELECT disabled_at FROM api_webhook_endpoints WHERE id = ?`, [endpoint.id]))[0].disabled_at).not.toBeNull();
  });
});
