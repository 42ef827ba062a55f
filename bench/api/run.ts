// `node bench/api/run.ts [--quick]`: the provider API's figures. Bulk import of invoice rows
// against a raw COPY of the same rows on the same PostgreSQL server, and API upsert throughput
// on that server and on the embedded database. bench/run.ts runs it after the plugins' benches.
import { cpus } from 'node:os';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { benchImportRate } from './import-rate.ts';
import { benchUpserts, type UpsertFigures } from './upsert-throughput.ts';
import { goalsTable, reportGoal } from '../goals.ts';

const quick = process.argv.includes('--quick');
// `--only upserts` or `--only import`: one part of the run, when working on the other is not the point.
const only = process.argv[process.argv.indexOf('--only') + 1] as 'upserts' | 'import' | undefined;
const runs = (part: 'upserts' | 'import') => !process.argv.includes('--only') || only === part;
const plan = quick ? { accounts: 20_000, perAccount: 10, seconds: 3, again: true } : { accounts: 100_000, perAccount: 10, seconds: 10, again: true };
const f0 = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`provider API benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`);
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const server = runs('import') ? await throwawayDatabase() : undefined;
if (runs('import') && !server) throw new Error('no PostgreSQL server');
if (server) try {
  const rows = plan.accounts * plan.perAccount;
  console.log(`\n== Bulk import: ${f0(rows)} invoice rows (CSV), batches of 50,000, on ${new URL(process.env.DATABASE_URL).host} ==`);
  const i = await benchImportRate({ databaseUrl: server.url, accounts: plan.accounts, perAccount: plan.perAccount, batchSize: 50_000, again: plan.again, log: (l) => console.log(`  ${l}`) });
  console.log(`  raw COPY into invoices          ${f0(i.raw.rowsPerSecond).padStart(9)} rows/s   ${i.raw.seconds.toFixed(1)} s`);
  console.log(`  portal import invoices          ${f0(i.imported.rowsPerSecond).padStart(9)} rows/s   ${i.imported.seconds.toFixed(1)} s   (${f0(i.imported.inserted)} new, CSV ${i.csvMegabytes.toFixed(0)} MB)`);
  if (i.again) console.log(`  same file again, all unchanged  ${f0(i.again.rowsPerSecond).padStart(9)} rows/s   ${i.again.seconds.toFixed(1)} s   (${f0(i.again.unchanged)} unchanged)`);
  console.log(`  ratio raw COPY / import: ${(i.raw.rowsPerSecond / i.imported.rowsPerSecond).toFixed(2)}× (the import also checks every row, hashes it, writes its statement movement and upserts)`);
  reportGoal({ name: 'bulk import ÷ raw COPY, rows/s (PostgreSQL server)', measured: i.imported.rowsPerSecond / i.raw.rowsPerSecond, goal: 0.5, atLeast: true });
  if (i.again) reportGoal({ name: 'same file again (unchanged) ÷ raw COPY, rows/s', measured: i.again.rowsPerSecond / i.raw.rowsPerSecond, goal: 0.8, atLeast: true });
} finally {
  await server.drop();
}

const onServer: UpsertFigures[] = [];
for (const [label, url] of runs('upserts') ? ([['PostgreSQL server', process.env.DATABASE_URL], ['embedded PostgreSQL (PGlite)', undefined]] as const) : []) {
  const db = url ? await throwawayDatabase() : undefined;
  try {
    console.log(`\n== API upserts on ${label}: 10 connections, ${plan.seconds} s ==`);
    for (const r of await benchUpserts({ databaseUrl: db?.url, seconds: plan.seconds, connections: 10 })) {
      if (url) onServer.push(r);
      console.log(`  ${r.name.padEnd(40)} ${f0(r.requestsPerSecond).padStart(6)} req/s   ${f0(r.invoicesPerSecond).padStart(7)} invoices/s   p50 ${r.p50} ms   p99 ${r.p99} ms${r.non2xx || r.errors ? `   non-2xx ${r.non2xx} errors ${r.errors}` : ''}`);
      // No answer at all in the measured seconds is a broken bench, not a slow figure.
      if (r.non2xx || r.errors || r.requestsPerSecond === 0) process.exitCode = 1;
    }
  } finally {
    await db?.drop();
  }
}

// Issue 17's goals for the provider API, from the server figures of this same run: each a marked
// line for `npm run bench`, and the table for a person running this bench alone.
if (runs('upserts')) {
  const figure = (prefix: string) => onServer.find((r) => r.name.startsWith(prefix))?.invoicesPerSecond ?? 0;
  const goals = [
    { name: 'PUT new invoice, invoices/s (PostgreSQL server)', measured: figure('PUT new invoice'), goal: 1_000, atLeast: true, unit: '/s' },
    { name: 'POST invoices:batch, invoices/s (PostgreSQL server)', measured: figure('POST invoices:batch'), goal: 10_000, atLeast: true, unit: '/s' },
  ];
  for (const g of goals) reportGoal(g);
  console.log(`\n== Provider API goals ==\n${goalsTable(goals)}`);
}
