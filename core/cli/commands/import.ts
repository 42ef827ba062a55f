import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runImport, type ImportReport } from '../../import/run-import.ts';
import { formatOf } from '../../import/read-rows.ts';
import { progressDisplay } from '../../import/progress-display.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { CliError, UsageError } from '../cli-error.ts';
import { cliOperator } from '../../api/cli-operator.ts';
import { displayPath } from '../display-path.ts';
import { processIo, type Io } from '../io.ts';
import { withPortal } from '../with-portal.ts';

export const usage = 'portal import <tenant> <kind> <file.csv|file.jsonl> [--dry-run] [--batch-size n] [--report file] [--config file]';
export const summary = "Load a tenant's customers, accounts, invoices, payments or readings from a CSV or JSON Lines file";

const SHOWN = 20;

const HELP = `Usage: ${usage}

${summary}.

Each row is checked with the same rules as the API (its JSON Schema); CSV headers are the API's
field names (dotted for nested ones: authorization.code). Rows are loaded by your own ids, so a
file can be loaded again: unchanged rows are left alone.

The file is loaded in batches (--batch-size, default 10000), each in one transaction: a batch
with any rejected row writes nothing, the others are loaded. Rejected rows are listed with their
line in the file, field and reason, all of them in --report (default <file>.rejected.csv).
--dry-run does all the work and rolls every batch back.

Kinds: run with a tenant and no kind to list the tenant's.`;

export async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    { 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' }, report: { type: 'string' } },
    usage,
    true,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [tenantId, kindName, file, ...extra] = positionals;
  if (!tenantId) throw new UsageError('a tenant is required', usage);
  if (extra.length) throw new UsageError(`unexpected ${extra.join(' ')}`, usage);
  const batchSize = values['batch-size'] === undefined ? 10_000 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000_000) throw new UsageError('--batch-size must be a whole number from 1 to 1000000', usage);
  const format = file ? formatOf(file) : null;
  if (file && !format) throw new UsageError(`${file}: the name must end in .csv or .jsonl`, usage);

  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });
  return withPortal(config, async (portal) => {
    const tenant = portal.tenants.get(tenantId);
    if (!tenant) throw new CliError(`no tenant "${tenantId}" (see portal tenant list)`);
    const kinds = portal.services.api.importKinds(tenant);
    const entry = kinds.find((k) => k.kind.kind === kindName);
    if (!entry || !file || !format) {
      const list = kinds.map((k) => `  ${k.kind.kind.padEnd(12)} ${k.kind.description}`).join('\n');
      if (!kindName) {
        io.out(`Kinds for ${tenant.id}:\n${list}`);
        return 0;
      }
      throw new UsageError(entry ? 'a file is required' : `no kind "${kindName}" for ${tenant.id}; kinds:\n${list}`, usage);
    }
    const display = progressDisplay({
      tty: io === processIo && Boolean(process.stderr.isTTY),
      write: (text) => process.stderr.write(text),
      line: (text) => io.err(text),
    });
    const report = await runImport({
      databaseUrl: portal.db.orm.config.get('clientUrl') as string,
      useCopy: !portal.db.embedded,
      tenant,
      settings: entry.owner === 'core' ? {} : ((tenant.plugins.get(entry.owner) ?? {}) as Record<string, any>),
      kind: entry.kind,
      file,
      format,
      dryRun: Boolean(values['dry-run']),
      batchSize,
      formats: portal.services.api.formats(),
      onProgress: (p) => display.update(p),
    });
    display.done();

    const em = portal.db.forTenant(tenant.id);
    portal.services.audit.recordWith(em, tenant.id, {
      action: 'api.import',
      outcome: report.problems.length ? 'failure' : 'success',
      subject: `${entry.kind.kind} ${basename(file)}`.slice(0, 255),
      actorType: 'system',
      actorId: cliOperator(),
      details: { kind: entry.kind.kind, dryRun: report.dryRun, rows: report.rows, inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, rejected: report.problems.length, failedBatches: report.failedBatches.length },
    });
    await em.flush();
    return printReport(io, report, file, values.report);
  });
}

function printReport(io: Io, r: ImportReport, file: string, reportFile: string | undefined): number {
  const n = (x: number) => x.toLocaleString('en-US');
  const seconds = r.ms / 1000;
  io.out(
    `${r.dryRun ? 'Dry run (nothing written): ' : ''}${n(r.rows)} rows in ${seconds.toFixed(1)} s (${n(Math.round(r.rows / Math.max(seconds, 0.001)))} rows/s): ` +
      `${n(r.inserted)} new, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged, ${n(r.problems.length)} rejected.`,
  );
  if (!r.problems.length) return 0;
  io.out(`${r.failedBatches.length} batch(es) not written because of them (${n(r.heldBack)} good rows held back; fix the file and load it again):`);
  for (const b of r.failedBatches.slice(0, SHOWN)) io.out(`  lines ${b.first}–${b.last} (${n(b.rows)} rows)`);
  io.out('Rejected rows:');
  for (const p of r.problems.slice(0, SHOWN)) io.out(`  line ${p.row}: ${p.field ? `${p.field} ` : ''}${p.reason}`);
  const target = reportFile ?? `${file}.rejected.csv`;
  const csv = ['line,field,reason', ...r.problems.map((p) => [p.row, p.field, p.reason].map(csvCell).join(','))].join('\n');
  writeFileSync(target, `${csv}\n`);
  io.out(`${r.problems.length > SHOWN ? `…and ${n(r.problems.length - SHOWN)} more; all` : 'All'} in ${displayPath(target)}`);
  return 1;
}

function csvCell(value: unknown): string {
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
