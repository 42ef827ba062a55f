import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseCommandArgs, requireOption, loadCliConfig, CliError, UsageError, displayPath, processIo, type Io, withPortal, workerCount, loadInstall } from 'portal/sdk';
import { renderProgressBar } from './progress-bar.ts';
import { renderPeriod } from './render-period.ts';

export const usage = 'portal invoices render --tenant <id> --period <YYYY-MM> --out <dir> [--workers N|auto] [--config file]';
export const summary = "Write the PDF of every invoice of a tenant's billing period into a folder, on every core";

const HELP = `Usage: ${usage}

${summary}.

One file per invoice, named as the customer's download names it (factura-B-00008-00068421.pdf),
with the same content: the provider's own PDF when it sent one, otherwise the generated one.
Files already in the folder under those names are replaced. --workers defaults to one thread per
core (auto). Progress goes to stderr; the summary to stdout. Exit code 0 when every PDF was
written, 1 when some failed (listed), 2 for a wrong command line.`;

const SHOWN_FAILURES = 20;

export async function renderCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { tenant: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' } }, usage);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const tenantId = requireOption(values.tenant, 'tenant', usage);
  const period = requireOption(values.period, 'period', usage);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UsageError(`--period must be a month written YYYY-MM, e.g. 2026-12 (got "${period}")`, usage);
  const out = resolve(requireOption(values.out, 'out', usage));
  const workers = values.workers === undefined ? availableParallelism() : workerCount(values.workers, usage);

  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true });
  // Checked from the files, before the database is opened.
  const install = await loadInstall(config);
  if (!install.tenants.get(tenantId)) {
    const broken = install.tenants.broken.get(tenantId);
    if (broken) throw new CliError(`tenant "${tenantId}" is not loaded because its file has errors:\n${broken.error}`);
    throw new CliError(`unknown tenant "${tenantId}"; known: ${install.tenants.list().map((t) => t.id).join(', ') || '(none)'}`);
  }
  if (!install.tenants.get(tenantId)!.plugins.has('invoices')) throw new CliError(`tenant "${tenantId}" does not use the invoices plugin`);
  try {
    await mkdir(out, { recursive: true });
  } catch (err) {
    throw new CliError(`cannot use ${displayPath(out)} as the output folder: ${(err as Error).message}`);
  }

  return withPortal(config, async (portal) => {
    const tenant = portal.tenants.get(tenantId)!;
    const bar = renderProgressBar({ tty: io === processIo && Boolean(process.stderr.isTTY), write: (text) => process.stderr.write(text), line: (text) => io.err(text) });
    const report = await renderPeriod(portal, { tenant, period, out, workers, onProgress: (p) => bar.update(p) }).finally(() => bar.done());
    if (report.total === 0) {
      io.out(`No invoices of ${tenant.id} for ${period}: nothing written.`);
      return 0;
    }
    const written = report.done - report.failed.length;
    const rate = report.seconds > 0 ? Math.round(written / report.seconds) : written;
    const originals = report.originals ? `; ${report.originals} of them the provider's own PDF` : '';
    io.out(
      `${written.toLocaleString('en-US')} invoice PDF(s) of ${tenant.id} for ${period} written to ${displayPath(out)}` +
        ` (${(report.bytes / 1024 / 1024).toFixed(1)} MB) in ${report.seconds.toFixed(1)} s with ${report.workers} worker(s), ${rate.toLocaleString('en-US')}/s${originals}.`,
    );
    if (report.failed.length === 0) return 0;
    io.err(`${report.failed.length} PDF(s) could not be written:`);
    for (const f of report.failed.slice(0, SHOWN_FAILURES)) io.err(`  ${displayPath(f.file)}: ${f.error}`);
    if (report.failed.length > SHOWN_FAILURES) io.err(`  … and ${report.failed.length - SHOWN_FAILURES} more`);
    return 1;
  });
}
