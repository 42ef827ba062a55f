// `npm run bench [-- --quick]`: page throughput against a raw fastify baseline, on the embedded
// database and on the PostgreSQL server (DATABASE_URL, or the local one), then boot time and
// memory by number of tenants on the embedded database, then each plugin's own `bench/run.ts`,
// then the provider API's (bench/api/run.ts) and the signed-in pages' (bench/signed-in/run.ts).
// `--only <part>` runs one part: throughput, anonymous (the raw baseline and the anonymous pages
// only, on both databases), boot, plugins, api, signed or search (the staff customer search over a
// million customers, bench/staff-search/run.ts) or ci (`.ci/run` on a clean clone of the commit,
// timed: bench/ci-suite/run.ts; last, as it takes minutes and both cores). Every goal of the run,
// measured here or reported by a child bench (bench/goals.ts), ends in one table.
import { spawn } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import type { ServeInfo } from './serve-child.ts';
import { bootBench } from './boot-bench.ts';
import { firstJsonLine, runChildBench } from './child-bench.ts';
import { goalsTable } from './goals.ts';
import { fmt, median, table, type Goal } from './table.ts';
import { throwawayDatabase } from '../test/support/throwaway-database.ts';

const quick = process.argv.includes('--quick');
const PARTS = ['throughput', 'anonymous', 'boot', 'plugins', 'api', 'signed', 'search', 'ci'] as const;
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) {
  console.error(`--only takes one of: ${PARTS.join(', ')} (got ${only ?? 'nothing'})`);
  process.exit(2);
}
const runs = (part: (typeof PARTS)[number]) => !only || only === part || (part === 'throughput' && only === 'anonymous');
/** Anonymous pages (issue 17): requests/s of each over the raw baseline's, measured in the same run. */
const ANONYMOUS_GOAL = 0.6;
const goals: (Goal & { unit?: string })[] = [];
const plan = quick
  ? { connections: 10, warmupSeconds: 1, seconds: 4, rounds: 2, bootRuns: 3, sizes: [1, 100, 1000] }
  : { connections: 10, warmupSeconds: 2, seconds: 8, rounds: 4, bootRuns: 3, sizes: [1, 100, 1000] };
const started = performance.now();

console.log(`portal benchmark${quick ? ' (--quick)' : ''}`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt.mb(totalmem())} MB RAM`);
console.log('load generator and servers share this machine: the figures compare with each other, not with production hardware.');
const [load] = loadavg();
console.log(`load average before starting: ${load.toFixed(2)}`);
// Other work on a 2-core box halves every figure here and makes boot times swing by seconds.
if (load > cpus().length / 2) console.log(`WARNING: the machine is busy (load ${load.toFixed(1)} on ${cpus().length} cores): expect low and noisy figures.`);
console.log();

if (runs('throughput')) {
  await throughput('embedded PostgreSQL (PGlite, in process)', 'embedded');
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  const server = await throwawayDatabase().catch((err: Error) => {
    console.log(`\n(no PostgreSQL server run: ${err.message})`);
    return undefined;
  });
  if (server) {
    try {
      await throughput('PostgreSQL server', 'server', server.url);
    } finally {
      await server.drop();
    }
  }
}
if (runs('boot')) goals.push(...(await bootBench(plan)));
if (runs('plugins')) await pluginBenches();
if (runs('api')) await childBench('Provider API', 'bench/api/run.ts');
if (runs('signed')) await childBench('Signed-in pages', 'bench/signed-in/run.ts');
if (runs('search')) await childBench('Staff customer search', 'bench/staff-search/run.ts');
if (runs('ci')) await childBench('The test suite as CI runs it', 'bench/ci-suite/run.ts');
if (goals.length) {
  console.log('\n== Goals ==');
  console.log(goalsTable(goals));
}
console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s`);

