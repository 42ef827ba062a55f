// `node bench/api/round-trips.ts`: the SQL statements one `PUT /api/v1/invoices/{id}` of a new
// invoice sends, and those of a batch of 1,000, logged in order, on the PostgreSQL server of DATABASE_URL (or the embedded one).
// Round trips, not CPU, bound the PUT on a server: this shows where they go.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortal } from '../../core/portal.ts';
import { createApiKey } from '../../core/api/api-keys.ts';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { benchConfig } from '../portal-config.ts';
import { HOST, TENANT, writeBenchTenant } from './bench-tenant.ts';

const db = await throwawayDatabase();
const work = mkdtempSync(join(tmpdir(), 'portal-round-trips-'));
writeBenchTenant(join(work, 'tenants'));
const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: db?.url }), { embeddedInMemory: true });
try {
  const em = portal.db.forTenant(TENANT);
  await em.getConnection().execute(`INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number) VALUES (?, 'U-1', 'Cliente 1', 'DNI', '20000001')`, [TENANT]);
  const { key } = await createApiKey(em, TENANT, { name: 'bench', scopes: ['invoices:write'], createdBy: 'bench' });
  const body = (n: number) => ({
    accountNumber: 'U-1', typeCode: 6, number: `00009-${String(n).padStart(8, '0')}`, issueDate: '2025-03-10', period: '2025-03', dueDate: '2025-03-20',
    netAmount: '10000.00', vatAmount: '2100.00', total: '12100.00', authorization: { code: '75012345678901', dueDate: '2025-03-20' },
    lines: [{ description: 'Abono mensual', unitPrice: '10000.00', amount: '10000.00', vatRate: '21.00' }],
  });
  const put = (n: number) => portal.app.inject({ method: 'PUT', url: `/api/v1/invoices/R-${n}`, headers: { host: HOST, authorization: `Bearer ${key}` }, payload: body(n) });
  await put(0); // the first call also touches the key's last_used_at, once a minute
  const statements: string[] = [];
  const proto = Object.getPrototypeOf(em.getConnection()) as { execute(...args: unknown[]): unknown };
  const original = proto.execute;
  proto.execute = function (this: unknown, ...args: unknown[]) {
    statements.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 110));
    return original.apply(this, args);
  };
  const res = await put(1);
  await new Promise((r) => setTimeout(r, 200)); // the audit row is written after the response
  proto.execute = original;
  console.log(`PUT new invoice: ${res.statusCode}, ${statements.length} statements through the ORM connection (BEGIN/COMMIT not included):`);
  for (const s of statements) console.log(`  ${s}`);

  // A batch of 1,000 new invoices: the statement count must not grow with the items.
  statements.length = 0;
  proto.execute = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const at = statements.push('') - 1;
    const text = String(args[0]).replace(/\s+/g, ' ').slice(0, 100);
    return (original.apply(this, args) as Promise<unknown>).finally(() => (statements[at] = `${(performance.now() - started).toFixed(1).padStart(7)} ms  ${text}`));
  };
  const before = performance.now();
  const invoices = Array.from({ length: 1000 }, (_, i) => ({ externalId: `RB-${i}`, ...body(1000 + i) }));
  const batch = await portal.app.inject({ method: 'POST', url: '/api/v1/invoices:batch', headers: { host: HOST, authorization: `Bearer ${key}` }, payload: { invoices } });
  const took = performance.now() - before;
  await new Promise((r) => setTimeout(r, 200));
  proto.execute = original;
  console.log(`\nPOST invoices:batch of 1,000 new: ${batch.statusCode} in ${took.toFixed(0)} ms (one run, a shared machine), ${statements.length} statements:`);
  for (const s of statements) console.log(`  ${s}`);
} finally {
  await portal.close();
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
}
