// Spawned by list-throughput.ts: serves the portal and the raw baseline over the bulk database, so
// the load generator has a process of its own. argv[2] is a JSON ServeListOptions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig, REPO_ROOT, createPortal, seedCustomer, Client } from 'portal/testing';
import { sqlOf } from '../data/sql.ts';
import { BENCH_HOST, writeBenchTenant } from './bench-tenant.ts';
import { BENCH_TENANT, benchDatabaseName, completedFill, fillBenchData, vacuumBigTables, type FillRecord } from './bulk-data.ts';
import { PAGES } from './pages.ts';
import { captureQueries, explainQueries, installQueryCapture, type QueryPlan } from './query-plans.ts';
import { rawListServer } from './raw-list-server.ts';
import { stopWithParent } from '../../../bench/stop-with-parent.ts';

export interface ServeListOptions {
  /** A PostgreSQL server URL; the bench database is created next to the one it names. */
  serverUrl: string;
  accounts: number;
  perAccount: number;
  poolSize: number;
  /** Capture the SQL of one signed-in request to each page and return its EXPLAIN (ANALYZE, BUFFERS). */
  explain?: boolean;
}

export interface ServeListInfo {
  portalPort: number;
  rawPort: number;
  host: string;
  cookie: string;
  rows: number;
  bytes: { portal: number; raw: number };
  /** Rows and bytes of each signed-in page, by name. */
  pages: Record<string, { rows: number; bytes: number }>;
  plans?: { page: string; plans: QueryPlan[] }[];
  /** How the data got there: filled by this run, or a finished fill found and reused. */
  fill: FillRecord & { reused: boolean; database: string };
}

const opts = JSON.parse(process.argv[2] ?? '{}') as ServeListOptions;
const log = (line: string) => process.stderr.write(`  [serve] ${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'invoices-bench-'));
const dbUrl = new URL(opts.serverUrl);
const database = benchDatabaseName(opts.accounts, opts.perAccount);
dbUrl.pathname = `/${database}`;

const reused = await completedFill(dbUrl.toString(), opts.accounts, opts.perAccount);
if (!reused) await freshDatabase(opts.serverUrl, database);
writeBenchTenant(join(work, 'tenants'));
const config = await loadConfig({
  env: {},
  overrides: {
    env: 'production',
    logLevel: 'warn',
    dataDir: join(work, 'data'),
    tenantsDir: join(work, 'tenants'),
    pluginPaths: [join(REPO_ROOT, 'plugins')],
    session: { secret: 'bench-'.repeat(8) },
    mail: { transport: 'files', from: 'Portal <no-reply@bench.example>' },
    // Filling 2.4M invoices is one long statement; the served pages keep no limit either (a bench, not a node).
    database: { url: dbUrl.toString(), poolSize: opts.poolSize, queryTimeoutMs: 0 },
  },
});
if (opts.explain) installQueryCapture();
const portal = await createPortal(config);
let raw: ReturnType<typeof rawListServer> | undefined;

const shutdown = stopWithParent(() => Promise.allSettled([portal.close(), raw?.close()]), work);

try {
  const email = 'cliente@invbench.test';
  const password = 'Pampa-Lluviosa-73';
  const sql = sqlOf(portal.db.forTenant(BENCH_TENANT));
  let fill = reused;
  if (fill) {
    log(`reusing ${database}: filled ${fill.filledAt} in ${fill.seconds} s, checked (${opts.accounts} accounts, ~${fill.invoices} invoices)`);
    await vacuumBigTables(sql, log);
  } else {
    await seedCustomer(portal.db, { tenantId: BENCH_TENANT, email, password, accountNumber: 'BENCH-0001', name: 'Cliente Bench' });
    fill = await fillBenchData(dbUrl.toString(), opts.accounts, opts.perAccount, log);
    log(`filled ${database} in ${fill.seconds} s`);
  }
  const [account] = await sql<{ id: number; number: string; holder_name: string }>(`SELECT id, number, holder_name FROM accounts WHERE tenant_id = ? AND number = 'BENCH-0001'`, [BENCH_TENANT]);

  const client = new Client(portal.app, BENCH_HOST);
  const login = await client.login(email, password);
  if (login.statusCode !== 303) throw new Error(`login answered ${login.statusCode}`);
  const pages: ServeListInfo['pages'] = {};
  for (const p of PAGES) {
    const res = await client.get(p.path);
    const rows = (res.body.match(p.rowMarker) ?? []).length;
    if (res.statusCode !== 200 || rows === 0) throw new Error(`GET ${p.path} answered ${res.statusCode} with ${rows} rows`);
    pages[p.name] = { rows, bytes: res.rawPayload.length };
  }
  const rows = pages.list.rows;
  let plans: ServeListInfo['plans'];
  if (opts.explain) {
    plans = [];
    for (const p of PAGES) plans.push({ page: p.path, plans: await explainQueries(dbUrl.toString(), await captureQueries(() => client.get(p.path))) });
  }
  const sid = client.cookie('portal_sid') ?? client.cookie('__Host-portal');
  if (!sid) throw new Error('no session cookie after login');

  raw = rawListServer({
    databaseUrl: dbUrl.toString(),
    poolSize: opts.poolSize,
    tenantId: BENCH_TENANT,
    account: { id: account.id, number: account.number, holderName: account.holder_name },
    periods: 6,
  });
  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  await raw.app.listen({ host: '127.0.0.1', port: 0 });
  const rawPort = (raw.app.server.address() as AddressInfo).port;
  const rawPage = await (await fetch(`http://127.0.0.1:${rawPort}/invoices`)).text();
  if ((rawPage.match(/data-period=/g) ?? []).length !== rows) throw new Error('the raw page does not show the same rows');
  const info: ServeListInfo = {
    portalPort: (portal.app.server.address() as AddressInfo).port,
    rawPort,
    host: BENCH_HOST,
    cookie: `${client.cookie('portal_sid') ? 'portal_sid' : '__Host-portal'}=${sid}`,
    rows,
    bytes: { portal: pages.list.bytes, raw: Buffer.byteLength(rawPage) },
    pages,
    plans,
    fill: { ...fill, reused: Boolean(reused), database },
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
} catch (err) {
  console.error(err);
  await shutdown(1);
}

/** No finished fill of this size: start from an empty database (an unfinished one may lack indexes). */
async function freshDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}
