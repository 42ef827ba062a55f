// Spawned by boot-bench.ts, one cold boot per process: argv[2] is the tenants folder, argv[3] a
// hostname to ask for, argv[4] the install's data folder (its embedded database), as `portal start`
// finds it when restarted.
import { enableCompileCache } from 'node:module';
import { performance } from 'node:perf_hooks';

export interface BootReport {
  tenants: number;
  broken: number;
  /** performance.now() counts from process start, so this is Node's own start-up. */
  startMs: number;
  importMs: number;
  createMs: number;
  readyMs: number;
  firstRequestMs: number;
  totalMs: number;
  /** CPU time (user + system, all threads) to the first response: on a busy machine, steadier than totalMs. */
  cpuMs: number;
  status: number;
  /** Before createPortal: what Node and the framework's modules take without tenants or database. */
  rssAfterImport: number;
  rss: number;
  heapUsed: number;
}

const startMs = performance.now();
const [tenantsDir, host, dataDir] = process.argv.slice(2);
if (!tenantsDir || !host || !dataDir) throw new Error('usage: boot-child.ts <tenants dir> <hostname> <data dir>');

// As core/cli/portal.ts does before loading the portal, so a boot here is a `portal start`'s.
enableCompileCache();
// Imported here, not at the top, so loading the framework's modules is timed on its own.
let mark = performance.now();
const { createPortal } = await import('../core/portal.ts');
const { benchConfig } = await import('./portal-config.ts');
const importMs = performance.now() - mark;
const rssAfterImport = process.memoryUsage().rss;

mark = performance.now();
const portal = await createPortal(await benchConfig({ tenantsDir, dataDir }));
const createMs = performance.now() - mark;

mark = performance.now();
await portal.app.ready();
const readyMs = performance.now() - mark;

mark = performance.now();
const res = await portal.app.inject({ method: 'GET', url: '/login', headers: { host } });
const firstRequestMs = performance.now() - mark;
const totalMs = performance.now();
const cpu = process.cpuUsage();
const memory = process.memoryUsage();

const report: BootReport = {
  tenants: portal.tenants.tenants.size,
  broken: portal.tenants.broken.size,
  startMs,
  importMs,
  createMs,
  readyMs,
  firstRequestMs,
  totalMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  status: res.statusCode,
  rssAfterImport,
  rss: memory.rss,
  heapUsed: memory.heapUsed,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await portal.close();
