import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayedDatabase, type RelayedDatabase } from '../support/relayed-database.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { seedCustomer } from '../support/seed-customer.ts';
import { Client } from '../support/browser-like-client.ts';

/**
 * The portal reaches its database through a relay the test controls, on both the embedded
 * database (which has no server of its own to stop) and a real PostgreSQL server.
 */
let portal: TestPortal;
let proxy: RelayedDatabase['proxy'];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const relayed = await relayedDatabase();
  cleanups.push(relayed.close);
  proxy = relayed.proxy;
  // The embedded database accepts 8 connections; a small pool fits both.
  portal = await startTestPortal({ database: { poolSize: 4 } }, { databaseUrl: relayed.url, logStream: { write: () => {} } });
  cleanups.push(() => portal.dispose());
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ready = () => portal.app.inject({ method: 'GET', url: '/readyz', headers: { host: 'nobody.example' } });

describe('/readyz and the database', () => {
  it('answers 503 naming the database while it is cut, and 200 again once it is back, without a restart', async () => {
    expect((await ready()).statusCode).toBe(200);

    proxy.cut();
    const cut = await ready();
    expect(cut.statusCode).toBe(503);
    expect(cut.json().status).toBe('fail');
    expect(cut.json().checks.database.ok).toBe(false);
    expect(cut.json().checks.database.error).toEqual(expect.any(String));
    expect(cut.json().checks.storage).toEqual({ ok: true });
    // The process itself is alive: a restart would not help, so liveness stays green.
    const health = await portal.app.inject({ method: 'GET', url: '/healthz', headers: { host: 'nobody.example' } });
    expect(health.statusCode).toBe(200);

    proxy.restore();
    expect((await ready()).statusCode).toBe(200);
  });

  it('answers 503 instead of waiting when the database accepts connections but never answers', async () => {
    proxy.hang();
    const hung = await ready();
    expect(hung.statusCode).toBe(503);
    expect(hung.json().checks.database).toEqual({ ok: false, error: expect.stringMatching(/no answer within/) });
    proxy.restore();
    expect((await ready()).statusCode).toBe(200);
  }, 20_000);
});

describe('pages while the database is cut', () => {
  it('answer 503 asking to try again in a few seconds (not a 500), and serve again once it is back', async () => {
    await seedCustomer(portal.db, { tenantId: 'alpha', email: 'ana@alpha.test', password: 'Algarrobo-Negro-81', accountNumber: 'A-0001' });
    const ana = new Client(portal.app, 'portal.alpha.test');
    expect((await ana.login('ana@alpha.test', 'Algarrobo-Negro-81')).statusCode).toBe(303);
    expect((await ana.get('/dashboard')).statusCode).toBe(200);

    proxy.cut();
    const page = await ana.get('/dashboard');
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain('El servicio no está disponible por un momento. Probá de nuevo en unos segundos.');

    proxy.restore();
    // The session outlived the outage: the same cookie still opens the dashboard.
    expect((await ana.get('/dashboard')).statusCode).toBe(200);
  });
});
