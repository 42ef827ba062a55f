import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../core/db/embedded-postgres.ts';

/**
 * The embedded PostgreSQL itself (its own thread, its socket, its data folder), whichever database
 * the rest of the run uses: its connections share one PostgreSQL session, and each must still get
 * its own statements' answers.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let db: EmbeddedPostgres;
beforeAll(async () => {
  db = await startEmbeddedPostgres(undefined, inject('embeddedCluster') || undefined);
  cleanups.push(() => db.stop());
}, 60_000);

/** A connection of this test's, closed when it ends; one the test cuts reports nothing. */
async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: db.url });
  client.on('error', () => {});
  await client.connect();
  onTestFinished(() => client.end().catch(() => {}));
  return client;
}

describe('connections sharing the embedded session', () => {
  it("gives each connection its own statement's answer while another's messages arrive in several reads", { timeout: 60_000 }, async () => {
    // A 1 MB parameter makes pg's Parse, Bind, Execute and Sync arrive in many reads: the other
    // connections' statements, sent meanwhile, must not be bound in its place nor it in theirs.
    const big = await connect();
    const others = await Promise.all([1, 2, 3].map(() => connect()));
    const text = 'x'.repeat(1_000_000);
    const bigAnswers: unknown[] = [];
    const otherAnswers: { sent: string; got: unknown }[] = [];
    let done = false;
    await Promise.all([
      (async () => {
        for (let i = 0; i < 6; i++) bigAnswers.push((await big.query('SELECT length($1::text) AS big_length', [text])).rows);
        done = true;
      })(),
      ...others.map(async (client, n) => {
        for (let i = 0; !done; i++) {
          const sent = `connection ${n} run ${i}`;
          otherAnswers.push({ sent, got: (await client.query('SELECT $1::text AS small', [sent])).rows });
        }
      }),
    ]);
    expect(bigAnswers).toEqual(Array.from({ length: 6 }, () => [{ big_length: 1_000_000 }]));
    expect(otherAnswers.length).toBeGreaterThan(6);
    for (const { sent, got } of otherAnswers) expect(got).toEqual([{ small: sent }]);
  });

  it("holds other connections back until one's transaction ends, and sees their writes only after its commit", async () => {
    const writer = await connect();
    const reader = await connect();
    await writer.query('CREATE TABLE IF NOT EXISTS held (n int)');
    await writer.query('BEGIN');
    await writer.query('INSERT INTO held VALUES (1)');
    let readDone = false;
    const read = reader.query('SELECT count(*)::int AS n FROM held').then((r) => {
      readDone = true;
      return r.rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readDone).toBe(false);
    await writer.query('COMMIT');
    expect(await read).toEqual([{ n: 1 }]);
  });

  it('rolls back the transaction of a connection that goes away, and lets the others go on', async () => {
    const leaving = await connect();
    const staying = await connect();
    await leaving.query('CREATE TABLE IF NOT EXISTS abandoned (n int)');
    await leaving.query('BEGIN');
    await leaving.query('INSERT INTO abandoned VALUES (1)');
    const waiting = staying.query('SELECT count(*)::int AS n FROM abandoned');
    (leaving as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows).toEqual([{ n: 0 }]);
    expect((await staying.query('SELECT count(*)::int AS n FROM abandoned')).rows).toEqual([{ n: 0 }]);
  });

  it('ends the failed exchange of a connection that goes away before its Sync', async () => {
    const leaving = await connect();
    const staying = await connect();
    // PostgreSQL skips every message after a failed one until a Sync: the next connection's too,
    // unless the session's exchange is ended for the one that left.
    const wire = (leaving as unknown as { connection: { parse(m: object): void; bind(m: object): void; stream: { destroy(): void } } }).connection;
    wire.parse({ text: 'SELEC 1 AS misspelt' });
    wire.bind({});
    await new Promise((resolve) => setTimeout(resolve, 50));
    wire.stream.destroy();
    expect((await staying.query('SELECT $1::text AS mine', ['still mine'])).rows).toEqual([{ mine: 'still mine' }]);
  });

  it('refuses a connection past its limit with PostgreSQL’s error, not a dropped socket', async () => {
    const clients: pg.Client[] = [];
    let refused: Error | undefined;
    for (let i = 0; i < 12 && !refused; i++) {
      const client = new pg.Client({ connectionString: db.url });
      try {
        await client.connect();
        clients.push(client);
      } catch (err) {
        refused = err as Error;
      }
    }
    await Promise.all(clients.map((c) => c.end()));
    expect(refused?.message).toBe('sorry, too many clients already');
  });
});

describe('the embedded data folder', () => {
  it('keeps what was committed when stopped and started again on the same folder', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-embedded-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const cluster = inject('embeddedCluster');
    if (cluster) cpSync(cluster, join(dir, 'pglite'), { recursive: true });
    const first = await startEmbeddedPostgres(join(dir, 'pglite'));
    const writer = new pg.Client({ connectionString: first.url });
    await writer.connect();
    await writer.query('CREATE TABLE kept (n int)');
    await writer.query('INSERT INTO kept SELECT generate_series(1, 500)');
    await writer.end();
    await first.stop();

    const again = await startEmbeddedPostgres(join(dir, 'pglite'));
    try {
      const reader = new pg.Client({ connectionString: again.url });
      await reader.connect();
      expect((await reader.query('SELECT count(*)::int AS n, sum(n)::int AS total FROM kept')).rows).toEqual([{ n: 500, total: 125_250 }]);
      await reader.end();
    } finally {
      await again.stop();
    }
  });

  it('says why it cannot open a folder PostgreSQL cannot use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-embedded-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const cluster = inject('embeddedCluster');
    const folder = join(dir, 'pglite');
    if (cluster) cpSync(cluster, folder, { recursive: true });
    else await (await startEmbeddedPostgres(folder)).stop();
    writeFileSync(join(folder, 'PG_VERSION'), '9\n');
    await expect(startEmbeddedPostgres(folder)).rejects.toThrow(
      `The embedded database in ${folder} did not start: PGlite failed to initialize properly: FATAL: database files are incompatible with server`,
    );
  }, 60_000);
});

