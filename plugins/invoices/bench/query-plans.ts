import { createRequire } from 'node:module';
import pg from 'pg';

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

export interface QueryPlan extends CapturedQuery {
  plan: string;
  /** Tables over `BIG_TABLE_ROWS` rows that the plan reads whole. */
  seqScans: string[];
}

/** A table this size read whole on a customer's page is a plan that grows with the provider. */
export const BIG_TABLE_ROWS = 10_000;

/** Statements that carry no plan of their own (transaction and session bookkeeping). */
const NO_PLAN = /^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|RESET|SHOW|DISCARD|select pg_backend_pid)/i;

let recording: CapturedQuery[] | undefined;
let installed = false;

/**
 * Wraps `query` of the pg client class the ORM's driver loads (its own copy of `pg`, not the
 * bench's), so what is explained is the SQL the page really ran, core's session and customer
 * lookups included. Must run before the portal opens its pool: core wraps each connection's
 * `query` when it connects (time limits, prepared statements, deferred BEGIN), keeping the method
 * it finds then, so a wrapper put on the class later would never be called.
 */
export function installQueryCapture(): void {
  if (installed) return;
  installed = true;
  const ormPg = createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
  const proto = ormPg.Client.prototype as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (recording) {
      const [first, second] = args;
      const config = typeof first === 'object' && first !== null ? (first as { text?: unknown; values?: unknown }) : undefined;
      const text = typeof first === 'string' ? first : typeof config?.text === 'string' ? config.text : undefined;
      const values = typeof first === 'string' ? second : config?.values;
      if (text !== undefined && !NO_PLAN.test(text)) recording.push({ text, values: Array.isArray(values) ? values : [] });
    }
    return original.apply(this, args);
  };
}

/** Every statement the portal sends while `during` runs (installQueryCapture must have run first). */
export async function captureQueries(during: () => Promise<unknown>): Promise<CapturedQuery[]> {
  if (!installed) throw new Error('installQueryCapture() must run before the portal starts');
  const seen: CapturedQuery[] = [];
  recording = seen;
  try {
    await during();
  } finally {
    recording = undefined;
  }
  return seen;
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of each query with its own values, inside a transaction rolled
 * back, so a statement that writes (a session touched) is measured without keeping its change.
 */
export async function explainQueries(databaseUrl: string, queries: CapturedQuery[]): Promise<QueryPlan[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: big } = await client.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples > $1`,
      [BIG_TABLE_ROWS],
    );
    const bigTables = new Set(big.map((r) => r.relname));
    const plans: QueryPlan[] = [];
    for (const q of queries) {
      await client.query('BEGIN');
      try {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]).filter((t) => bigTables.has(t));
        plans.push({ ...q, plan, seqScans: [...new Set(seqScans)] });
      } finally {
        await client.query('ROLLBACK');
      }
    }
    return plans;
  } finally {
    await client.end();
  }
}
