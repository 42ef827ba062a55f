import { reportGoal } from '../../../bench/goals.ts';
import { BIG_TABLE_ROWS } from './query-plans.ts';
import { benchScale, type ScaleOptions } from './scale-pass.ts';

const f1 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const short = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/**
 * The scale pass as the bench prints it: how each database was filled (or which finished fill was
 * reused), req/s of each page at both sizes and their ratio as a goal (wall clock, and per CPU
 * second of the whole stack, which other work on a shared machine does not move), then the plan of every
 * query the signed-in customer's pages ran at the larger size. A plan that reads a big table whole
 * is a WARNING and fails the run.
 */
export async function printScale(options: ScaleOptions & { quick: boolean }): Promise<void> {
  const label = `${short(options.large)} ÷ ${short(options.small)} accounts${options.quick ? ' (--quick pair; full mode: 1M ÷ 100k)' : ''}`;
  console.log(`\n== Scale: invoice list and statement at ${short(options.small)} and ${short(options.large)} accounts × ${options.perAccount} invoices ==`);
  const r = await benchScale({ ...options, seconds: options.quick ? 2 : 4, warmupSeconds: options.quick ? 1 : 2, rounds: options.quick ? 3 : 5 });
  for (const fill of [r.small, r.large]) {
    const how = fill.reused ? `reused a finished fill of ${fill.filledAt} (took ${fill.seconds} s; account count and row estimates checked)` : `filled now in ${fill.seconds} s`;
    console.log(`  ${fill.database}: ${f1(fill.invoices)} invoices, ${f1(fill.payments)} payments, ${f1(fill.movements)} movements; ${how}`);
  }
  for (const p of r.pages) {
    const show = (x: typeof p.small) => `${f1(x.requestsPerSecond).padStart(7)} req/s (p99 ${x.latencyP99} ms${x.non2xx || x.errors ? `, non-2xx ${x.non2xx} errors ${x.errors}` : ''})`;
    console.log(`  GET ${p.path.padEnd(20)} ${short(options.small)}: ${show(p.small)}   ${short(options.large)}: ${show(p.large)}   ratio ${p.ratio.toFixed(2)}`);
    console.log(`  ${''.padEnd(24)} per CPU second of node + PostgreSQL: ${f1(p.perCpuSecond.small)} and ${f1(p.perCpuSecond.large)}   ratio ${p.cpuRatio.toFixed(2)}`);
    const page = p.name === 'list' ? 'invoice list' : 'statement';
    reportGoal({ name: `${page} req/s at ${label}`, measured: p.ratio, goal: 0.9, atLeast: true });
    reportGoal({ name: `${page} req per CPU second (node + PostgreSQL) at ${label}`, measured: p.cpuRatio, goal: 0.9, atLeast: true });
  }
  console.log(`\n  Plans of the signed-in customer's queries at ${short(options.large)} accounts (EXPLAIN (ANALYZE, BUFFERS), one warm request each):`);
  const offending: string[] = [];
  for (const { page, plans } of r.plans) {
    console.log(`\n  -- GET ${page}: ${plans.length} queries`);
    // A signed-in page reads at least its session: none captured means the capture missed them.
    if (!plans.length) offending.push(`GET ${page}: no query captured, so no plan was checked`);
    for (const [i, q] of plans.entries()) {
      console.log(`\n  [${i + 1}] ${q.text.replace(/\s+/g, ' ').trim()}${q.values.length ? `\n      values ${JSON.stringify(q.values)}` : ''}`);
      console.log(q.plan.replace(/^/gm, '      '));
      if (q.seqScans.length) offending.push(`Seq Scan on a big table: GET ${page} query ${i + 1} reads ${q.seqScans.join(', ')} whole`);
    }
  }
  if (offending.length) {
    for (const o of offending) console.log(`WARNING: ${o}`);
    process.exitCode = 1;
  } else {
    console.log(`\n  no customer query reads a table of more than ${BIG_TABLE_ROWS.toLocaleString('en-US')} rows whole`);
  }
}
