import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon, { type Result } from 'autocannon';
import type { ApiServeInfo } from './serve-api.ts';

/** The request-sequence part of autocannon's options, which the shared declaration in bench/ leaves out. */
interface RequestParams {
  method?: string;
  path?: string;
  body?: string;
}
type LoadOptions = Parameters<typeof autocannon>[0] & { requests: { setupRequest(request: RequestParams): RequestParams }[] };

export interface UpsertFigures {
  name: string;
  requestsPerSecond: number;
  /** Invoices written per second: requests × invoices per request. */
  invoicesPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const invoice = (i: number, accounts: number) => ({
  accountNumber: `U-${(i % accounts) + 1}`,
  typeCode: 6,
  number: `00009-${String(i).padStart(8, '0')}`,
  issueDate: '2025-03-10',
  period: '2025-03',
  dueDate: '2025-03-20',
  netAmount: '10000.00',
  vatAmount: '2100.00',
  total: '12100.00',
  authorization: { code: '75012345678901', dueDate: '2025-03-20' },
  lines: [{ description: 'Abono mensual', unitPrice: '10000.00', amount: '10000.00', vatRate: '21.00' }],
});

/**
 * `PUT /api/v1/invoices/{id}` against a portal in its own process: new invoices (each request a
 * new id: insert, lines, statement movement, audit row), then one invoice sent over and over (the
 * nightly re-send: checked, hashed, found unchanged, nothing written but the audit row), then
 * batches of 1,000 new invoices.
 */
export async function benchUpserts(opts: { databaseUrl?: string; seconds: number; connections: number }): Promise<UpsertFigures[]> {
  const child = spawn(process.execPath, [new URL('./serve-api.ts', import.meta.url).pathname, opts.databaseUrl ?? ''], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const line = await Promise.race([
      new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve)),
      exited.then((code) => Promise.reject(new Error(`serve-api exited with ${code}`))),
    ]);
    const info = JSON.parse(line) as ApiServeInfo;
    const base = { url: `http://127.0.0.1:${info.port}`, connections: opts.connections, headers: { host: info.host, authorization: `Bearer ${info.key}`, 'content-type': 'application/json' } };
    let next = 0;
    const fresh = await measure('PUT new invoice', {
      ...base,
      requests: [{ setupRequest: (req: RequestParams) => ({ ...req, method: 'PUT', path: `/api/v1/invoices/N-${next}`, body: JSON.stringify(invoice(next++, info.accounts)) }) }],
    }, opts.seconds);
    const same = JSON.stringify(invoice(10_000_000, info.accounts));
    const repeated = await measure('PUT the same invoice again (unchanged)', {
      ...base,
      requests: [{ setupRequest: (req: RequestParams) => ({ ...req, method: 'PUT', path: '/api/v1/invoices/SAME', body: same }) }],
    }, opts.seconds);
    let nextBatch = 50_000_000;
    const batch = await measure(`POST invoices:batch, ${BATCH} new each`, {
      ...base,
      connections: Math.min(opts.connections, 4),
      requests: [{
        setupRequest: (req: RequestParams) => {
          const invoices = Array.from({ length: BATCH }, () => ({ externalId: `B-${nextBatch}`, ...invoice(nextBatch++, info.accounts) }));
          return { ...req, method: 'POST', path: '/api/v1/invoices:batch', body: JSON.stringify({ invoices }) };
        },
      }],
    }, opts.seconds, BATCH);
    return [fresh, repeated, batch];
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Invoices per batch call: the most the endpoint takes. */
const BATCH = 1000;

async function measure(name: string, options: LoadOptions, seconds: number, perRequest = 1): Promise<UpsertFigures> {
  // A warm-up by count, not by time: a timed one would leave slow calls (a batch takes a good part of
  // a second, several on the embedded database) running into the measured seconds.
  await autocannon({ ...options, ...(perRequest > 1 ? { amount: options.connections } : { duration: 1 }) } as Parameters<typeof autocannon>[0]);
  const r: Result = await autocannon({ ...options, duration: seconds } as Parameters<typeof autocannon>[0]);
  return { name, requestsPerSecond: r.requests.average, invoicesPerSecond: r.requests.average * perRequest, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}
