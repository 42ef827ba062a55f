import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../core/db/embedded-postgres.ts';
import { backendFeatures, conflicts, isWrite, type Session } from '../support/backend-features.ts';
import { serverSelection, type FileEntry } from '../support/server-run/selection.ts';
import { judgeStatements } from '../support/server-run/statement-check.ts';

// CI runs on the PostgreSQL server only the files whose traffic the embedded run could not vouch
// for; these are the rules that choose them and the check that covers the rest.

const idle = (): Session => ({ inFlight: 0, inFlightWrites: 0, inTransaction: false, transactionWrote: false, last: '' });
const reading = (): Session => ({ ...idle(), inFlight: 1 });
const writing = (): Session => ({ ...idle(), inFlight: 1, inFlightWrites: 1 });
const inTransaction = (wrote: boolean): Session => ({ ...idle(), inTransaction: true, transactionWrote: wrote });

describe('what counts as running at once with another result possible on a server', () => {
  it('does not count reads beside reads, or one writer beside single reads', () => {
    expect(conflicts(idle(), false, reading())).toBe(false);
    expect(conflicts(idle(), true, reading())).toBe(false);
    expect(conflicts(idle(), false, writing())).toBe(false);
    expect(conflicts(idle(), true, idle())).toBe(false);
    expect(conflicts(inTransaction(false), false, inTransaction(false))).toBe(false);
  });

  it('counts two writers at once, and a transaction beside a writer either way round', () => {
    expect(conflicts(idle(), true, writing())).toBe(true);
    expect(conflicts(idle(), true, inTransaction(true))).toBe(true);
    expect(conflicts(inTransaction(false), false, writing())).toBe(true);
    expect(conflicts(idle(), true, inTransaction(false))).toBe(true);
  });

  it('tells writes and server-only features by the statement', () => {
    expect(isWrite('SELECT id FROM accounts WHERE tenant_id = $1')).toBe(false);
    expect(isWrite('SELECT id FROM accounts WHERE tenant_id = $1 FOR UPDATE')).toBe(true);
    expect(isWrite('SELECT id FROM accounts WHERE tenant_id = $1 FOR SHARE')).toBe(true);
    expect(isWrite('begin; insert into "audit_log" ("tenant_id") values (\'a\')')).toBe(true);
    expect(isWrite('select "updated_at" from "tickets"')).toBe(false);
    expect(backendFeatures("SELECT pg_advisory_lock(hashtext('x'))").map(([f]) => f)).toEqual(['advisory-lock']);
    expect(backendFeatures('SELECT pg_advisory_xact_lock(1)')).toEqual([]);
    expect(backendFeatures('CREATE TEMP TABLE t (notify boolean)')).toEqual([]);
    expect(backendFeatures("SELECT pg_notify('jobs', '1')").map(([f]) => f)).toEqual(['notify']);
    expect(backendFeatures("SET LOCAL statement_timeout = '1s'").map(([f]) => f)).toEqual(['timeout']);
  });
});

describe('which files the server run takes', () => {
  const entry = (file: string, over: Partial<FileEntry> = {}): FileEntry => ({ file, features: {}, statements: [], failed: false, ...over });

  it('takes a file with a noted feature, one that failed, one starting a process, one testing the database layer and one never noted; leaves the rest', () => {
    const files = serverSelection(
      [
        entry('test/auth/register.test.ts', { features: { concurrency: 'INSERT … while another connection ran UPDATE …' } }),
        entry('test/auth/profile.test.ts', { failed: true }),
        entry('test/cli/start.test.ts'),
        entry('test/core/deferred-begin.test.ts'),
        entry('test/cli/start-workers.test.ts'),
        entry('test/auth/documents.test.ts'),
        entry('test/core/embedded-database.test.ts'),
      ],
      ['test/auth/register.test.ts', 'test/auth/profile.test.ts', 'test/cli/start.test.ts', 'test/core/deferred-begin.test.ts', 'test/cli/start-workers.test.ts', 'test/auth/documents.test.ts', 'test/core/embedded-database.test.ts', 'test/auth/sessions.test.ts'],
    );
    expect(Object.fromEntries(files)).toEqual({
      'test/auth/register.test.ts': ['concurrency'],
      'test/auth/profile.test.ts': ['failed on the embedded run'],
      'test/cli/start.test.ts': ['starts a process of its own'],
      'test/core/deferred-begin.test.ts': ['tests the database layer or its connection'],
      'test/cli/start-workers.test.ts': ['chooses what to run by the backend'],
      'test/auth/sessions.test.ts': ['not seen by the embedded run'],
    });
  });
});

describe('putting the other files statements to a database', () => {
  // Any PostgreSQL serves to see the judging work: an embedded one from the run's saved cluster.
  let embedded: EmbeddedPostgres;
  let db: pg.Client;
  beforeAll(async () => {
    embedded = await startEmbeddedPostgres(undefined, inject('embeddedCluster') || undefined);
    db = new pg.Client({ connectionString: embedded.url });
    await db.connect();
    await db.query('CREATE TABLE accounts (id integer PRIMARY KEY, number text NOT NULL)');
  });
  afterAll(async () => {
    await db?.end();
    await embedded?.stop();
  });

  it('refuses what the database cannot take, naming the file, and changes nothing it was shown', async () => {
    const verdicts = await judgeStatements(db, [
      { text: "begin; INSERT INTO accounts (id, number) VALUES (1, 'A-1')", origin: 'test/a.test.ts' },
      { text: 'SELECT no_such_function(number) FROM accounts', origin: 'test/b.test.ts' },
      { text: 'SELECT numbr FROM accounts WHERE id = $1', origin: 'test/c.test.ts' },
      { text: 'CREATE TABLE scratch (id integer)', origin: 'test/d.test.ts' },
      { text: 'SELECT * FROM fixture_only_table', origin: 'test/e.test.ts' },
      { text: 'SET search_path TO public', origin: 'test/f.test.ts' },
    ]);
    expect(verdicts.refused.map((r) => [r.origin, r.code])).toEqual([
      ['test/b.test.ts', '42883'],
      ['test/c.test.ts', '42703'],
    ]);
    expect(verdicts).toMatchObject({ prepared: 1, ran: 2, unknownTable: 1 });
    expect((await db.query('SELECT count(*)::int AS n FROM accounts')).rows).toEqual([{ n: 0 }]);
    expect((await db.query("SELECT to_regclass('scratch') AS t")).rows).toEqual([{ t: null }]);
  });
});
