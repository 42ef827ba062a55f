import { localDate, type DemoSeedContext } from 'portal/sdk';
import type { InvoicesProvides } from '../../invoices/api.ts';
import { addDays, addMonthsToDay } from '../domain/days.ts';
import { checkAgreement, minimumDownPayment } from '../domain/agreement-rules.ts';
import { fromCents, toCents } from '../domain/money.ts';
import { sqlOf, type Sql } from '../data/sql.ts';
import { paymentsOf } from '../provides.ts';
import { applyObservation } from '../processing/apply-state.ts';
import { tenantGateways, type TenantGateway } from '../processing/gateways-of-tenant.ts';
import { RECEIPT_AREA } from '../data/reports.ts';
import type { PaymentsSettings } from '../settings.ts';
import { DEMO_RECEIPT_PDF, demoReference } from './demo-reference.ts';

const quiet = { warn() {}, info() {} };

/**
 * Demo data on the tenant's demo accounts that have a login: a payment history (an approved
 * payment on account through the tenant's first gateway, a rejected attempt), a transfer
 * reported and waiting for review on the first account, and an agreement with instalments half
 * paid (first account) and one waiting for review (second). Keyed by stable references and
 * external ids, so a second run finds everything and writes nothing; no emails.
 */
export async function seedDemoPayments(ctx: DemoSeedContext): Promise<void> {
  const settings = ctx.tenant.plugins.get('payments') as unknown as PaymentsSettings;
  const gateway = tenantGateways(settings, paymentsOf(ctx.portal).gateways)[0];
  const today = localDate(new Date(), ctx.tenant.timezone);
  const sql = sqlOf(ctx.em);
  const accounts = ctx.accounts.filter((a) => a.customerId !== null);
  for (const [i, account] of accounts.entries()) {
    if (gateway) await seedHistory(ctx, sql, gateway, account, today);
    if (i === 0 && settings.reports.enabled) await seedReport(ctx, sql, account, today);
    if (i === 0 && settings.agreements.enabled) await seedApprovedAgreement(sql, ctx.tenant.id, account, today);
    if (i === 1 && settings.agreements.enabled) await seedPendingAgreement(ctx, sql, settings, account, today);
  }
}

type DemoAccount = DemoSeedContext['accounts'][number];

