import { localDate, type DemoSeedContext } from 'portal/sdk';
import { InvoiceService } from '../data/invoice-service.ts';
import { sqlOf } from '../data/sql.ts';
import { issuedTypes } from '../settings.ts';
import { demoPlan, type DemoAccountFacts } from './demo-plan.ts';

/**
 * Gives every demo account fourteen periods of invoices, payments and movements through the
 * same service the provider uses. Keyed by the provider-style ids of `demoPlan`, so a second
 * run finds every document unchanged and writes nothing; no emails are sent for seeded invoices.
 */
export async function seedDemoInvoices(ctx: DemoSeedContext): Promise<void> {
  if (!ctx.accounts.length) return;
  const service = new InvoiceService({ em: ctx.em, tenant: ctx.tenant, portal: ctx.portal });
  const thisMonth = localDate(new Date(), ctx.tenant.timezone).slice(0, 7);
  for (const account of await accountFacts(ctx)) {
    const plan = demoPlan(account, issuedTypes(service.settings), thisMonth);
    for (const invoice of plan.invoices) await service.upsertInvoice(invoice, { notify: false });
    for (const payment of plan.payments) await service.recordPayment(payment);
    for (const movement of plan.movements) await service.addMovement(movement);
  }
}

async function accountFacts(ctx: DemoSeedContext): Promise<DemoAccountFacts[]> {
  const sql = sqlOf(ctx.em);
  const ids = ctx.accounts.map((a) => a.id);
  const [accounts, services] = await Promise.all([
    sql<{ id: number; number: string; document_type: string }>(`SELECT id, number, document_type FROM accounts WHERE tenant_id = ? AND id IN (?) ORDER BY id`, [ctx.tenant.id, ids]),
    sql<{ account_id: number; kind: string; plan: string }>(`SELECT account_id, kind, plan FROM account_services WHERE tenant_id = ? AND account_id IN (?) ORDER BY id`, [ctx.tenant.id, ids]),
  ]);
  return accounts.map((a) => ({
    id: a.id,
    number: a.number,
    documentType: a.document_type,
    services: services.filter((s) => s.account_id === a.id).map((s) => ({ kind: s.kind, plan: s.plan })),
  }));
}
