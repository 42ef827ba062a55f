// Signed-in pages against the hand-written baseline (issue 17): /dashboard, /invoices,
// /invoices/statement and /payments on the PostgreSQL server (DATABASE_URL, or the local one),
// then /dashboard on the embedded database. `node bench/signed-in/run.ts [--quick]`, or
// `npm run bench -- --only signed`.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon, { type Result } from 'autocannon';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { reportGoal } from '../goals.ts';
import { fmt, median, table } from '../table.ts';
import { PAGES, type ServeSignedInInfo } from './pages.ts';

const RATIO_GOAL = 0.85;
const P99_GOAL_MS = 30;
const EMBEDDED_GOAL = 0.5;

export async function signedInBench(quick: boolean): Promise<void> {
  const plan = quick
    ? { accounts: 2_000, connections: 10, warmupSeconds: 1, seconds: 4, rounds: 2 }
    : { accounts: 10_000, connections: 10, warmupSeconds: 2, seconds: 8, rounds: 4 };
  console.log(`\n== Signed-in pages: ${fmt.int(plan.accounts)} accounts × 24 invoices, ${plan.connections} connections, pages and baseline taking turns ==`);
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  const db = await throwawayDatabase();
  let serverDashboard = 0;
  if (db) {
    try {
      const rows = await measure('server', plan, db.url, PAGES);
      serverDashboard = rows[0].portal.rps;
      for (const r of rows) {
        reportGoal({ name: `GET ${r.path} ÷ baseline req/s (server)`, measured: r.ratio, goal: RATIO_GOAL, atLeast: true });
        reportGoal({ name: `GET ${r.path} p99 at half its max load (server)`, measured: r.portal.p99Half, goal: P99_GOAL_MS, atLeast: false, unit: 'ms' });
      }
    } finally {
      await db.drop();
    }
  }
  const [embedded] = await measure('embedded', plan, '', ['/dashboard']);
  if (serverDashboard) {
    reportGoal({ name: 'GET /dashboard embedded ÷ server req/s', measured: embedded.portal.rps / serverDashboard, goal: EMBEDDED_GOAL, atLeast: true });
  }
}

interface Side {
  rps: number;
  p99: number;
  p99Half: number;
  failed: number;
}

async function measure(where: string, plan: { accounts: number; connections: number; warmupSeconds: number; seconds: number; rounds: number }, url: string, paths: readonly string[]) {
  console.log(`  ${where}: filling the tenant and starting…`);
  const options = { databaseUrl: url || undefined, accounts: plan.accounts, perAccount: 24, poolSize: 10 };
  const child = spawn(process.execPath, [new URL('./serve.ts', import.meta.url).pathname, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const info = await firstLine(child.stdout, exited);
    const pages = info.pages.filter((p) => paths.includes(p.path));
    const targets = pages.flatMap((p) => [
      { page: p, side: 'portal' as const, url: `http://127.0.0.1:${info.portalPort}${p.path}` },
      { page: p, side: 'raw' as const, url: `http://127.0.0.1:${info.rawPort}${p.path}` },
    ]);
    const headers = { host: info.host, cookie: info.cookie };
    const hit = (url: string, duration: number, overallRate?: number) => autocannon({ url, headers, connections: plan.connections, duration, ...(overallRate ? { overallRate } : {}) });
    for (const t of targets) await hit(t.url, plan.warmupSeconds);
    const perRound = Math.max(1, Math.round(plan.seconds / plan.rounds));
    const rounds = new Map(targets.map((t) => [t, [] as Result[]]));
    for (let round = 0; round < plan.rounds; round++) for (const t of targets) rounds.get(t)!.push(await hit(t.url, perRound));
    // Latency where a node would run: at half the rate it can take, not flooded.
    const half = new Map<(typeof targets)[number], Result>();
    for (const t of targets) {
      const rs = rounds.get(t)!;
      const max = rs.reduce((a, r) => a + r.requests.average, 0) / rs.length;
      half.set(t, await hit(t.url, Math.max(2, perRound), Math.max(1, Math.round(max / 2))));
    }
    const side = (t: (typeof targets)[number]): Side => {
      const rs = rounds.get(t)!;
      return {
        rps: rs.reduce((a, r) => a + r.requests.average, 0) / rs.length,
        p99: median(rs.map((r) => r.latency.p99)),
        p99Half: half.get(t)!.latency.p99,
        failed: [...rs, half.get(t)!].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      };
    };
    const rows = pages.map((p) => {
      const [pt, rt] = targets.filter((t) => t.page === p);
      const portal = side(pt);
      const raw = side(rt);
      const ratios = rounds.get(pt)!.map((r, i) => r.requests.average / rounds.get(rt)![i].requests.average);
      return { path: p.path, page: p, portal, raw, ratio: portal.failed || raw.failed ? 0 : median(ratios) };
    });
    console.log();
    console.log(
      table(
        ['page', 'side', 'KiB', 'queries/req', 'req/s', 'p99 ms (max load)', 'p99 ms (half load)', 'errors', 'portal ÷ baseline'],
        rows.flatMap((r) => [
          [`GET ${r.path} (${where})`, 'portal', fmt.kb(r.page.bytes.portal), fmt.ratio(r.page.queries.portal), fmt.int(r.portal.rps), fmt.ms(r.portal.p99), fmt.ms(r.portal.p99Half), r.portal.failed, fmt.ratio(r.ratio)],
          ['', 'baseline', fmt.kb(r.page.bytes.raw), fmt.ratio(r.page.queries.raw), fmt.int(r.raw.rps), fmt.ms(r.raw.p99), fmt.ms(r.raw.p99Half), r.raw.failed, ''],
        ]),
      ),
    );
    console.log(`portal ÷ baseline: median over ${plan.rounds} round(s) of ${perRound} s; half load: autocannon overallRate at half the side's measured req/s.`);
    if (rows.some((r) => r.portal.failed || r.raw.failed)) process.exitCode = 1;
    return rows;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The child prints one JSON line once the tenant is filled and both servers listen. */
async function firstLine(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<ServeSignedInInfo> {
  const lines = createInterface({ input: stdout });
  const line = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`signed-in serve exited with ${code} before it was ready`))),
  ]);
  lines.close();
  return JSON.parse(line) as ServeSignedInInfo;
}

if (import.meta.url === `file://${process.argv[1]}`) await signedInBench(process.argv.includes('--quick'));
