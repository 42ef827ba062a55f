import type { EntityManager } from '@mikro-orm/postgresql';
import { localDate, type Tenant } from 'portal/sdk';
import { agreementOf, agreementRecords } from './agreement-view.ts';

/** An agreement event's data: the agreement as GET /payment-agreements/{id} shows it then. */
export async function agreementData(payload: Record<string, unknown>, ctx: { tenant: Tenant; em: EntityManager }) {
  const [row] = await agreementRecords(ctx.em, ctx.tenant.id, localDate(new Date(), ctx.tenant.timezone), { id: Number(payload.agreementId) });
  return row ? agreementOf(row, ctx.tenant.currency) : null;
}
