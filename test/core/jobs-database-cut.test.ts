import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayedDatabase, type RelayedDatabase } from '../support/relayed-database.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * A job slot that falls due while the database is unreachable: the process must log it and go
 * on serving. (Found by the cluster test: the timer's promise was left to reject unhandled, which
 * ends a Node process.)
 */
let portal: TestPortal;
let proxy: RelayedDatabase['proxy'];
const lines: string[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const relayed = await relayedDatabase();
  cleanups.push(relayed.close);
  proxy = relayed.proxy;
  portal = await startTestPortal({ database: { poolSize: 4 } }, { databaseUrl: relayed.url, logStream: { write: (line) => void lines.push(line) } });
  cleanups.push(() => portal.dispose());
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const sql = (q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<any[]>(q, params);

describe('a job slot due while the database is cut', () => {
  it('is logged naming the job and skipped; the next slot runs once the database is back', async () => {
    const hello = portal.plugins.find((p) => p.name === 'hello')!;
    const job = hello.definition.jobs![0];
    const alpha = portal.tenants.get('alpha')!;

    proxy.cut();
    await expect(portal.services.scheduler.fire('hello', job, alpha, new Date('2026-12-01T03:00:20Z'))).resolves.toBeUndefined();
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'job slot skipped: the database did not answer');
    expect(logged).toEqual([expect.objectContaining({ level: 50, job: 'hello:tick', tenant: 'alpha' })]);
    proxy.restore();

    await portal.services.scheduler.fire('hello', job, alpha, new Date('2026-12-02T03:00:20Z'));
    expect(await sql(`SELECT subject FROM audit_log WHERE action = 'hello.tick' AND tenant_id = 'alpha'`)).toEqual([{ subject: '2026-12-02T03:00:00.000Z' }]);
    expect(await sql(`SELECT to_char(slot AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS slot, status FROM job_runs WHERE job = 'hello:tick' AND tenant_id = 'alpha'`)).toEqual([{ slot: '2026-12-02 03:00', status: 'done' }]);
  });
});
