import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { relayedDatabase, type RelayedDatabase } from '../support/relayed-database.ts';
import { coreEntities } from '../../core/accounts/entities.ts';
import { openDatabase, type Database } from '../../core/db/database.ts';

/**
 * A database that accepts connections and then never answers (a frozen server, a network that
 * drops packets) must give the portal an error it can show, not hold requests and the pool for ever.
 */
let db: Database;
let proxy: RelayedDatabase['proxy'];
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const relayed = await relayedDatabase();
  cleanups.push(relayed.close);
  proxy = relayed.proxy;
  db = await openDatabase({ url: relayed.url, poolSize: 2, entities: coreEntities, migrations: [], connectTimeoutMs: 1000, queryTimeoutMs: 2000 });
  cleanups.push(() => db.close());
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const select1 = () => db.orm.em.fork().getConnection().execute<{ one: number }[]>('SELECT 1 AS one');

describe('database timeouts', () => {
  it('fails a query on an open connection that goes silent, and works again once the database answers', async () => {
    expect(await select1()).toEqual([{ one: 1 }]);
    proxy.hang();
    await expect(select1()).rejects.toThrow(/timeout/i);
    proxy.restore();
    expect(await select1()).toEqual([{ one: 1 }]);
  }, 20_000);

  // pg-pool's own pool.query passes a callback instead of asking for a promise.
  it('fails a query asked with a callback on a connection that goes silent', async () => {
    const pool = (await db.orm.em.getConnection().getNativeClient()) as pg.Pool;
    const client = await pool.connect();
    try {
      expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      proxy.hang();
      const viaCallback = await new Promise<Error | null>((resolve) => client.query('SELECT 1', (err) => resolve(err)));
      expect(viaCallback?.message).toBe('Query read timeout');
    } finally {
      client.release();
      proxy.restore();
    }
    expect(await select1()).toEqual([{ one: 1 }]);
  }, 20_000);

  it('fails to connect to a database that accepts the connection but never answers', async () => {
    // Cut first, so the pool's open connections close and the next query needs a new one.
    proxy.cut();
    const pool = (await db.orm.em.getConnection().getNativeClient()) as { totalCount: number };
    for (let i = 0; i < 200 && pool.totalCount > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pool.totalCount).toBe(0);
    proxy.hang();
    await expect(select1()).rejects.toThrow(/timeout/i);
    proxy.restore();
    expect(await select1()).toEqual([{ one: 1 }]);
  }, 20_000);

  // pg_sleep on the embedded database would stop the test's own process, where it runs.
  if (process.env.DATABASE_URL) {
    it('stops a query that runs too long on the server, and the connection serves the next one', async () => {
      await expect(db.orm.em.fork().getConnection().execute('SELECT pg_sleep(10)')).rejects.toThrow(/timeout/i);
      expect(await select1()).toEqual([{ one: 1 }]);
      expect(await select1()).toEqual([{ one: 1 }]);
    }, 20_000);
  }
});
