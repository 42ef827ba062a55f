import type { StaffOverviewContext } from 'portal/sdk';
import { Reading } from '../entities.ts';

/** Customer readings waiting to be taken into billing. */
export async function pendingCount({ em }: StaffOverviewContext): Promise<number> {
  return em.count(Reading, { source: 'customer', billedAt: null });
}
