import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Portal, FileStorage, Tenant } from 'portal/sdk';
import { invoiceFileName } from '../pdf/invoice-file.ts';
import { pdfBrandSource } from '../pdf/pdf-brand.ts';
import { invoiceDocuments, originalPdf, type InvoiceDocument } from '../data/invoice-document.ts';
import { sqlOf, type Sql } from '../data/sql.ts';
import type { InvoicesSettings } from '../settings.ts';
import type { RenderBatch, RenderBatchResult, RenderWorkerSetup } from './render-messages.ts';

export interface RenderProgress {
  done: number;
  total: number;
  bytes: number;
}

export interface RenderReport extends RenderProgress {
  /** Invoices whose file is the provider's own PDF, copied as the download serves it. */
  originals: number;
  failed: { file: string; error: string }[];
  workers: number;
  seconds: number;
}

/** Invoices read from the database at a time; each batch goes to one worker. */
const BATCH_SIZE = 100;
/** Batches a worker may hold, so it never waits for the database between two. */
const IN_FLIGHT = 2;

/**
 * Writes the PDF of every invoice of `tenant` for `period` into `out`, one file per invoice named
 * as the download names it: the same PDF the customer's "Bajar" button gives (the provider's own
 * when it sent one). The database is read here, in batches; `workers` threads draw the PDFs.
 */
export async function renderPeriod(
  portal: Portal,
  opts: { tenant: Tenant; period: string; out: string; workers: number; batchSize?: number; onProgress?: (p: RenderProgress) => void },
): Promise<RenderReport> {
  const started = performance.now();
  const { tenant } = opts;
  const settings = tenant.plugins.get('invoices') as unknown as InvoicesSettings;
  const sql = sqlOf(portal.db.forTenant(tenant.id));
  const ids = (await sql<{ id: number }>(`SELECT id FROM invoices WHERE tenant_id = ? AND period = ? ORDER BY id`, [tenant.id, opts.period])).map((r) => r.id);
  await mkdir(opts.out, { recursive: true });
  const report: RenderReport = { done: 0, total: ids.length, bytes: 0, originals: 0, failed: [], workers: 0, seconds: 0 };
  if (ids.length === 0) return report;

  const batch = opts.batchSize ?? BATCH_SIZE;
  const workers = Math.max(1, Math.min(opts.workers, Math.ceil(ids.length / batch)));
  report.workers = workers;
  const pool = new RenderPool(workers, workerSetup(tenant, settings), (result) => {
    report.done += result.written + result.failed.length;
    report.bytes += result.bytes;
    report.failed.push(...result.failed);
    opts.onProgress?.(report);
  });
  const names = new FileNames(opts.out);
  try {
    for (let i = 0; i < ids.length; i += batch) {
      const docs = await invoiceDocuments(sql, tenant.id, ids.slice(i, i + batch));
      const jobs: RenderBatch['jobs'] = [];
      for (const doc of docs) {
        const file = names.next(doc);
        if (!doc.hasOriginalPdf) {
          jobs.push({ doc, file });
          continue;
        }
        const copied = await copyOriginal(sql, portal.services.files, tenant.id, doc, file);
        if (copied === null) jobs.push({ doc, file });
        else {
          report.originals++;
          report.done++;
          report.bytes += copied;
        }
      }
      // An invoice deleted since the ids were read is simply no longer there to render.
      report.total -= Math.min(batch, ids.length - i) - docs.length;
      if (jobs.length) await pool.submit(jobs);
      else opts.onProgress?.(report);
    }
    await pool.drain();
  } finally {
    await pool.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function workerSetup(tenant: Tenant, settings: InvoicesSettings): RenderWorkerSetup {
  const brands: RenderWorkerSetup['brands'] = { '': pdfBrandSource(tenant, null, settings.pdfLogos) };
  for (const brand of tenant.brands) brands[brand.id] = pdfBrandSource(tenant, brand.id, settings.pdfLogos);
  return { issuer: settings.issuer, template: settings.pdfTemplate, brands };
}

async function copyOriginal(sql: Sql, files: FileStorage, tenantId: string, doc: InvoiceDocument, file: string): Promise<number | null> {
  const original = await originalPdf(sql, files, tenantId, doc.id);
  if (!original) return null;
  await writeFile(file, original.content);
  return original.content.length;
}

/**
 * The download's file name; two documents that would share one (an invoice and a MiPyME invoice
 * of the same letter and number) keep it apart with the invoice id.
 */
class FileNames {
  #taken = new Set<string>();
  #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  next(doc: InvoiceDocument): string {
    let name = invoiceFileName(doc);
    if (this.#taken.has(name)) name = name.replace(/\.pdf$/, `-${doc.id}.pdf`);
    this.#taken.add(name);
    return join(this.#dir, name);
  }
}

/** Worker threads taking batches in turn; `submit` waits while every worker has its share queued. */
class RenderPool {
  #workers: { worker: Worker; pending: Set<number> }[] = [];
  #nextId = 0;
  #failure: Error | null = null;
  #freed: (() => void) | null = null;

  constructor(size: number, setup: RenderWorkerSetup, onResult: (r: RenderBatchResult) => void) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./render-worker.ts', import.meta.url), { workerData: setup });
      const entry = { worker, pending: new Set<number>() };
      worker.on('message', (result: RenderBatchResult) => {
        onResult(result);
        entry.pending.delete(result.id);
        this.#wake();
      });
      // A worker that dies takes its batches with it: the run stops rather than report them written.
      worker.on('error', (err: Error) => this.#fail(err));
      worker.on('exit', (code) => {
        if (entry.pending.size) this.#fail(new Error(`a render worker stopped (exit code ${code}) with ${entry.pending.size} batch(es) unfinished`));
      });
      this.#workers.push(entry);
    }
  }

  async submit(jobs: RenderBatch['jobs']): Promise<void> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      const free = this.#workers.filter((w) => w.pending.size < IN_FLIGHT).sort((a, b) => a.pending.size - b.pending.size)[0];
      if (free) {
        const id = ++this.#nextId;
        free.pending.add(id);
        free.worker.postMessage({ id, jobs } satisfies RenderBatch);
        return;
      }
      await new Promise<void>((resolve) => (this.#freed = resolve));
    }
  }

  async drain(): Promise<void> {
    while (this.#workers.some((w) => w.pending.size > 0)) {
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => (this.#freed = resolve));
    }
    if (this.#failure) throw this.#failure;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.worker.terminate()));
  }

  #wake(): void {
    const freed = this.#freed;
    this.#freed = null;
    freed?.();
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    this.#wake();
  }
}
