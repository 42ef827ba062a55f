import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { ServeListInfo, ServeListOptions } from './serve-list.ts';

export interface ListBenchOptions {
  /** PostgreSQL server URL (the bench database is created on it and kept between runs). */
  serverUrl?: string;
  database?: string;
  accounts?: number;
  perAccount?: number;
  connections?: number;
  warmupSeconds?: number;
  seconds?: number;
  poolSize?: number;
}

export interface PageFigures {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
  bytes: number;
}

export interface ListBenchResult {
  accounts: number;
  perAccount: number;
  rowsOnPage: number;
  raw: PageFigures;
  portal: PageFigures;
  /** portal ÷ raw requests per second: the share of the bare stack's speed the framework keeps. */
  ratio: number;
}

/**
 * Signed-in `GET /invoices` on a tenant with `accounts` × `perAccount` invoices in a real
 * PostgreSQL, against the raw page running the same query and templates.
 */
export async function benchInvoiceList(options: ListBenchOptions = {}): Promise<ListBenchResult> {
  const o = {
    serverUrl: options.serverUrl ?? process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    database: options.database ?? 'portal_bench_invoices',
    accounts: options.accounts ?? 100_000,
    perAccount: options.perAccount ?? 24,
    connections: options.connections ?? 10,
    warmupSeconds: options.warmupSeconds ?? 2,
    seconds: options.seconds ?? 10,
    poolSize: options.poolSize ?? 10,
  };
  const serveOptions: ServeListOptions = { serverUrl: o.serverUrl, database: o.database, accounts: o.accounts, perAccount: o.perAccount, poolSize: o.poolSize };
  const child = spawn(process.execPath, [new URL('./serve-list.ts', import.meta.url).pathname, JSON.stringify(serveOptions)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const info = await firstLine(child.stdout!, exited);
    const run = async (url: string, headers: Record<string, string>, bytes: number): Promise<PageFigures> => {
      await autocannon({ url, headers, connections: o.connections, duration: o.warmupSeconds });
      const r = await autocannon({ url, headers, connections: o.connections, duration: o.seconds });
      return { requestsPerSecond: r.requests.average, latencyP50: r.latency.p50, latencyP99: r.latency.p99, non2xx: r.non2xx, errors: r.errors, bytes };
    };
    const raw = await run(`http://127.0.0.1:${info.rawPort}/invoices`, {}, info.bytes.raw);
    const portal = await run(`http://127.0.0.1:${info.portalPort}/invoices`, { host: info.host, cookie: info.cookie }, info.bytes.portal);
    return { accounts: o.accounts, perAccount: o.perAccount, rowsOnPage: info.rows, raw, portal, ratio: portal.requestsPerSecond / raw.requestsPerSecond };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The child prints one JSON line when it is ready; seeding 2.4 million rows the first time takes minutes. */
async function firstLine(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<ServeListInfo> {
  const lines = createInterface({ input: stdout });
  const line = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`serve-list exited with ${code} before it was ready`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('serve-list not ready after 30 minutes')), 30 * 60_000).unref()),
  ]);
  lines.close();
  return JSON.parse(line) as ServeListInfo;
}
