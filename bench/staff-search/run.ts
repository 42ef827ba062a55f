// `node bench/staff-search/run.ts [--quick]`, or `npm run bench -- --only search`: the back office's
// customer search (core/staff/customer-search.ts) over a million customers on the PostgreSQL server
// (DATABASE_URL, or the local one); --quick fills 50,000. Each kind of query an operator types
// (account number, document, full name in either order, one surname, phone, email) runs many
// times with different values, one at a time, timed around the same function the page calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { createPortal } from '../../core/portal.ts';
import { searchCustomers } from '../../core/staff/customer-search.ts';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { benchConfig } from '../portal-config.ts';
import { writeBenchTenant, TENANT } from '../api/bench-tenant.ts';
import { reportGoal } from '../goals.ts';
import { fmt, table } from '../table.ts';
import { customerOf, fillCustomers, LAST } from './fill.ts';

const P95_GOAL_MS = 50;
const quick = process.argv.includes('--quick');
const plan = quick ? { customers: 50_000, perKind: 30 } : { customers: 1_000_000, perKind: 100 };

/** Without accents, as operators type on the phone; the stored names have them. */
const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const KINDS: Record<string, (i: number) => string> = {
  'account number': (i) => customerOf(i).number,
  document: (i) => customerOf(i).document,
  'full name': (i) => {
    const c = customerOf(i);
    return i % 2 ? plain(`${c.first} ${c.last}`) : plain(`${c.last} ${c.first}`);
  },
  'one surname': (i) => plain(LAST[i % LAST.length]),
  phone: (i) => {
    // Every fifth account has no login yet, so no phone: ask for the next customer's.
    const c = customerOf(i % 5 ? i : i + 1);
    // Written the other way from how it was stored, half the time.
    return i % 2 ? `+54 9 ${c.phone}` : `0${c.phone.replace('-', ' ')}`;
  },
  email: (i) => customerOf(i).email,
};

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const db = await throwawayDatabase();
if (!db) throw new Error('no PostgreSQL server');
const work = mkdtempSync(join(tmpdir(), 'portal-search-bench-'));
writeBenchTenant(join(work, 'tenants'));
console.log(`customer search: ${fmt.int(plan.customers)} customers and accounts on the PostgreSQL server, ${plan.perKind} queries per kind${quick ? ' (--quick)' : ''}`);
const [load] = loadavg();
if (load > cpus().length / 2) console.log(`WARNING: the machine is busy (load ${load.toFixed(1)} on ${cpus().length} cores): expect slow and noisy figures.`);
const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: db.url }));
try {
  const em = portal.db.forTenant(TENANT);
  const seconds = await fillCustomers(db.url, TENANT, plan.customers);
  console.log(`filled in ${seconds.toFixed(0)} s (rows, trigram indexes, analyze)`);
  const request = { em, tenant: { id: TENANT } } as unknown as FastifyRequest;
  // A stride through the customers, so each query asks for someone else.
  const pick = (n: number) => 1 + ((n * 7_919) % plan.customers);
  for (const make of Object.values(KINDS)) for (let n = 0; n < 5; n++) await searchCustomers(request, make(pick(n)), 1, 25);

  const all: number[] = [];
  const rows: (string | number)[][] = [];
  for (const [kind, make] of Object.entries(KINDS)) {
    const times: number[] = [];
    let found = 0;
    for (let n = 0; n < plan.perKind; n++) {
      const q = make(pick(n + 100));
      const started = performance.now();
      const { total } = await searchCustomers(request, q, 1, 25);
      times.push(performance.now() - started);
      if (total > 0) found++;
      else if (kind !== 'one surname') console.log(`  (no result for ${kind} "${q}")`);
    }
    all.push(...times);
    times.sort((a, b) => a - b);
    rows.push([kind, fmt.ms(pct(times, 0.5)), fmt.ms(pct(times, 0.95)), fmt.ms(times.at(-1)!), `${found}/${plan.perKind}`]);
  }
  all.sort((a, b) => a - b);
  rows.push(['all kinds', fmt.ms(pct(all, 0.5)), fmt.ms(pct(all, 0.95)), fmt.ms(all.at(-1)!), '']);
  console.log();
  console.log(table(['query', 'p50 ms', 'p95 ms', 'max ms', 'found'], rows));
  reportGoal({ name: `customer search p95 over ${fmt.int(plan.customers)} customers (server)`, measured: pct(all, 0.95), goal: P95_GOAL_MS, atLeast: false, unit: 'ms' });
} finally {
  await portal.close();
  await db.drop();
  rmSync(work, { recursive: true, force: true });
}

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
