import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { hookPgQuery, ORM_PG_CLIENT, TOP_PG_CLIENT } from './pg-query-hook.ts';
import { backendFeatures, conflicts, isWrite, shapeOf, type BackendFeature, type Session } from './backend-features.ts';

/**
 * On the embedded run, notes for each test file what in its database traffic could come out
 * otherwise on a PostgreSQL server (see backend-features.ts), and the statements it sent. The
 * server run then takes the files that did such a thing, and the statements of the others are
 * checked on the server (test/support/server-run/check-statements.ts). Active only when
 * BACKEND_FEATURES_LOG names the file to append to.
 */
// Only the embedded run's notes say what PGlite could have hidden.
const LOG = process.env.DATABASE_URL ? undefined : process.env.BACKEND_FEATURES_LOG;
const KEY = Symbol.for('portal.test.backend-features');

interface FileRecord {
  features: Map<BackendFeature, string>;
  /** One text of each statement shape sent and taken. */
  statements: Map<string, string>;
  passed: number;
  failed: boolean;
}
interface State {
  current: FileRecord | undefined;
  /** Each database's connections, by host, port and database: the sessions that run at once. */
  sessions: Map<string, Map<pg.Client, Session>>;
}

const state = LOG ? ((globalThis as { [KEY]?: State })[KEY] ??= install()) : undefined;

function install(): State {
  const s: State = { current: undefined, sessions: new Map() };
  const hook = (text: string, client: pg.Client, send: () => unknown) => {
    const rec = s.current;
    if (rec === undefined) return send();
    const p = (client as unknown as { connectionParameters: { host: string; port: number; database: string } }).connectionParameters;
    const dbKey = `${p.host}:${p.port}/${p.database}`;
    let sessions = s.sessions.get(dbKey);
    if (!sessions) s.sessions.set(dbKey, (sessions = new Map()));
    let mine = sessions.get(client);
    if (!mine) sessions.set(client, (mine = { inFlight: 0, inFlightWrites: 0, inTransaction: false, transactionWrote: false, last: '' }));
    if (/^\s*(begin|start transaction)\b/i.test(text)) {
      mine.inTransaction = true;
      mine.transactionWrote = false;
    }
    const write = isWrite(text);
    if (!rec.features.has('concurrency')) {
      for (const [other, theirs] of sessions) {
        if (other !== client && conflicts(mine, write, theirs)) {
          const brief = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 120);
          rec.features.set('concurrency', `${brief(text)} … while another connection ran ${brief(theirs.last)}`);
          break;
        }
      }
    }
    for (const [feature, why] of backendFeatures(text)) if (!rec.features.has(feature)) rec.features.set(feature, why);
    mine.last = text;
    if (mine.inTransaction && write) mine.transactionWrote = true;
    if (/^\s*(commit|rollback|end)\s*;?\s*$/i.test(text)) mine.inTransaction = mine.transactionWrote = false;
    const session = mine;
    session.inFlight++;
    if (write) session.inFlightWrites++;
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      session.inFlight--;
      if (write) session.inFlightWrites--;
    };
    // Only what PGlite took is for the server to take too: a statement a test sends to see it
    // fail fails on both.
    const took = () => {
      const shape = shapeOf(text);
      if (!rec.statements.has(shape)) rec.statements.set(shape, text);
    };
    const result = send();
    if (result instanceof Promise) result.then(() => (took(), done()), done);
    else if (result && typeof (result as { once?: unknown }).once === 'function') {
      const events = result as { once(event: string, listener: () => void): void };
      took();
      for (const event of ['end', 'error', 'close']) events.once(event, done);
    } else done();
    return result;
  };
  for (const Client of new Set([ORM_PG_CLIENT, TOP_PG_CLIENT])) hookPgQuery(Client, hook);
  return s;
}

if (state && LOG) {
  // A setup file runs again before each test file, even in a worker that keeps its modules.
  const file = relative(REPO_ROOT, expect.getState().testPath ?? '');
  const rec: FileRecord = { features: new Map(), statements: new Map(), passed: 0, failed: false };
  state.current = rec;
  // Connections of earlier files are closed: kept, they would only grow the map for the rest of the run.
  state.sessions.clear();
  // A file that failed, or whose setup failed before any test ran, may not have sent all it sends.
  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => void (rec.failed = true));
  });
  afterEach(() => void rec.passed++);
  afterAll(() => {
    state.current = undefined;
    appendFileSync(LOG, JSON.stringify({ file, features: Object.fromEntries(rec.features), statements: [...rec.statements.values()], failed: rec.failed || rec.passed === 0 }) + '\n');
  });
}
