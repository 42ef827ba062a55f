// Spawned by run.ts, one cold boot per process: argv[2] is the tenants folder, argv[3] a hostname to ask for.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  status: number;
  /** Before createPortal: what Node and the framework's modules take without tenants or database. */
  rssAfterImport: number;
  rss: number;
  heapUsed: number;
}

const startMs = performance.now();
const [tenantsDir, host] = process.argv.slice(2);
if (!tenantsDir || !host) throw new Error('usage: boot-child.ts <tenants dir> <hostname>');

// Imported here, not at the top, so loading the framework's modules is timed on its own.
let mark = performance.now();
const { createPortal } = await import('../core/portal.ts');
const { benchConfig } = await import('./portal-config.ts');
const importMs = performance.now() - mark;
const rssAfterImport = process.memoryUsage().rss;

const dataDir = mkdtempSync(join(tmpdir(), 'portal-bench-boot-'));
mark = performance.now();
const portal = await createPortal(await benchConfig({ tenantsDir, dataDir }), { embeddedInMemory: true });
const createMs = performance.now() - mark;

mark = performance.now();
await portal.app.ready();
const readyMs = performance.now() - mark;

mark = performance.now();
const res = await portal.app.inject({ method: 'GET', url: '/login', headers: { host } });
const firstRequestMs = performance.now() - mark;
const totalMs = performance.now();
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
  status: res.statusCode,
  rssAfterImport,
  rss: memory.rss,
  heapUsed: memory.heapUsed,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await portal.close();
rmSync(dataDir, { recursive: true, force: true });
