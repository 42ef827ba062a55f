import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPortal } from '../../core/portal.ts';
import { runImport } from '../../core/import/run-import.ts';
import { copyIn } from '../../core/import/copy-in.ts';
import { benchConfig } from '../portal-config.ts';
import { TENANT, writeBenchTenant } from './bench-tenant.ts';
import { RAW_COLUMNS, writeInvoiceCsv, writeRawCopy } from './invoice-files.ts';

export interface ImportFigures {
  rows: number;
  csvMegabytes: number;
  raw: { seconds: number; rowsPerSecond: number };
  imported: { seconds: number; rowsPerSecond: number; inserted: number };
  again: { seconds: number; rowsPerSecond: number; unchanged: number } | null;
}

const RAW_TENANT = 'apiraw';

/**
 * `portal import` of `accounts × perAccount` invoice rows against a raw COPY of the same rows into
 * the same table, on one PostgreSQL server. Each starts from an empty invoices table, so both pay
 * the same index maintenance; the raw COPY does nothing else (no checks, no hash, no statement
 * movements, no upsert), which is the floor the import is measured against.
 */
export async function benchImportRate(opts: { databaseUrl: string; accounts: number; perAccount: number; batchSize: number; again: boolean; log(line: string): void }): Promise<ImportFigures> {
  const work = mkdtempSync(join(tmpdir(), 'portal-bench-import-'));
  const portal = await createPortal(await benchConfig({ tenantsDir: join(work, 'tenants'), dataDir: join(work, 'data'), databaseUrl: opts.databaseUrl }).then((c) => (writeBenchTenant(c.tenantsDir), c)));
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    for (const tenant of [TENANT, RAW_TENANT]) {
      await client.query(
        `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
         SELECT $1, 'B-' || lpad(g::text, 7, '0'), 'Cliente ' || g, 'DNI', (20000000 + g)::text FROM generate_series(1, $2::int) g`,
        [tenant, opts.accounts],
      );
    }
    await client.query('ANALYZE accounts');
    const [{ first }] = (await client.query(`SELECT min(id) AS first FROM accounts WHERE tenant_id = $1`, [RAW_TENANT])).rows;
    const csvFile = join(work, 'invoices.csv');
    const rawFile = join(work, 'invoices.copy');
    opts.log(`writing ${(opts.accounts * opts.perAccount).toLocaleString('en-US')} rows to a CSV file and to a COPY file…`);
    const rows = writeInvoiceCsv(csvFile, opts.accounts, opts.perAccount);
    writeRawCopy(rawFile, RAW_TENANT, opts.accounts, opts.perAccount, first);

    opts.log('raw COPY into invoices…');
    // Both loads start from the same state: a checkpoint just taken, nothing of the files just
    // written still on its way to disk.
    await client.query('CHECKPOINT');
    let started = performance.now();
    await copyIn(client, `COPY invoices (${RAW_COLUMNS}) FROM STDIN`, fileChunks(rawFile));
    const rawSeconds = (performance.now() - started) / 1000;
    // What autovacuum does within a minute of the COPY, done here so every run starts from the
    // same statistics: ones that know only the other tenant, as for a provider's first load (or
    // a table emptied since). Left to autovacuum's timing, one run in several planned the
    // import's look-ups from these and another from none.
    await client.query('ANALYZE invoices');
    await client.query('TRUNCATE invoices CASCADE');
    await client.query('CHECKPOINT');

    opts.log('portal import…');
    const tenant = portal.tenants.get(TENANT)!;
    const kind = portal.services.api.importKinds(tenant).find((k) => k.kind.kind === 'invoices')!.kind;
    const run = () =>
      runImport({
        databaseUrl: opts.databaseUrl,
        useCopy: true,
        tenant,
        settings: tenant.plugins.get('invoices') as Record<string, any>,
        kind,
        file: csvFile,
        format: 'csv',
        dryRun: false,
        batchSize: opts.batchSize,
      });
    const first1 = await run();
    if (first1.problems.length || first1.inserted !== rows) throw new Error(`import: ${first1.inserted} of ${rows} inserted, ${first1.problems.length} problems: ${JSON.stringify(first1.problems.slice(0, 3))}`);
    let again: ImportFigures['again'] = null;
    if (opts.again) {
      opts.log('the same file again (a nightly full sync where nothing changed)…');
      started = performance.now();
      const second = await run();
      again = { seconds: second.ms / 1000, rowsPerSecond: rows / (second.ms / 1000), unchanged: second.unchanged };
    }
    const { size } = await import('node:fs').then((fs) => fs.statSync(csvFile));
    return {
      rows,
      csvMegabytes: size / 1024 / 1024,
      raw: { seconds: rawSeconds, rowsPerSecond: rows / rawSeconds },
      imported: { seconds: first1.ms / 1000, rowsPerSecond: rows / (first1.ms / 1000), inserted: first1.inserted },
      again,
    };
  } finally {
    await client.end();
    await portal.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The COPY file in 1 MB reads, so a million rows never sit in memory at once. */
function* fileChunks(file: string): Generator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return;
      yield Buffer.from(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}
