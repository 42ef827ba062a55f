import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreEntities } from '../../core/accounts/entities.ts';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { runSql } from '../../core/db/run-sql.ts';
import pg, { type Pool } from 'pg';
import { throwawayDatabase } from '../support/throwaway-database.ts';

/**
 * A statement the portal runs again and again is prepared once per connection (planning it cost
 * more than running it), on the embedded database too, whose connections share one session.
 * Every run answers for its own values.
 */
let db: Database;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const server = await throwawayDatabase();
  if (server) cleanups.push(server.drop);
  // One connection, so the statements listed are the ones this test's queries left on it.
  db = await openDatabase({ url: server?.url, poolSize: 1, entities: coreEntities, migrations: [] });
  cleanups.push(() => db.close());
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const read = (query: string, params: unknown[]) => runSql(db.orm.em.fork(), query, params);
const prepared = async () => (await read('SELECT statement FROM pg_prepared_statements', [])).map((r) => r.statement);

describe('prepared statements', () => {
  it('prepares a statement run again and again and binds each run its own values', async () => {
    const hot = 'SELECT ?::int + 1 AS n, ?::text AS label';
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await read(hot, [i, `run ${i}`]));
    expect(answers).toEqual([0, 1, 2, 3].map((i) => [{ n: i + 1, label: `run ${i}` }]));
    expect(await prepared()).toEqual(['SELECT $1::int + 1 AS n, $2::text AS label']);
  });

  it('leaves a statement run once unnamed', async () => {
    expect(await read('SELECT ?::int * 7 AS once', [6])).toEqual([{ once: 42 }]);
    expect(await prepared()).not.toContain('SELECT $1::int * 7 AS once');
  });
});

describe('reads with their values as parameters', () => {
  it('spreads an array into a list and sends a plain object as JSON, as MikroORM does', async () => {
    expect(await read('SELECT count(*)::int AS n FROM unnest(ARRAY[1, 2, 3, 4]) v WHERE v IN (?)', [[2, 4, 9]])).toEqual([{ n: 2 }]);
    expect(await read(`SELECT ?::jsonb ->> 'kind' AS kind`, [{ kind: 'fibra' }])).toEqual([{ kind: 'fibra' }]);
  });
});

async function closeAllConnections(target: Database, size: number): Promise<void> {
  const pool = (await target.orm.em.getConnection().getNativeClient()) as Pool;
  const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of clients) client.release(true);
}

describe('prepared statements on connections that come and go', () => {
  it('answers every run right when many connections run the same statements, close and are replaced', async () => {
    const server = await throwawayDatabase();
    const many = await openDatabase({ url: server?.url, poolSize: 4, entities: coreEntities, migrations: [] });
    try {
      const run = (i: number) => runSql(many.orm.em.fork(), 'SELECT ?::int * 3 AS n, ?::text AS label', [i, `n${i}`]);
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => run(round * 100 + i)));
        expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => [{ n: (round * 100 + i) * 3, label: `n${round * 100 + i}` }]));
        // Every connection leaves; the next round's connections take their places over.
        await closeAllConnections(many, 4);
      }
    } finally {
      await many.close();
      await server?.drop();
    }
  }, 60_000);
});

describe('statement names on separate connections', () => {
  it('keeps each connection\'s names its own and forgets those of a connection that closed', async () => {
    const url = db.orm.config.get('clientUrl')!;
    const connect = async () => {
      const client = new pg.Client(url);
      await client.connect();
      return client;
    };
    const [a, b] = [await connect(), await connect()];
    try {
      // The same name for different texts, as two pools' connections could have: each runs its own.
      const run = (client: pg.Client, text: string) => client.query({ name: 'same_name', text, values: [2] }).then((r) => r.rows[0]);
      expect(await run(a, 'SELECT $1::int + 100 AS a_answer')).toEqual({ a_answer: 102 });
      expect(await run(b, 'SELECT $1::int * 7 AS b_answer')).toEqual({ b_answer: 14 });
      expect(await run(a, 'SELECT $1::int + 100 AS a_answer')).toEqual({ a_answer: 102 });
      await a.end();
      const left = async () => (await b.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::int + 100%'`)).rows;
      await expect.poll(left).toEqual([]);
      expect(await run(b, 'SELECT $1::int * 7 AS b_answer')).toEqual({ b_answer: 14 });
    } finally {
      await b.end();
    }
  });
});
