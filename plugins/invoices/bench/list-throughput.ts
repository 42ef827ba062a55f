import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { ServeListInfo, ServeListOptions } from './serve-list.ts';

export interface ListBenchOptions {
  /** PostgreSQL server URL (the bench database is created on it and kept between runs). */
  serverUrl?: string;
  accounts?: number;
  perAccount?: number;
  connections?: number;
  warmupSeconds?: number;
  seconds?: number;
  poolSize?: number;
}

export interface PageFigures {
  requestsPerSecond: number;
  /** Requests answered while measuring. */
  requests: number;
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
    accounts: options.accounts ?? 100_000,
    perAccount: options.perAccount ?? 24,
    connections: options.connections ?? 10,
    warmupSeconds: options.warmupSeconds ?? 2,
    seconds: options.seconds ?? 10,
    poolSize: options.poolSize ?? 10,
  };
  const served = await serveList({ serverUrl: o.serverUrl, accounts: o.accounts, perAccount: o.perAccount, poolSize: o.poolSize });
  try {
    const { info } = served;
    const raw = await measure(`http://127.0.0.1:${info.rawPort}/invoices`, {}, o);
    const portal = await measure(`http://127.0.0.1:${info.portalPort}/invoices`, { host: info.host, cookie: info.cookie }, o);
    return {
      accounts: o.accounts, perAccount: o.perAccount, rowsOnPage: info.rows,
      raw: { ...raw, bytes: info.bytes.raw }, portal: { ...portal, bytes: info.bytes.portal }, ratio: portal.requestsPerSecond / raw.requestsPerSecond,
    };
  } finally {
    await served.stop();
  }
}

/** Requests per second of one URL, after a warm-up unless it is 0 s, as autocannon measures them. */
export async function measure(
  url: string,
  headers: Record<string, string>,
  o: { connections: number; warmupSeconds: number; seconds: number },
): Promise<Omit<PageFigures, 'bytes'>> {
  if (o.warmupSeconds > 0) await autocannon({ url, headers, connections: o.connections, duration: o.warmupSeconds });
  const r = await autocannon({ url, headers, connections: o.connections, duration: o.seconds });
  return { requestsPerSecond: r.requests.average, requests: r.requests.total, latencyP50: r.latency.p50, latencyP99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

/** The portal and the raw page over one size's bench database, in a child process of their own. */
export async function serveList(options: ServeListOptions): Promise<{ info: ServeListInfo; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [new URL('./serve-list.ts', import.meta.url).pathname, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  try {
    return { info: await firstLine(child.stdout!, exited), pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** The child prints one JSON line when it is ready; filling 24 million rows the first time takes tens of minutes. */
async function firstLine(stdout: NodeJS.ReadableStream, exited: Promise<number | null>): Promise<ServeListInfo> {
  const lines = createInterface({ input: stdout });
  const line = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    exited.then((code) => Promise.reject(new Error(`serve-list exited with ${code} before it was ready`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('serve-list not ready after 90 minutes')), 90 * 60_000).unref()),
  ]);
  lines.close();
  return JSON.parse(line) as ServeListInfo;
}
