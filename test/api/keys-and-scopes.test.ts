import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { revokeApiKey } from '../../core/api/api-keys.ts';
import { api, keyFor, sql, startApiPortal, TENANTS_DIR } from './support/api-portal.ts';
import { until } from './support/until.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startApiPortal();
});
afterAll(async () => portal?.dispose());

const customer = { name: 'Ana Gómez', email: 'ana@uno.test' };

describe('API keys', () => {
  it('no key, a made-up key, or a revoked key answer 401 and change nothing', async () => {
    expect((await api(portal, 'one', null).get('/api/v1/customers')).statusCode).toBe(401);
    const res = await api(portal, 'one', 'ptl_00000000_madeupmadeupmadeupmadeupmadeupmadeupmad').put('/api/v1/customers/K-1', customer);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    const key = await keyFor(portal, 'one', ['customers:write']);
    const [{ id }] = await sql(portal, `SELECT id FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
    await revokeApiKey(portal.db.forTenant('apione'), 'apione', id, 'test');
    expect((await api(portal, 'one', key).put('/api/v1/customers/K-1', customer)).statusCode).toBe(401);
    expect(await sql(portal, `SELECT 1 FROM customers WHERE external_id = 'K-1'`)).toEqual([]);
  });

  it('is stored as a SHA-256 fingerprint with a visible prefix, and its last use is recorded', async () => {
    const key = await keyFor(portal, 'one', ['customers:read']);
    const [row] = await sql(portal, `SELECT prefix, key_hash, last_used_at FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
    expect(key.startsWith(`${row.prefix}_`)).toBe(true);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.key_hash).not.toContain(key.slice(row.prefix.length + 1, row.prefix.length + 20));
    expect(row.last_used_at).toBeNull();
    expect((await api(portal, 'one', key).get('/api/v1/customers')).statusCode).toBe(200);
    const [after] = await sql(portal, `SELECT last_used_at, last_used_ip FROM api_keys WHERE prefix = ?`, [row.prefix]);
    expect(after.last_used_at).not.toBeNull();
  });
});

