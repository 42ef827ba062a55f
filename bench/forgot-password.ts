// `node bench/forgot-password.ts [pairs]`: answer times of "I forgot my password" for an identifier
// that names a customer and one that does not, in alternating pairs, in production mode. The two
// medians must match: a gap tells a stranger which identifiers exist.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../core/config/load-config.ts';
import { createPortal } from '../core/portal.ts';
import { benchConfig } from './portal-config.ts';
import { browser, createCustomer, HOSTS } from '../test/support/fixtures.ts';
import { throwawayDatabase } from '../test/support/throwaway-database.ts';
import { fmt, median } from './table.ts';

const pairs = Number(process.argv[2] ?? 30);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-forgot-'));
const db = process.env.DATABASE_URL ? await throwawayDatabase() : undefined;
const config = await benchConfig({ tenantsDir: join(REPO_ROOT, 'test/fixtures/tenants'), dataDir, databaseUrl: db?.url });
// The fixture tenants enable the test plugins too.
config.pluginPaths.push(join(REPO_ROOT, 'test/fixtures/plugins'));
const portal = await createPortal(config, { embeddedInMemory: true });
await portal.app.ready();

async function timeOne(identifier: string): Promise<number> {
  // Each ask on its own address and identifier: no throttle answers early.
  const c = browser(portal, HOSTS.alpha);
  await c.get('/password/forgot');
  const start = performance.now();
  const res = await c.post('/password/forgot', { identifier });
  const ms = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`unexpected ${res.statusCode}`);
  // What the request left for after its answer must not slow the next one measured.
  await portal.services.afterReply.settled();
  return ms;
}

try {
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 3; i++) await timeOne(`calentamiento-${i}@example.com`);
  for (let i = 0; i < pairs; i++) {
    const { email } = await createCustomer(portal, 'alpha');
    // Alternate which goes first so drift in the machine's load falls on both sides.
    if (i % 2) {
      known.push(await timeOne(email!));
      unknown.push(await timeOne(`nadie-${i}@example.com`));
    } else {
      unknown.push(await timeOne(`nadie-${i}@example.com`));
      known.push(await timeOne(email!));
    }
  }
  const diffs = known.map((k, i) => k - unknown[i]);
  console.log(`${pairs} pairs on ${db ? 'PostgreSQL server' : 'embedded PostgreSQL'}: median known ${fmt.ms(median(known))} ms, unknown ${fmt.ms(median(unknown))} ms, median difference per pair ${fmt.ms(median(diffs))} ms`);
} finally {
  await portal.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
