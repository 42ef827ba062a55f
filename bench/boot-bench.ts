// Boot time and memory by number of tenants (issue 17: 1,000 tenants boot in 5 s or less, and each
// tenant costs 0.1 MB or less). A boot is what a restart of an installed portal does: a fresh
// process, the embedded database already in its data folder, to the first page served. The first
// start of an install (initdb and every migration) happens once in its life and is shown apart.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BootReport } from './boot-child.ts';
import { firstJsonLine } from './child-bench.ts';
import { writeTenants } from './tenants.ts';
import { fmt, median, table, type Goal } from './table.ts';

export const BOOT_GOAL_SECONDS = 5;
export const MB_PER_TENANT_GOAL = 0.1;

export async function bootBench(plan: { bootRuns: number; sizes: number[] }): Promise<(Goal & { unit?: string })[]> {
  console.log(`\n== Boot: fresh process to first response, embedded database in its data folder, ${plan.bootRuns} run(s) per size, medians ==`);
  const work = mkdtempSync(join(tmpdir(), 'portal-bench-boot-'));
  try {
    const install = join(work, 'install');
    const [first] = writeTenants(join(work, 'first'), 1);
    const firstStart = await bootOnce(join(work, 'first'), first.host, install);
    console.log(`  first start of an install (initdb and every migration, once in its life): ${fmt.ms(firstStart.totalMs)} ms, ${fmt.mb(firstStart.rss)} MB`);
    const rows: (string | number)[][] = [];
    const bySize = new Map<number, { totalMs: number; rss: number }>();
    for (const size of plan.sizes) {
      const tenantsDir = join(work, `tenants-${size}`);
      const dataDir = join(work, `data-${size}`);
      const [one] = writeTenants(tenantsDir, size);
      cpSync(install, dataDir, { recursive: true });
      // Unreported: the first start with these tenants records who serves each hostname, and
      // the first process after a while pays for cold file caches.
      await bootOnce(tenantsDir, one.host, dataDir, size);
      const runs: BootReport[] = [];
      for (let i = 0; i < plan.bootRuns; i++) runs.push(await bootOnce(tenantsDir, one.host, dataDir, size));
      const m = (pick: (r: BootReport) => number) => median(runs.map(pick));
      bySize.set(size, { totalMs: m((r) => r.totalMs), rss: m((r) => r.rss) });
      console.log(`  ${size} tenant(s): ${fmt.ms(m((r) => r.totalMs))} ms, ${fmt.mb(m((r) => r.rss))} MB`);
      rows.push([
        fmt.int(size),
        fmt.ms(m((r) => r.totalMs)),
        fmt.ms(m((r) => r.cpuMs)),
        fmt.ms(m((r) => r.startMs)),
        fmt.ms(m((r) => r.importMs)),
        fmt.ms(m((r) => r.createMs)),
        fmt.ms(m((r) => r.readyMs)),
        fmt.ms(m((r) => r.firstRequestMs)),
        fmt.mb(m((r) => r.rssAfterImport)),
        fmt.mb(m((r) => r.rss)),
        fmt.mb(m((r) => r.heapUsed)),
      ]);
    }
    console.log();
    console.log(
      table(['tenants', 'boot ms', 'CPU ms', 'node ms', 'import ms', 'createPortal ms', 'ready ms', '1st request ms', 'RSS import MB', 'RSS MB', 'heap MB'], rows),
    );
    console.log('boot ms: process start to first response; CPU ms: the CPU time it took (all threads), what a busy machine changes least.');
    console.log('createPortal includes opening the embedded database and checking its migrations.');
    console.log('RSS import: after loading the modules, before createPortal; RSS: after the first response. One boot in a few');
    console.log('shows 300–450 MB more RSS with the same JS heap (native memory of the moment, e.g. WASM code being optimised): medians.');
    return bootGoals(bySize);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Boot time at the largest size, and the memory each tenant adds from the smallest size to the largest. */
function bootGoals(bySize: Map<number, { totalMs: number; rss: number }>): (Goal & { unit?: string })[] {
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const goals: (Goal & { unit?: string })[] = [
    { name: `boot, ${fmt.int(large)} tenants`, measured: bySize.get(large)!.totalMs / 1000, goal: BOOT_GOAL_SECONDS, atLeast: false, unit: 's' },
  ];
  if (large > small) {
    const perTenant = (bySize.get(large)!.rss - bySize.get(small)!.rss) / (large - small) / 1024 / 1024;
    goals.push({ name: `RSS per tenant added, ${fmt.int(small)} → ${fmt.int(large)} tenants`, measured: perTenant, goal: MB_PER_TENANT_GOAL, atLeast: false, unit: 'MB' });
  }
  return goals;
}

async function bootOnce(tenantsDir: string, host: string, dataDir: string, tenants = 1): Promise<BootReport> {
  const child = spawn(process.execPath, [new URL('./boot-child.ts', import.meta.url).pathname, tenantsDir, host, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const report = await firstJsonLine<BootReport>(child.stdout, exited, 120_000, 'boot-child');
  const code = await exited;
  if (code !== 0) throw new Error(`boot-child exited with ${code}`);
  if (report.status !== 200 || report.tenants !== tenants || report.broken !== 0) {
    throw new Error(`boot with ${tenants} tenants: status ${report.status}, ${report.tenants} loaded, ${report.broken} broken`);
  }
  return report;
}
