import type { FastifyBaseLogger } from 'fastify';
import { WriteGroup, type Tenant } from 'portal/sdk';
import type { InvoiceInput } from '../data/input-schemas.ts';
import { MAX_BATCH, upsertInvoiceBatch } from '../data/invoice-batch.ts';
import { InvoiceService, type InvoiceServiceDeps, type UpsertResult } from '../data/invoice-service.ts';

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
 * write (the later waits for the next, so the last one sent is the last one written). A call with
 * an original PDF is written in a transaction of its own: a replaced file is only removed by a
 * call that owns its commit.
 */
export class InvoicePuts {
  readonly #tenants = new WeakMap<Tenant, { group: WriteGroup<Put, Outcome>; latest: Map<string, Latest> }>();

  async put(deps: InvoiceServiceDeps, input: InvoiceInput, log: FastifyBaseLogger): Promise<UpsertResult> {
    let tenant = this.#tenants.get(deps.tenant);
    if (!tenant) {
      tenant = { group: new WriteGroup(writeGroup, { most: MAX_BATCH, key: (p) => p.input.externalId }), latest: new Map() };
      this.#tenants.set(deps.tenant, tenant);
    }
    const outcome = await this.#outcome(tenant, { deps, input, log });
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  /**
   * A call sending exactly what the latest call for its id, still unanswered, sent would find it
   * stored unchanged right after that one: it shares that call's write and answers "unchanged"
   * (or that call's error). Many connections re-sending one invoice then cost one write, not one
   * each in turn.
   */
  #outcome(tenant: { group: WriteGroup<Put, Outcome>; latest: Map<string, Latest> }, put: Put): Promise<Outcome> {
    const id = put.input.externalId;
    const body = put.input.originalPdf ? null : JSON.stringify(put.input);
    const latest = tenant.latest.get(id);
    if (body !== null && latest?.body === body) {
      return latest.outcome.then((o) => ('error' in o ? o : { id: o.id, created: false, changed: false }));
    }
    const entry: Latest = { body, outcome: tenant.group.submit(put) };
    tenant.latest.set(id, entry);
    void entry.outcome.finally(() => tenant.latest.get(id) === entry && tenant.latest.delete(id)).catch(() => {});
    return entry.outcome;
  }
}

/** The latest call for an id still unanswered: its body (null with a PDF, which is never shared) and its outcome. */
interface Latest {
  body: string | null;
  outcome: Promise<Outcome>;
}

/** Calls with an original PDF go in the group (for their place among calls of the same id) but are written alone. */
async function writeGroup(puts: Put[]): Promise<Outcome[]> {
  const together = puts.filter((p) => !p.input.originalPdf);
  const outcomes = new Map<Put, Outcome>();
  if (together.length > 1) {
    // The first call's entity manager serves the group: that call waits for the group's answer.
    try {
      const results = await upsertInvoiceBatch(together[0].deps, together.map((p) => p.input));
      together.forEach((p, i) => outcomes.set(p, results[i]));
    } catch (err) {
      // A deadlock, a failure one item caused: each call is written on its own instead, so each
      // gets its own answer and none is refused for another's sake.
      together[0].log.warn({ err, calls: together.length }, 'grouped invoice PUTs written one by one');
    }
  }
  return Promise.all(puts.map((p) => outcomes.get(p) ?? new InvoiceService(p.deps).upsertInvoice(p.input).catch((error: unknown) => ({ error }))));
}
