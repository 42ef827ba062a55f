import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

/**
 * A transaction's BEGIN travels with its first statement (core/db/deferred-begin.ts): what a
 * transaction means must not change, whatever runs in it first, or if nothing does.
 */
let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
  await conn().execute(`CREATE TABLE IF NOT EXISTS deferred_begin_probe (id integer PRIMARY KEY)`);
});
afterAll(async () => {
  await conn().execute(`DROP TABLE IF EXISTS deferred_begin_probe`).catch(() => {});
  await portal?.dispose();
});

const conn = () => portal.db.orm.em.getConnection();
const probes = async () => (await conn().execute<{ id: number }[]>(`SELECT id FROM deferred_begin_probe ORDER BY id`)).map((r) => r.id);

describe('transactions with a deferred BEGIN', () => {
  it('run every statement in one transaction, and commit them together', async () => {
    const ids = await portal.db.orm.em.fork().transactional(async (em) => {
      const c = em.getConnection();
      const [a] = await c.execute(`SELECT txid_current()::text AS id`, [], 'all', em.getTransactionContext());
      await c.execute(`INSERT INTO deferred_begin_probe VALUES (1)`, [], 'run', em.getTransactionContext());
      const [b] = await c.execute(`SELECT txid_current()::text AS id`, [], 'all', em.getTransactionContext());
      return [a.id, b.id];
    });
    expect(ids[0]).toBe(ids[1]);
    expect(await probes()).toContain(1);
  });

  it('roll back whole when a later statement fails, and when the first one does', async () => {
    const failing = (first: string) =>
      portal.db.orm.em.fork().transactional(async (em) => {
        const c = em.getConnection();
        await c.execute(first, [], 'run', em.getTransactionContext());
        await c.execute(`INSERT INTO deferred_begin_probe VALUES (3)`, [], 'run', em.getTransactionContext());
        await c.execute(`SELECT no_such_column FROM deferred_begin_probe`, [], 'all', em.getTransactionContext());
      });
    await expect(failing(`INSERT INTO deferred_begin_probe VALUES (2)`)).rejects.toThrow(/no_such_column/);
    await expect(failing(`SELECT no_such_function()`)).rejects.toThrow(/no_such_function/);
    expect(await probes()).not.toContain(2);
    expect(await probes()).not.toContain(3);
    // The connections went back to the pool outside any transaction: this commits on its own.
    await conn().execute(`INSERT INTO deferred_begin_probe VALUES (4)`);
    expect(await probes()).toContain(4);
  });

  it('that run nothing end without a word to the database', async () => {
    expect(await portal.db.orm.em.fork().transactional(async () => 'nothing')).toBe('nothing');
    expect(await probes()).toEqual(expect.arrayContaining([1, 4]));
  });
});