describe('scopes', () => {
  it('a read scope reads but does not write', async () => {
    const key = await keyFor(portal, 'one', ['customers:read']);
    expect((await api(portal, 'one', key).get('/api/v1/customers')).statusCode).toBe(200);
    const res = await api(portal, 'one', key).put('/api/v1/customers/S-1', customer);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toContain('customers:write');
    expect(await sql(portal, `SELECT 1 FROM customers WHERE external_id = 'S-1'`)).toEqual([]);
  });

  it('a scope reaches its own resource only; write includes read', async () => {
    const key = await keyFor(portal, 'one', ['invoices:write']);
    const c = api(portal, 'one', key);
    expect((await c.get('/api/v1/invoices')).statusCode).toBe(200);
    for (const path of ['/api/v1/customers', '/api/v1/accounts', '/api/v1/services', '/api/v1/payments', '/api/v1/movements', '/api/v1/meters', '/api/v1/readings']) {
      expect((await c.get(path)).statusCode, path).toBe(403);
    }
    expect((await c.put('/api/v1/accounts/S-2', { holderName: 'X', documentType: 'DNI', documentNumber: '1' })).statusCode).toBe(403);
    expect((await c.put('/api/v1/readings/S-3', { meterExternalId: 'M', readOn: '2025-01-01', value: 1, source: 'company' })).statusCode).toBe(403);
  });

  it('every call is audited with the key as actor, refused ones included', async () => {
    const key = await keyFor(portal, 'one', ['accounts:read']);
    const [{ id }] = await sql(portal, `SELECT id FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
    await api(portal, 'one', key).get('/api/v1/accounts');
    await api(portal, 'one', key).put('/api/v1/accounts/AU-1', { holderName: 'X', documentType: 'DNI', documentNumber: '1' });
    // Written once the response has gone out, so the client never waits for it.
    const rows = await until(async () => {
      const found = await sql(portal, `SELECT actor_type, action, subject, outcome, details FROM audit_log WHERE tenant_id = 'apione' AND actor_id = ? ORDER BY id`, [String(id)]);
      return found.length >= 2 ? found : null;
    }, 5000, 'two audit rows');
    expect(rows.map((r) => [r.actor_type, r.action, r.subject, r.outcome, r.details.status])).toEqual([
      ['api', 'api.accounts.read', 'GET /api/v1/accounts', 'success', 200],
      ['api', 'api.accounts.write', 'PUT /api/v1/accounts/AU-1', 'denied', 403],
    ]);
  });

  it('calls at the same moment each leave their own row', async () => {
    const key = await keyFor(portal, 'one', ['accounts:read']);
    const [{ id }] = await sql(portal, `SELECT id FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
    const codes = await Promise.all(Array.from({ length: 25 }, () => api(portal, 'one', key).get('/api/v1/accounts').then((r) => r.statusCode)));
    expect(codes.every((c) => c === 200)).toBe(true);
    const rows = await until(async () => {
      const found = await sql(portal, `SELECT subject FROM audit_log WHERE tenant_id = 'apione' AND actor_id = ?`, [String(id)]);
      return found.length >= 25 ? found : null;
    }, 5000, '25 audit rows');
    expect(rows.map((r) => r.subject).sort()).toEqual(Array.from({ length: 25 }, () => 'GET /api/v1/accounts'));
  });
});

describe('rate limit', () => {
  it('is counted per key: the key over its limit gets 429, another key is not affected', async () => {
    const slow = await keyFor(portal, 'one', ['customers:read'], 3);
    const other = await keyFor(portal, 'one', ['customers:read'], 3);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await api(portal, 'one', slow).get('/api/v1/customers')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const first = await api(portal, 'one', other).get('/api/v1/customers');
    expect([first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']]).toEqual(['3', '2']);
    const limited = await api(portal, 'one', slow).get('/api/v1/customers');
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json().message).toMatch(/rate limit of 3 requests a minute/);
    expect((await api(portal, 'one', other).get('/api/v1/customers')).statusCode).toBe(200);
  });

  it('a revoked key is refused on its very next call, before any count', async () => {
    const key = await keyFor(portal, 'one', ['customers:read']);
    expect((await api(portal, 'one', key).get('/api/v1/customers')).statusCode).toBe(200);
    const [{ id }] = await sql(portal, `SELECT id FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
    await revokeApiKey(portal.db.forTenant('apione'), 'apione', id, 'test');
    const refused = await api(portal, 'one', key).get('/api/v1/customers');
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['x-ratelimit-limit']).toBeUndefined();
  });

  describe('on two portal processes sharing one database', () => {
    // Pools of four: both together within the embedded database's eight connections.
    let portal: TestPortal;
    let other: TestPortal;
    beforeAll(async () => {
      portal = await startTestPortal({ tenantsDir: TENANTS_DIR, database: { poolSize: 4 } });
      other = await startTestPortal({ tenantsDir: TENANTS_DIR, database: { poolSize: 4 } }, { databaseUrl: portal.db.orm.config.get('clientUrl') });
    });
    afterAll(async () => {
      await other?.dispose();
      await portal?.dispose();
    });

    it('lets exactly the limit through when calls arrive at once on both, each counted in its own place', async () => {
      const key = await keyFor(portal, 'one', ['customers:read'], 7);
      const calls = await Promise.all(Array.from({ length: 20 }, (_, i) => api(i % 2 ? other : portal, 'one', key).get('/api/v1/customers')));
      const passed = calls.filter((c) => c.statusCode === 200);
      expect(passed).toHaveLength(7);
      expect(calls.filter((c) => c.statusCode === 429)).toHaveLength(13);
      expect(passed.map((c) => c.headers['x-ratelimit-remaining']).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6']);
      expect((await api(other, 'one', key).get('/api/v1/customers')).statusCode).toBe(429);
    });

    it('refuses a key revoked through one process on the other\'s next calls, sent at once', async () => {
      const key = await keyFor(portal, 'one', ['customers:read']);
      const before = await Promise.all(Array.from({ length: 6 }, () => api(other, 'one', key).get('/api/v1/customers')));
      expect(before.map((c) => c.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      const [{ id }] = await sql(portal, `SELECT id FROM api_keys WHERE tenant_id = 'apione' ORDER BY id DESC LIMIT 1`);
      await revokeApiKey(portal.db.forTenant('apione'), 'apione', id, 'test');
      const after = await Promise.all(Array.from({ length: 6 }, () => api(other, 'one', key).get('/api/v1/customers')));
      expect(after.map((c) => c.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    });
  });
});
