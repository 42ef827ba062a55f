import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, addMonthsToDay, dayText } from '../domain/days.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { AgreementPlan } from '../domain/agreement-rules.ts';
import { sqlOf } from './sql.ts';

/** A customer's request for an agreement, as a bus event; the provider API's `agreement.requested`. */
export const AGREEMENT_REQUESTED = 'payments.agreement-requested';

export type AgreementStatus = 'pending' | 'approved' | 'rejected' | 'completed' | 'cancelled';
export type InstalmentState = 'paid' | 'overdue' | 'pending';

export interface InstalmentView {
  number: number;
  dueDate: string;
  amount: string;
  paidOn: string | null;
  state: InstalmentState;
}

export interface AgreementView {
  id: number;
  accountId: number;
  accountNumber: string;
  customerName: string | null;
  status: AgreementStatus;
  debt: string;
  downPayment: string;
  instalments: number;
  instalmentAmount: string;
  note: string | null;
  rejectReason: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
  schedule: InstalmentView[];
}

/** The columns of a `payments_agreements` row every view of an agreement reads (numeric as strings). */
export interface AgreementTermsRow {
  status: AgreementStatus;
  debt: string;
  down_payment: string;
  instalments: number;
  instalment_amount: string;
  note: string | null;
  reject_reason: string | null;
}

/** An agreement with its account and customer, as the account's and the queue's lists read it. */
interface AgreementRow extends AgreementTermsRow {
  id: number;
  account_id: number;
  account_number: string;
  customer_name: string | null;
  /** Timestamps: Date, or strings on the embedded driver. */
  created_at: Date | string;
  reviewed_at: Date | string | null;
}

/** Dates as the driver gives them: a Date at local midnight, or text. */
interface InstalmentRow {
  agreement_id: number;
  number: number;
  due_date: Date | string;
  amount: string;
  paid_on: Date | string | null;
}

/** Days from approval to the down payment's due date; instalments fall monthly after approval. */
const DOWN_PAYMENT_DAYS = 5;

export async function agreementsOfAccount(em: EntityManager, tenantId: string, accountId: number, today: string): Promise<AgreementView[]> {
  const rows = await sqlOf(em)<AgreementRow>(
    `SELECT g.*, a.number AS account_number, c.name AS customer_name FROM payments_agreements g
     JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.account_id
     LEFT JOIN customers c ON c.tenant_id = g.tenant_id AND c.id = g.customer_id
     WHERE g.tenant_id = ? AND g.account_id = ? ORDER BY g.created_at DESC, g.id DESC`,
    [tenantId, accountId],
  );
  return withSchedules(em, tenantId, rows, today);
}

/** The back-office queue: requests by status, oldest first for those waiting. */
export async function agreementsByStatus(em: EntityManager, tenantId: string, status: AgreementStatus, today: string, limit = 100): Promise<AgreementView[]> {
  const rows = await sqlOf(em)<AgreementRow>(
    `SELECT g.*, a.number AS account_number, c.name AS customer_name FROM payments_agreements g
     JOIN accounts a ON a.tenant_id = g.tenant_id AND a.id = g.account_id
     LEFT JOIN customers c ON c.tenant_id = g.tenant_id AND c.id = g.customer_id
     WHERE g.tenant_id = ? AND g.status = ? ORDER BY g.created_at ${status === 'pending' ? 'ASC' : 'DESC'}, g.id LIMIT ${Math.trunc(limit)}`,
    [tenantId, status],
  );
  return withSchedules(em, tenantId, rows, today);
}

async function withSchedules(em: EntityManager, tenantId: string, rows: AgreementRow[], today: string): Promise<AgreementView[]> {
  if (!rows.length) return [];
  const schedules = await schedulesOf(em, tenantId, rows.map((r) => r.id), today);
  return rows.map((r) => ({
    id: r.id,
    accountId: r.account_id,
    accountNumber: r.account_number,
    customerName: r.customer_name ?? null,
    ...agreementTerms(r),
    createdAt: new Date(r.created_at),
    reviewedAt: r.reviewed_at ? new Date(r.reviewed_at) : null,
    schedule: schedules.get(r.id) ?? [],
  }));
}

/** What was asked and decided, from a `payments_agreements` row: every view of an agreement shows these. */
export function agreementTerms(r: AgreementTermsRow) {
  return {
    status: r.status,
    debt: fromCents(toCents(r.debt)),
    downPayment: fromCents(toCents(r.down_payment)),
    instalments: r.instalments,
    instalmentAmount: fromCents(toCents(r.instalment_amount)),
    note: r.note,
    rejectReason: r.reject_reason,
  };
}

/** The instalments of each agreement (number 0 is the down payment), with their state on `today`. */
export async function schedulesOf(em: EntityManager, tenantId: string, agreementIds: number[], today: string): Promise<Map<number, InstalmentView[]>> {
  const schedules = new Map<number, InstalmentView[]>();
  if (!agreementIds.length) return schedules;
  const instalments = await sqlOf(em)<InstalmentRow>(
    `SELECT agreement_id, number, due_date, amount, paid_on FROM payments_agreement_instalments WHERE tenant_id = ? AND agreement_id IN (?) ORDER BY agreement_id, number`,
    [tenantId, agreementIds],
  );
  for (const i of instalments) {
    const dueDate = dayText(i.due_date);
    const paidOn = i.paid_on ? dayText(i.paid_on) : null;
    const state: InstalmentState = paidOn ? 'paid' : dueDate < today ? 'overdue' : 'pending';
    const list = schedules.get(i.agreement_id) ?? [];
    list.push({ number: i.number, dueDate, amount: fromCents(toCents(i.amount)), paidOn, state });
    schedules.set(i.agreement_id, list);
  }
  return schedules;
}

