// `node plugins/invoices/bench/run.ts [--quick] [--server postgres://…] [--accounts N] [--only list|scale|pdf|xlsx]`:
// the invoices plugin's figures. The lead's bench/run.ts runs this file.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchInvoiceList } from './list-throughput.ts';
import { printScale } from './scale-report.ts';
import { fmt, table } from '../../../bench/table.ts';
import { reportGoal } from '../../../bench/goals.ts';
import { benchBlankPdfs, benchInvoicePdfs, PDF_GOAL_PER_CORE } from './pdf-rate.ts';
import { benchStatementXlsx } from './xlsx-export.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    server: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    accounts: { type: 'string', default: '100000' },
    'per-account': { type: 'string', default: '24' },
    'skip-list': { type: 'boolean', default: false },
    // The scale pass: the same pages at two sizes (full: 100k and 1M accounts; --quick: 10k and 100k).
    small: { type: 'string' },
    large: { type: 'string' },
    // One part alone, e.g. `--only pdf` while working on the PDFs: list, scale, pdf or xlsx.
    only: { type: 'string' },
  },
});
const quick = values.quick;
const part = (name: 'list' | 'scale' | 'pdf' | 'xlsx') => values.only === undefined || values.only === name;
if (values.only !== undefined && !['list', 'scale', 'pdf', 'xlsx'].includes(values.only)) throw new Error(`--only takes list, scale, pdf or xlsx (got ${values.only})`);
const f1 = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

console.log(`invoices plugin benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}`);

if (part('list') && !values['skip-list']) {
  const accounts = Number(values.accounts);
  const perAccount = Number(values['per-account']);
  console.log(`\n== Invoice list page: ${f1(accounts)} accounts × ${perAccount} invoices on ${new URL(values.server).host}, 10 connections ==`);
  const r = await benchInvoiceList({ serverUrl: values.server, accounts, perAccount, seconds: quick ? 3 : 10, warmupSeconds: quick ? 1 : 2 });
  for (const [name, p] of [['raw fastify + pg + same query/templates', r.raw], ['portal GET /invoices (signed in)', r.portal]] as const) {
    console.log(`  ${name.padEnd(42)} ${f1(p.requestsPerSecond).padStart(8)} req/s   p50 ${p.latencyP50} ms   p99 ${p.latencyP99} ms   ${(p.bytes / 1024).toFixed(1)} KB${p.non2xx || p.errors ? `   non-2xx ${p.non2xx} errors ${p.errors}` : ''}`);
  }
  console.log(`  ratio portal / raw: ${r.ratio.toFixed(2)}  (${r.rowsOnPage} invoices on the page)`);
}

if (part('scale') && !values['skip-list']) {
  await printScale({
    serverUrl: values.server,
    small: Number(values.small ?? (quick ? 10_000 : 100_000)),
    large: Number(values.large ?? (quick ? 100_000 : 1_000_000)),
    perAccount: Number(values['per-account']),
    quick,
  });
}

if (part('pdf')) {
  console.log('\n== Invoice PDFs (generated, one core) ==');
  const [load] = loadavg();
  const blank = await benchBlankPdfs(quick ? 1 : 2);
  const runs = [];
  // One unreported pass first: the first template measured in a fresh process ran 30–40% slower
  // than the same template measured again (JIT and heap still settling), whichever template it was.
  for (const template of ['classic', 'compact'] as const) await benchInvoicePdfs({ seconds: quick ? 1 : 2, template });
  for (const template of ['classic', 'compact'] as const) runs.push(await benchInvoicePdfs({ seconds: quick ? 2 : 5, template }));
  for (const p of [blank, ...runs]) {
    console.log(`  ${p.template.padEnd(8)} ${f1(p.pdfsPerSecond)} PDFs/s, ${f1(p.pdfsPerCpuSecond)} per CPU second  (${p.pdfs} in ${p.seconds.toFixed(1)} s, ${(p.averageBytes / 1024).toFixed(1)} KB each)`);
  }
  console.log(`  load average ${load.toFixed(2)} on ${cpus().length} cores${load > cpus().length / 2 ? ': the machine is busy, wall-clock rates are low; per CPU second is what one core does' : ''}`);
  console.log();
  console.log(
    table(
      ['figure', 'measured', 'goal', 'met', 'wall-clock', 'cost in blank pages'],
      runs.map((p) => [
        `invoice PDFs per core (${p.template})`,
        `${fmt.int(p.pdfsPerCpuSecond)}/s`,
        `${PDF_GOAL_PER_CORE}/s per core`,
        p.pdfsPerCpuSecond >= PDF_GOAL_PER_CORE ? 'yes' : 'NO',
        `${fmt.int(p.pdfsPerSecond)}/s`,
        fmt.ratio(blank.pdfsPerCpuSecond / p.pdfsPerCpuSecond),
      ]),
    ),
  );
  for (const p of runs) reportGoal({ name: `invoice PDFs per core (${p.template})`, measured: p.pdfsPerCpuSecond, goal: PDF_GOAL_PER_CORE, atLeast: true, unit: '/s' });
}

if (part('xlsx')) {
  console.log('\n== Statement XLSX export, 10,000 movements ==');
  const x = await benchStatementXlsx({ movements: 10_000, serverUrl: values['skip-list'] ? undefined : values.server });
  console.log(`  rows from ${x.source}${x.queryMs === null ? '' : `: query with running balance ${f1(x.queryMs)} ms`}`);
  console.log(`  XLSX ${f1(x.xlsxMs)} ms (${(x.xlsxBytes / 1024).toFixed(0)} KB); CSV of the same rows ${f1(x.csvMs)} ms`);
}