async function seedHistory(ctx: DemoSeedContext, sql: Sql, gateway: TenantGateway, account: DemoAccount, today: string): Promise<void> {
  const tenantId = ctx.tenant.id;
  const approved = demoReference(tenantId, account.number, 'advance');
  if (!(await exists(sql, tenantId, approved))) {
    const at = new Date(`${addDays(today, -18)}T14:32:00Z`);
    const [row] = await sql<{ id: number }>(
      `INSERT INTO payments_payments (tenant_id, reference, account_id, customer_id, gateway, kind, amount, currency, description, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'advance', '2000.00', ?, ?, ?, ?) RETURNING id`,
      [tenantId, approved, account.id, account.customerId, gateway.id, ctx.tenant.currency, `Pago a cuenta ${account.number}`, at, at],
    );
    // Through the same road as a gateway's approval: the invoices plugin gets its payment and movement.
    await applyObservation(
      { tenant: ctx.tenant, em: ctx.em, portal: ctx.portal, gateway, log: quiet, notify: false },
      {
        source: 'sandbox',
        eventKey: `demo:${approved}`,
        paymentId: row.id,
        state: { status: 'approved', detail: 'demo', gatewayPaymentId: `demo-${approved}`, reference: approved, amountCents: 200000, currency: ctx.tenant.currency, paidAt: at },
      },
    );
  }
  const rejected = demoReference(tenantId, account.number, 'rejected');
  if (!(await exists(sql, tenantId, rejected))) {
    const open = await ctx.portal.plugins.get<InvoicesProvides>('invoices').receivables(ctx.tenant, ctx.em).openInvoices(account.id);
    const doc = open.at(-1);
    if (!doc) return;
    const at = new Date(`${addDays(today, -3)}T21:05:00Z`);
    const [row] = await sql<{ id: number }>(
      `INSERT INTO payments_payments (tenant_id, reference, account_id, customer_id, gateway, kind, amount, currency, description, status, status_detail, gateway_payment_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'invoices', ?, ?, ?, 'rejected', 'demo/cc_rejected_insufficient_amount', ?, ?, ?) RETURNING id`,
      [tenantId, rejected, account.id, account.customerId, gateway.id, doc.balance, ctx.tenant.currency, `${doc.letter} ${doc.fiscalNumber}`, `demo-${rejected}`, at, at],
    );
    await sql(
      `INSERT INTO payments_payment_invoices (payment_id, tenant_id, invoice_id, invoice_external_id, kind, label, amount) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [row.id, tenantId, doc.id, doc.externalId, doc.kind, `${doc.letter} ${doc.fiscalNumber}`, doc.balance],
    );
  }
}

async function seedReport(ctx: DemoSeedContext, sql: Sql, account: DemoAccount, today: string): Promise<void> {
  const tenantId = ctx.tenant.id;
  const [found] = await sql(`SELECT 1 FROM payments_reports WHERE tenant_id = ? AND account_id = ? AND reference = 'DEMO-TRF-0001'`, [tenantId, account.id]);
  if (found) return;
  const stored = await ctx.portal.files.put(tenantId, RECEIPT_AREA, DEMO_RECEIPT_PDF);
  await sql(
    `INSERT INTO payments_reports (tenant_id, account_id, customer_id, amount, paid_on, method, collector, reference, receipt_key, receipt_type)
     VALUES (?, ?, ?, '3500.00', ?, 'transfer', 'Banco Nación', 'DEMO-TRF-0001', ?, 'application/pdf')`,
    [tenantId, account.id, account.customerId, addDays(today, -2), stored.key],
  );
}

/**
 * A request under review over what the account owes today, within the tenant's rules, so the back
 * office can approve it (a request over another figure could only be rejected). None when the
 * account owes too little for a plan, or already has a request under review.
 */
async function seedPendingAgreement(ctx: DemoSeedContext, sql: Sql, settings: PaymentsSettings, account: DemoAccount, today: string): Promise<void> {
  const tenantId = ctx.tenant.id;
  const externalId = `demo-pending-${account.number}`.slice(0, 64);
  const [found] = await sql(`SELECT 1 FROM payments_agreements WHERE tenant_id = ? AND (external_id = ? OR (account_id = ? AND status = 'pending'))`, [tenantId, externalId, account.id]);
  if (found) return;
  const rules = settings.agreements;
  const debt = toCents(await ctx.portal.plugins.get<InvoicesProvides>('invoices').receivables(ctx.tenant, ctx.em).balance(account.id));
  const instalments = Math.min(Math.max(6, rules.minInstalments), rules.maxInstalments);
  const check = checkAgreement(rules, debt, instalments, minimumDownPayment(rules, debt));
  if (!check.ok) return;
  const { plan } = check;
  await sql(
    `INSERT INTO payments_agreements (tenant_id, account_id, customer_id, external_id, status, debt, down_payment, instalments, instalment_amount, note, created_at)
     VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)`,
    [tenantId, account.id, account.customerId, externalId, fromCents(plan.debtCents), fromCents(plan.downPaymentCents), plan.instalments, fromCents(plan.instalmentCents),
      'Quedé sin trabajo este mes; prefiero pagar en cuotas.', new Date(`${addDays(today, -1)}T13:00:00Z`)],
  );
}

async function seedApprovedAgreement(sql: Sql, tenantId: string, account: DemoAccount, today: string): Promise<void> {
  const externalId = `demo-approved-${account.number}`.slice(0, 64);
  const [found] = await sql(`SELECT 1 FROM payments_agreements WHERE tenant_id = ? AND external_id = ?`, [tenantId, externalId]);
  if (found) return;
  const approvedOn = addDays(today, -70);
  const [row] = await sql<{ id: number }>(
    `INSERT INTO payments_agreements (tenant_id, account_id, customer_id, external_id, status, debt, down_payment, instalments, instalment_amount, created_at, reviewed_at)
     VALUES (?, ?, ?, ?, 'approved', '60000.00', '6000.00', 6, '9000.00', ?, ?) RETURNING id`,
    [tenantId, account.id, account.customerId, externalId, new Date(`${addDays(approvedOn, -2)}T15:00:00Z`), new Date(`${approvedOn}T15:00:00Z`)],
  );
  const schedule: [number, string, string][] = [[0, addDays(approvedOn, 5), '6000.00']];
  for (let n = 1; n <= 6; n++) schedule.push([n, addMonthsToDay(approvedOn, n), '9000.00']);
  for (const [number, due, amount] of schedule) {
    // Paid on time up to last month; the rest is still to come.
    const paidOn = due < addDays(today, -10) ? addDays(due, -1) : null;
    await sql(
      `INSERT INTO payments_agreement_instalments (tenant_id, agreement_id, number, due_date, amount, paid_on) VALUES (?, ?, ?, ?, ?, ?)`,
      [tenantId, row.id, number, due, amount, paidOn],
    );
  }
}

async function exists(sql: Sql, tenantId: string, reference: string): Promise<boolean> {
  return (await sql(`SELECT 1 FROM payments_payments WHERE tenant_id = ? AND reference = ?`, [tenantId, reference])).length > 0;
}
