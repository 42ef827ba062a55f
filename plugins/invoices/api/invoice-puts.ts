import type { FastifyBaseLogger } from 'fastify';
import { WriteGroup } from '../../../core/api/write-group.ts';
import type { Tenant } from '../../../core/tenants/tenant.ts';
import type { InvoiceInput } from '../service/input-schemas.ts';
import { MAX_BATCH, upsertInvoiceBatch } from '../service/invoice-batch.ts';
import { InvoiceService, type InvoiceServiceDeps, type UpsertResult } from '../service/invoice-service.ts';

interface Put {
  deps: InvoiceServiceDeps;
  input: InvoiceInput;
  log: FastifyBaseLogger;
}

type Outcome = UpsertResult | { error: unknown };

/**
 * `PUT /invoices/{externalId}` calls of one tenant, group-committed: those arriving while a write
 * is out go together in the next one, through the batch endpoint's path (one transaction, new
 * documents set-based), each answered with its own result once that transaction has committed.
 * A lone call goes the single-invoice way at once, as before. The same id twice never shares a
 * write (the later waits for the next, so the last one sent is the last one written). Original
 * PDFs go alone: a replaced file is only removed by a call that owns its commit.
 */
export class InvoicePuts {
  readonly #groups = new WeakMap<Tenant, WriteGroup<Put, Outcome>>();

  async put(deps: InvoiceServiceDeps, input: InvoiceInput, log: FastifyBaseLogger): Promise<UpsertResult> {
    if (input.originalPdf) return new InvoiceService(deps).upsertInvoice(input);
    let group = this.#groups.get(deps.tenant);
    if (!group) this.#groups.set(deps.tenant, (group = new WriteGroup(writeGroup, { most: MAX_BATCH, key: (p) => p.input.externalId })));
    const outcome = await group.submit({ deps, input, log });
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }
}

async function writeGroup(puts: Put[]): Promise<Outcome[]> {
  if (puts.length > 1) {
    // The first call's entity manager serves the group: that call waits for the group's answer.
    try {
      return await upsertInvoiceBatch(puts[0].deps, puts.map((p) => p.input));
    } catch (err) {
      // A deadlock, a failure one item caused: each call is written on its own instead, so each
      // gets its own answer and none is refused for another's sake.
      puts[0].log.warn({ err, calls: puts.length }, 'grouped invoice PUTs written one by one');
    }
  }
  return Promise.all(puts.map((p) => new InvoiceService(p.deps).upsertInvoice(p.input).catch((error: unknown) => ({ error }))));
}
