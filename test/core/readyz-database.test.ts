import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startEmbeddedPostgres } from '../../core/db/embedded-postgres.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { throwawayDatabase } from '../support/throwaway-database.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';

/**
 * The portal reaches its database through a relay the test controls, on both the embedded
 * database (which has no server of its own to stop) and a real PostgreSQL server.
 */
let portal: TestPortal;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const real = await throwawayDatabase();
  const target = real ?? (await startEmbeddedPostgres(undefined, inject('embeddedCluster') || undefined));
  cleanups.push(real ? real.drop : (target as { stop(): Promise<void> }).stop);
  const url = new URL(target.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  cleanups.push(proxy.close);
  url.host = `127.0.0.1:${proxy.port}`;
  // The embedded database accepts 8 connections; a small pool fits both.
  portal = await startTestPortal({ database: { poolSize: 4 } }, { databaseUrl: url.toString(), logStream: { write: () => {} } });
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