describe('in-memory databases from a saved cluster', () => {
  /** Runs `sql` on a database and returns its rows. */
  async function query(db: EmbeddedPostgres, sql: string): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const tables = "SELECT relname FROM pg_class WHERE relname LIKE 'written_%' ORDER BY relname";

  it('each start from the same cluster as it was saved, whatever an earlier one wrote', { timeout: 60_000 }, async () => {
    const cluster = inject('embeddedCluster') || undefined;
    // Stopped one after the other, so the second reuses the first's thread and what it holds.
    for (const name of ['written_first', 'written_second']) {
      const db = await startEmbeddedPostgres(undefined, cluster);
      try {
        expect(await query(db, tables)).toEqual([]);
        await query(db, `CREATE TABLE ${name} AS SELECT generate_series(1, 2000) AS n`);
      } finally {
        await db.stop();
      }
    }
  });

  it('starts from a cluster saved by stopAndSave with what was committed before', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portal-embedded-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const saved = join(dir, 'saved');
    const first = await startEmbeddedPostgres(undefined, inject('embeddedCluster') || undefined);
    await query(first, 'CREATE TABLE written_saved AS SELECT generate_series(1, 500) AS n');
    await first.stopAndSave(saved);

    for (let run = 0; run < 2; run++) {
      const again = await startEmbeddedPostgres(undefined, saved);
      try {
        expect(await query(again, tables)).toEqual([{ relname: 'written_saved' }]);
        expect(await query(again, 'SELECT count(*)::int AS n, sum(n)::int AS total FROM written_saved')).toEqual([{ n: 500, total: 125_250 }]);
        await query(again, 'DELETE FROM written_saved');
      } finally {
        await again.stop();
      }
    }
  });
});
