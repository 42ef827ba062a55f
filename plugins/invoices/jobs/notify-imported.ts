import type { JobContext } from 'portal/sdk';
import type { InvoicesSettings } from '../settings.ts';
import { sendPendingNotices, type PendingNoticesResult } from '../data/send-pending-notices.ts';

/** Invoices per transaction: each one renders a PDF, and the batch's locks last until the commit. */
export const NOTICE_BATCH = 200;
/** A monthly load of tens of thousands drains batch after batch, but gives way well before the next slot. */
const RUN_BUDGET_MS = 40_000;

/**
 * The scheduled run (every minute; the scheduler lets one process have each slot): emails the
 * tenant's bulk-imported invoices that are waiting. It drains whatever the import marked, even if
 * `notifyImported` was turned off since: the setting is decided when the invoices are loaded.
 */
export async function notifyImported(ctx: JobContext): Promise<void> {
  const deps = { em: ctx.em, tenant: ctx.tenant, portal: ctx.portal, settings: ctx.settings as unknown as InvoicesSettings, log: ctx.log };
  const until = Date.now() + RUN_BUDGET_MS;
  const total: PendingNoticesResult = { taken: 0, emailed: 0, skipped: 0, failed: 0 };
  for (;;) {
    const batch = await sendPendingNotices(deps, NOTICE_BATCH);
    for (const key of Object.keys(total) as (keyof PendingNoticesResult)[]) total[key] += batch[key];
    // A short batch means the queue is empty; one with failures would only meet them again.
    if (batch.taken < NOTICE_BATCH || batch.failed > 0 || Date.now() >= until) break;
  }
  if (total.taken) ctx.log.info({ tenant: ctx.tenant.id, ...total }, 'bulk-imported invoices emailed');
}
