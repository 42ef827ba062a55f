import type { StaffOverviewContext } from '../../../core/plugins/define-plugin.ts';
import { Reading } from '../entities.ts';

/** Customer readings waiting to be taken into billing. */
export async function pendingCount({ em }: StaffOverviewContext): Promise<number> {
  return em.count(Reading, { source: 'customer', billedAt: null });
}
