// `node bench/api/import-profile.ts [--rows 200000] [--batch 50000] [--explain] [--explain-apply]`: where an imported row's cost goes, measured
// in CPU seconds rather than wall-clock (this machine is shared, so rates swing with the load):
// each backend's own CPU (utime + stime from /proc, the server runs here) around every statement
// the raw COPY and the import send, grouped by statement, and the Node process's CPU. Run the
// same way on two trees and compare; add `--cpu-prof` to node for the Node side.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { throwawayDatabase } from '../../test/support/throwaway-database.ts';
import { benchImportRate } from './import-rate.ts';

const TICK = 100; // USER_HZ on Linux
const at = process.argv.indexOf('--rows');
const rows = at > 0 ? Number(process.argv[at + 1]) : 200_000;
const batchAt = process.argv.indexOf('--batch');
const batchSize = batchAt > 0 ? Number(process.argv[batchAt + 1]) : 50_000;

/** A backend's CPU seconds so far, or NaN when its /proc entry is not readable. */
function backendCpu(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK;
  } catch {
    return NaN;
  }
}

interface Tally { count: number; wall: number; cpu: number }
const byStatement = new Map<string, Tally>();
const explained = new Set<string>();
let phase = 'setup';
const label = (text: string) => `${phase.padEnd(6)} ${text.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
const record = (key: string, wall: number, cpu: number) => {
  const t = byStatement.get(key) ?? { count: 0, wall: 0, cpu: 0 };
  t.count++;
  t.wall += wall;
  if (Number.isFinite(cpu)) t.cpu += cpu;
  byStatement.set(key, t);
};

type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const original = pg.Client.prototype.query as unknown as Query;
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  const first = args[0] as string | { text?: string; submit?: unknown; handleReadyForQuery?(): void; handleError?(e: Error): void } & Record<string, unknown>;
  const pid = this.processID;
  const cpu0 = backendCpu(pid);
  const t0 = performance.now();
  if (typeof first === 'object' && typeof first.submit === 'function') {
    // A COPY submittable: ends with its ReadyForQuery.
    const key = label(String((first as unknown as { _text?: string })._text ?? 'COPY (submittable)'));
    const ready = first.handleReadyForQuery!.bind(first);
    first.handleReadyForQuery = () => {
      record(key, performance.now() - t0, backendCpu(pid) - cpu0);
      ready();
    };
    return original.apply(this, args);
  }
  const text = typeof first === 'string' ? first : (first.text ?? '?');
  const explain = process.argv.includes('--explain') && /^\s*CREATE TEMP TABLE import_known/.test(text) && !explained.has(phase);
  if (explain) {
    // The plan the lookup gets in this state of the statistics, shown once per phase.
    explained.add(phase);
    return (original.call(this, `EXPLAIN ${text.slice(text.indexOf(' AS') + 3)}`, args[1]) as Promise<pg.QueryResult>)
      .then((r) => console.log(`plan (${phase}):\n${r.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`))
      .then(() => (pg.Client.prototype.query as unknown as Query).apply(this, args));
  }
  if (process.argv.includes('--explain-apply') && /^\s*WITH (fresh|changed) AS/.test(text) && !explained.has(`apply ${phase}`)) {
    // Once per phase: the write's plan with each node's time and the triggers' (foreign keys), then rolled back and run for real.
    explained.add(`apply ${phase}`);
    const run = (sql: string, params?: unknown) => original.call(this, sql, params) as Promise<pg.QueryResult>;
    return run('SAVEPOINT profile')
      .then(() => run(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, args[1]))
      .then((r) => console.log(`apply plan (${phase}):\n${r.rows.map((row) => `    ${row['QUERY PLAN']}`).join('\n')}`))
      .then(() => run('ROLLBACK TO SAVEPOINT profile'))
      .then(() => (pg.Client.prototype.query as unknown as Query).apply(this, args));
  }
  const result = original.apply(this, args) as Promise<unknown> | undefined;
  if (!result || typeof (result as Promise<unknown>).then !== 'function') return result;
  return (result as Promise<unknown>).finally(() => record(label(text), performance.now() - t0, backendCpu(pid) - cpu0));
};

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
const server = (await throwawayDatabase())!;
const cpuAt = () => process.cpuUsage();
let node0 = cpuAt();
let thread0 = process.threadCpuUsage();
const nodeCpu: Record<string, { process: number; main: number }> = {};
try {
  const figures = await benchImportRate({
    databaseUrl: server.url,
    accounts: rows / 10,
    perAccount: 10,
    batchSize,
    again: true,
    log: (line) => {
      const now = cpuAt();
      const thread = process.threadCpuUsage();
      nodeCpu[phase] = { process: (now.user + now.system - node0.user - node0.system) / 1e6, main: (thread.user + thread.system - thread0.user - thread0.system) / 1e6 };
      node0 = now;
      thread0 = thread;
      phase = line.startsWith('raw') ? 'raw' : line.startsWith('portal') ? 'import' : line.startsWith('the same') ? 'again' : 'setup';
      console.log(`  ${line}`);
    },
  });
  const now = cpuAt();
  const thread = process.threadCpuUsage();
  nodeCpu[phase] = { process: (now.user + now.system - node0.user - node0.system) / 1e6, main: (thread.user + thread.system - thread0.user - thread0.system) / 1e6 };
  console.log(`\nwall: raw COPY ${figures.raw.seconds.toFixed(1)} s, import ${figures.imported.seconds.toFixed(1)} s, again ${figures.again?.seconds.toFixed(1)} s  (ratio ${(figures.imported.rowsPerSecond / figures.raw.rowsPerSecond).toFixed(2)}, again ${((figures.again?.rowsPerSecond ?? 0) / figures.raw.rowsPerSecond).toFixed(2)})`);
  console.log(`node CPU s (process / main thread): ${Object.entries(nodeCpu).map(([p, c]) => `${p} ${c.process.toFixed(1)}/${c.main.toFixed(1)}`).join(', ')}`);
  const perPhase = new Map<string, number>();
  for (const [key, t] of byStatement) perPhase.set(key.slice(0, 6).trim(), (perPhase.get(key.slice(0, 6).trim()) ?? 0) + t.cpu);
  console.log(`backend CPU s: ${[...perPhase].map(([p, c]) => `${p} ${c.toFixed(1)}`).join(', ')}`);
  console.log('\nstatements (backend CPU s, wall s, count):');
  for (const [key, t] of [...byStatement].filter(([k]) => !k.startsWith('setup')).sort((a, b) => b[1].cpu - a[1].cpu)) {
    console.log(`${t.cpu.toFixed(2).padStart(7)} ${(t.wall / 1000).toFixed(2).padStart(7)} ${String(t.count).padStart(4)}  ${key}`);
  }
} finally {
  await server.drop();
}
