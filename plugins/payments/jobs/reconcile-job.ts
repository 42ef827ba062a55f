import type { JobContext } from 'portal/sdk';
import { paymentsOf } from '../provides.ts';

/** The scheduled run: the scheduler has already claimed the slot, so one process does this. */
export async function runReconcile(ctx: JobContext): Promise<void> {
  const summary = await paymentsOf(ctx.portal).reconcile(ctx.tenant, ctx.em, ctx.log);
  if (summary.checked) ctx.log.info({ tenant: ctx.tenant.id, ...summary }, 'pending payments reconciled');
}