/** Null when the account already has a request under review (one at a time, enforced by the database). */
export async function requestAgreement(
  em: EntityManager,
  tenantId: string,
  input: { accountId: number; customerId: number; plan: AgreementPlan; note: string | null },
): Promise<number | null> {
  const { plan } = input;
  const rows = await sqlOf(em)<{ id: number }>(
    `INSERT INTO payments_agreements (tenant_id, account_id, customer_id, debt, down_payment, instalments, instalment_amount, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, account_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
    [tenantId, input.accountId, input.customerId, fromCents(plan.debtCents), fromCents(plan.downPaymentCents), plan.instalments, fromCents(plan.instalmentCents), input.note],
  );
  return rows[0]?.id ?? null;
}

export async function hasPendingAgreement(em: EntityManager, tenantId: string, accountId: number): Promise<boolean> {
  const rows = await sqlOf(em)(`SELECT 1 FROM payments_agreements WHERE tenant_id = ? AND account_id = ? AND status = 'pending'`, [tenantId, accountId]);
  return rows.length > 0;
}

export interface Reviewed {
  id: number;
  accountId: number;
  customerId: number | null;
}

/**
 * A request still waiting for a decision, locked until the caller's transaction ends: deciders
 * taking it at once queue here, and the ones after the first find it decided (null).
 */
export async function lockPending(tx: EntityManager, tenantId: string, id: number): Promise<{ accountId: number; debt: string } | null> {
  const [row] = await sqlOf(tx)<{ account_id: number; debt: string }>(`SELECT account_id, debt FROM payments_agreements WHERE tenant_id = ? AND id = ? AND status = 'pending' FOR UPDATE`, [tenantId, id]);
  return row ? { accountId: row.account_id, debt: fromCents(toCents(row.debt)) } : null;
}

/**
 * Approves a pending request and lays out its schedule: the down payment a few days after
 * approval, then one instalment a month. Null when it is not pending any more (someone else
 * decided first), so a double click cannot create two schedules.
 */
export async function approveAgreement(tx: EntityManager, tenantId: string, id: number, staffId: number | null, today: string): Promise<Reviewed | null> {
  const sql = sqlOf(tx);
  const [row] = await sql<{ id: number; account_id: number; customer_id: number | null; debt: string; down_payment: string; instalments: number; instalment_amount: string }>(
    `UPDATE payments_agreements SET status = 'approved', reviewed_by = ?, reviewed_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'pending'
     RETURNING id, account_id, customer_id, debt, down_payment, instalments, instalment_amount`,
    [staffId, tenantId, id],
  );
  if (!row) return null;
  const down = toCents(row.down_payment);
  const each = toCents(row.instalment_amount);
  const last = toCents(row.debt) - down - each * (row.instalments - 1);
  const schedule: [number, string, number][] = [];
  if (down > 0) schedule.push([0, addDays(today, DOWN_PAYMENT_DAYS), down]);
  for (let n = 1; n <= row.instalments; n++) schedule.push([n, addMonthsToDay(today, n), n === row.instalments ? last : each]);
  for (const [number, due, cents] of schedule) {
    await sql(
      `INSERT INTO payments_agreement_instalments (tenant_id, agreement_id, number, due_date, amount) VALUES (?, ?, ?, ?, ?)`,
      [tenantId, row.id, number, due, fromCents(cents)],
    );
  }
  return { id: row.id, accountId: row.account_id, customerId: row.customer_id };
}

export async function rejectAgreement(tx: EntityManager, tenantId: string, id: number, staffId: number | null, reason: string): Promise<Reviewed | null> {
  const [row] = await sqlOf(tx)<{ id: number; account_id: number; customer_id: number | null }>(
    `UPDATE payments_agreements SET status = 'rejected', reject_reason = ?, reviewed_by = ?, reviewed_at = now()
     WHERE tenant_id = ? AND id = ? AND status = 'pending' RETURNING id, account_id, customer_id`,
    [reason, staffId, tenantId, id],
  );
  return row ? { id: row.id, accountId: row.account_id, customerId: row.customer_id } : null;
}

/** An instalment paid (the provider says so); the agreement is completed when none is left. */
export async function markInstalmentPaid(em: EntityManager, tenantId: string, agreementId: number, number: number, paidOn: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    const sql = sqlOf(tx);
    const rows = await sql<{ id: number }>(
      `UPDATE payments_agreement_instalments SET paid_on = ? WHERE tenant_id = ? AND agreement_id = ? AND number = ? AND paid_on IS NULL RETURNING id`,
      [paidOn, tenantId, agreementId, number],
    );
    if (!rows.length) return false;
    // The agreement is touched either way: a sync by updated_since must see the instalment paid.
    await sql(
      `UPDATE payments_agreements SET updated_at = now(), status = CASE
         WHEN status = 'approved' AND NOT EXISTS (SELECT 1 FROM payments_agreement_instalments WHERE tenant_id = ? AND agreement_id = ? AND paid_on IS NULL)
         THEN 'completed' ELSE status END
       WHERE tenant_id = ? AND id = ?`,
      [tenantId, agreementId, tenantId, agreementId],
    );
    return true;
  });
}