async function throughput(database: string, short: string, databaseUrl = ''): Promise<void> {
  console.log(`== Throughput on ${database}: ${plan.connections} connections, ${plan.warmupSeconds} s warm-up + ${plan.seconds} s measured per page ==`);
  console.log('  measuring…');
  const child = spawn(process.execPath, [new URL('./serve-child.ts', import.meta.url).pathname, databaseUrl], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const info = await firstJsonLine<ServeInfo>(child.stdout, exited, 120_000, 'serve-child');
    const all: { name: string; url: string; headers: Record<string, string>; bytes: number; goal?: string }[] = [
      { name: 'raw fastify + handlebars', url: `http://127.0.0.1:${info.rawPort}/page`, headers: {}, bytes: info.bytes.raw },
      // No cookie, as a first visit: the visitor's CSRF secret is minted and set on every request.
      { name: 'portal GET /login (anonymous)', url: `http://127.0.0.1:${info.portalPort}/login`, headers: { host: info.host }, bytes: info.bytes.login, goal: 'anonymous /login' },
      { name: 'portal GET /faq (anonymous)', url: `http://127.0.0.1:${info.portalPort}/faq`, headers: { host: info.host }, bytes: info.bytes.faq, goal: 'anonymous /faq' },
      {
        name: 'portal GET /dashboard (signed in)',
        url: `http://127.0.0.1:${info.portalPort}/dashboard`,
        headers: { host: info.host, cookie: info.cookie },
        bytes: info.bytes.dashboard,
      },
    ];
    const targets = only === 'anonymous' ? all.filter((t, i) => i === 0 || t.goal) : all;
    // Pages take turns in short rounds, so a burst of other work on the machine falls on all of
    // them alike; each ratio is the median of the rounds' ratios to the raw page.
    const perRound = Math.max(1, Math.round(plan.seconds / plan.rounds));
    const results = targets.map((t) => ({ ...t, rounds: [] as Result[], times: [] as number[] }));
    for (const row of results) await autocannon({ url: row.url, headers: row.headers, connections: plan.connections, duration: plan.warmupSeconds });
    for (let round = 0; round < plan.rounds; round++) {
      for (const row of results) {
        const r = await autocannon({ url: row.url, headers: row.headers, connections: plan.connections, duration: perRound }).on(
          'response',
          (_client, status, _bytes, ms) => {
            if (status >= 200 && status < 300) row.times.push(ms);
          },
        );
        row.rounds.push(r);
      }
    }
    const raw = results[0];
    const summary = results.map((row) => {
      row.times.sort((a, b) => a - b);
      const failed = row.rounds.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
      const rps = row.rounds.map((r) => r.requests.average);
      return {
        row,
        reqPerSec: rps.reduce((a, b) => a + b, 0) / rps.length,
        // Error answers are not page renders: they count as nothing served.
        ratio: failed ? 0 : median(rps.map((v, i) => v / raw.rounds[i].requests.average)),
        non2xx: row.rounds.reduce((n, r) => n + r.non2xx, 0),
        errors: row.rounds.reduce((n, r) => n + r.errors + r.timeouts, 0),
        latency: { p50: percentile(row.times, 0.5), p99: percentile(row.times, 0.99) },
      };
    });
    const rawLatency = summary[0].latency;
    for (const s of summary) console.log(`  ${s.row.name}: ${fmt.int(s.reqPerSec)} req/s`);
    console.log();
    console.log(
      table(
        ['page', 'KiB', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'req/s ÷ raw', 'p99 ÷ raw'],
        summary.map((s) => [
          s.row.name,
          fmt.kb(s.row.bytes),
          fmt.int(s.reqPerSec),
          fmt.ms(s.latency.p50),
          fmt.ms(s.latency.p99),
          s.non2xx,
          s.errors,
          s.row === raw ? '-' : fmt.ratio(s.ratio),
          s.row === raw ? '-' : fmt.ratio(s.latency.p99 / rawLatency.p99),
        ]),
      ),
    );
    console.log(`req/s ÷ raw: median over ${plan.rounds} round(s) of ${perRound} s, the pages taking turns.`);
    for (const s of summary) {
      if (s.row.goal) goals.push({ name: `${s.row.goal} ÷ raw req/s (${short})`, measured: s.ratio, goal: ANONYMOUS_GOAL, atLeast: true });
    }
    const bad = summary.filter((s) => s.non2xx > 0 || s.errors > 0);
    if (bad.length) {
      console.log(`\nWARNING: ${bad.map((b) => b.row.name).join(', ')} answered errors or non-2xx: those figures are not page renders.`);
      process.exitCode = 1;
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * Each plugin may ship `bench/run.ts` with its own figures (invoice list on 100k accounts, PDFs/s…);
 * core runs them in turn, by convention, without knowing the plugins.
 */
async function pluginBenches(): Promise<void> {
  const pluginsDir = new URL('../plugins/', import.meta.url).pathname;
  for (const name of readdirSync(pluginsDir).sort()) {
    if (existsSync(join(pluginsDir, name, 'bench', 'run.ts'))) await childBench(`Plugin ${name}`, `plugins/${name}/bench/run.ts`);
  }
}

/** A bench in its own process (a path from the repository's root); the goals it reports join the run's table. */
async function childBench(title: string, script: string): Promise<void> {
  const path = new URL(`../${script}`, import.meta.url).pathname;
  console.log(`\n== ${title} (${script}) ==`);
  if (!existsSync(path)) {
    console.log(`(not here: ${script})`);
    return;
  }
  const child = await runChildBench(path, quick ? ['--quick'] : []);
  goals.push(...child.goals);
  if (child.code !== 0) {
    console.log(`WARNING: ${script} exited with ${child.code}`);
    process.exitCode = 1;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN;
}
