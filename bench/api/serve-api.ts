// Spawned by upsert-throughput.ts: serves the portal in its own process, so the load generator
// does not share its event loop. argv[2]: a PostgreSQL URL, or nothing for the embedded database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPortal } from '../../core/portal.ts';
import { createApiKey } from '../../core/api/api-keys.ts';
import { benchConfig } from '../portal-config.ts';
import { HOST, TENANT, writeBenchTenant } from './bench-tenant.ts';
import { fillTenant } from '../signed-in/bulk-data.ts';

export interface ApiServeInfo {
  port: number;
  host: string;
  key: string;
  accounts: number;
}

export const ACCOUNTS = 1000;

const work = mkdtempSync(join(tmpdir(), 'portal-bench-api-'));
writeBenchTenant(join(work, 'tenants'));
const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: process.argv[2] || undefined }), { embeddedInMemory: true });

async function shutdown(code: number): Promise<never> {
  await portal.close().catch(() => {});
  rmSync(work, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown(0));
process.stdin.on('end', () => void shutdown(0));
process.stdin.resume();

try {
  const em = portal.db.forTenant(TENANT);
  await em.getConnection().execute(
    `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
     SELECT ?, 'U-' || g, 'Cliente ' || g, 'DNI', (20000000 + g)::text FROM generate_series(1, ?) g`,
    [TENANT, ACCOUNTS],
  );
  // A provider sending this month's invoices has earlier months stored, and the planner has seen
  // them (fillTenant ends with ANALYZE): a database created a second ago, whose tables have no
  // statistics yet, gets plans no running install gets, and those were most of the server's work
  // per call. Point of sale 9 is left to the calls.
  await fillTenant(em, TENANT, ACCOUNTS, 12, { pointOfSale: 1 });
  // The limit is the bench's to find, not the rate limiter's.
  const { key } = await createApiKey(em, TENANT, { name: 'bench', scopes: ['invoices:write'], rateLimit: 1_000_000, createdBy: 'bench' });
  await portal.app.listen({ host: '127.0.0.1', port: 0 });
  const info: ApiServeInfo = { port: (portal.app.server.address() as AddressInfo).port, host: HOST, key, accounts: ACCOUNTS };
  process.stdout.write(`${JSON.stringify(info)}\n`);
} catch (err) {
  console.error(err);
  await shutdown(1);
}
