// `node bench/api/round-trips.ts`: the messages one `PUT /api/v1/invoices/{id}` of a new invoice
// sends to the database, those of ten at once, and those of a batch of 1,000, in order, on the PostgreSQL server of
// DATABASE_URL (or the embedded one). Round trips, not CPU, bound the PUT on a server: each is a wait
// for the database, and each commit that waits for the disk a longer one. Counted at the `pg` client,
// so BEGIN and COMMIT show as they really go out.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPortal } from '../../core/portal.ts';
import { createApiKey } from '../../core/api/api-keys.ts';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { benchConfig } from '../portal-config.ts';
import { HOST, TENANT, writeBenchTenant } from './bench-tenant.ts';

const listeners = new Set<(text: string, ms: number) => void>();
const pg = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/postgresql'))('pg') as typeof import('pg');
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const started = performance.now();
  const text = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '').replace(/\s+/g, ' ').trim();
  const result = query.apply(this, args);
  if (result instanceof Promise) void result.finally(() => listeners.forEach((l) => l(text, performance.now() - started))).catch(() => {});
  return result;
};
/**
 * Which of the messages (in order, one call at a time) commit and wait for the disk: a COMMIT, or
 * a write outside a transaction, unless it turned synchronous commit off for itself.
 */
function diskWaits(texts: string[]): boolean[] {
  let inTransaction = false;
  return texts.map((text) => {
    if (/^(begin|start transaction)/i.test(text)) inTransaction = true;
    const ends = /(^|; )(commit|rollback)$/i.test(text);
    const writes = /^(insert|update|delete|with [\s\S]*\b(insert|update|delete)\b)/i.test(text);
    const waits = !/synchronous_commit', 'off'/.test(text) && (/(^|; )commit$/i.test(text) || (writes && !inTransaction));
    if (ends) inTransaction = false;
    return waits;
  });
}

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
  await new Promise((r) => setTimeout(r, 200)); // and its audit row is written after the response
  const sent: string[] = [];
  const log = listen((text) => sent.push(text));
  const res = await put(1);
  await new Promise((r) => setTimeout(r, 200)); // the audit row is written after the response
  log.stop();
  const waits = diskWaits(sent);
  console.log(`PUT new invoice: ${res.statusCode}, ${sent.length} round trips, ${waits.filter(Boolean).length} of them a commit that waits for the disk (marked):`);
  sent.forEach((s, i) => console.log(`  ${waits[i] ? 'disk ' : '     '}${s.slice(0, 110)}`));

  // Ten PUTs at once: those arriving while one is written share the next transaction (group commit).
  const together: string[] = [];
  const togetherLog = listen((text) => together.push(text));
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => put(100 + i)));
  await new Promise((r) => setTimeout(r, 200));
  togetherLog.stop();
  console.log(`\n10 PUTs of new invoices at once: ${answers.map((a) => a.statusCode).join(' ')}, ${together.length} round trips, ${together.filter((t) => /(^|; )commit$/i.test(t)).length} commits:`);
  together.forEach((s) => console.log(`       ${s.slice(0, 110)}`));

  // A batch of 1,000 new invoices: the round trips must not grow with the items.
  const timed: string[] = [];
  const batchLog = listen((text, took) => timed.push(`${took.toFixed(1).padStart(7)} ms  ${text.slice(0, 100)}`));
  const before = performance.now();
  const invoices = Array.from({ length: 1000 }, (_, i) => ({ externalId: `RB-${i}`, ...body(1000 + i) }));
  const batch = await portal.app.inject({ method: 'POST', url: '/api/v1/invoices:batch', headers: { host: HOST, authorization: `Bearer ${key}` }, payload: { invoices } });
  const took = performance.now() - before;
  await new Promise((r) => setTimeout(r, 200));
  batchLog.stop();
  console.log(`\nPOST invoices:batch of 1,000 new: ${batch.statusCode} in ${took.toFixed(0)} ms (one run, a shared machine), ${timed.length} round trips:`);
  for (const s of timed) console.log(`  ${s}`);
} finally {
  await portal.close();
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
}

/**
 * Every message the portal's `pg` clients send, with its time, until stopped. The prototype is
 * wrapped before any connection opens, so the portal's own wrappers (core/db) sit on top of it.
 */
function listen(note: (text: string, ms: number) => void): { stop(): void } {
  let on = true;
  listeners.add((text, ms) => on && note(text, ms));
  return { stop: () => void (on = false) };
}
