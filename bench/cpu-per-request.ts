// `node bench/cpu-per-request.ts [<postgres url>] [<path>]`: CPU time of the portal's main thread
// per request of one anonymous page under autocannon (20,000 requests, three rounds), and the part
// of it spent rendering templates. Thread CPU time moves far less with the machine's load than
// requests/s do, so two trees can be compared on a busy machine by running this in each in turn.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createPortal } from '../core/portal.ts';
import { ViewEngine } from '../core/views/view-engine.ts';
import { benchConfig } from './portal-config.ts';
import { writeTenants } from './tenants.ts';

const REQUESTS = 20_000;
let renderNs = 0n;
let renders = 0;
const render = ViewEngine.prototype.render;
ViewEngine.prototype.render = function (...args: Parameters<typeof render>) {
  const started = process.hrtime.bigint();
  try {
    return render.apply(this, args);
  } finally {
    renderNs += process.hrtime.bigint() - started;
    renders++;
  }
};

const work = mkdtempSync(join(tmpdir(), 'portal-cpu-'));
const [tenant] = writeTenants(join(work, 'tenants'), 1);
const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: process.argv[2] || undefined }), {
  embeddedInMemory: true,
});
await portal.app.listen({ host: '127.0.0.1', port: 0 });
const url = `http://127.0.0.1:${(portal.app.server.address() as AddressInfo).port}${process.argv[3] ?? '/login'}`;
for (let round = 1; round <= 3; round++) {
  renderNs = 0n;
  renders = 0;
  const before = process.threadCpuUsage();
  await new Promise<void>((done) =>
    spawn('npx', ['autocannon', '-a', String(REQUESTS), '-c', '10', '-H', `host=${tenant.host}`, url], { stdio: 'ignore' }).on('exit', () => done()),
  );
  const cpu = process.threadCpuUsage(before);
  console.log(
    `round ${round}: ${((cpu.user + cpu.system) / REQUESTS).toFixed(1)} µs CPU per request, ` +
      `${(Number(renderNs) / 1000 / REQUESTS).toFixed(1)} µs of it in ${renders.toLocaleString('en-US')} template renders`,
  );
}
await portal.close();
