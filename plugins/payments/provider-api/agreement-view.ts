import type { EntityManager } from '@mikro-orm/postgresql';
import { cursorColumn, equalsFilter, iso } from 'portal/sdk';
import { agreementTerms, schedulesOf, type AgreementTermsRow, type InstalmentView } from '../data/agreements.ts';
import { sqlOf } from '../data/sql.ts';
import { customerOf, customerSchema, type CustomerRefRow } from './customer-ref.ts';

const money = { type: 'string', description: 'Two decimals, as text: "1234.56".' } as const;

export const agreementApiView = {
  type: 'object',
  properties: {
    id: { type: 'integer', description: "The portal's id of the agreement." },
    status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'completed', 'cancelled'], description: '`pending` waits for a decision; `completed` once every instalment is paid.' },
    accountNumber: { type: 'string' },
    customer: customerSchema,
    currency: { type: 'string' },
    debt: { ...money, description: 'The balance the agreement covers.' },
    downPayment: money,
    instalments: { type: 'integer', description: 'Monthly instalments after the down payment.' },
    instalmentAmount: { ...money, description: 'Each instalment; the last one takes the rounding.' },
    note: { type: ['string', 'null'], description: "The customer's note to the request." },
    rejectReason: { type: ['string', 'null'] },
    schedule: {
      type: 'array',
      description: 'Empty until approved. Number 0 is the down payment.',
      items: {
        type: 'object',
        properties: {
          number: { type: 'integer' },
          dueDate: { type: 'string', format: 'date' },
          amount: money,
          paidOn: { type: ['string', 'null'], format: 'date' },
          state: { type: 'string', enum: ['paid', 'overdue', 'pending'] },
        },
      },
    },
    decidedAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time', description: 'The request, its decision or its last instalment paid.' },
  },
} as const;

const SELECT = `SELECT g.id, g.status, a.number AS account_number, c.id AS customer_id, c.external_id AS customer_external_id, g.debt,
  g.down_payment, g.instalments, g.instalment_amount, g.note, g.reject_reason, g.reviewed_at, g.created_at, g.updated_at, ${cursorColumn('g')}
  FROM payments_agreements g
  JOIN accounts a ON a.id = g.account_id AND a.tenant_id = g.tenant_id
  LEFT JOIN customers c ON c.id = g.customer_id AND c.tenant_id = g.tenant_id
  WHERE g.tenant_id = ?`;

/** A row of SELECT: timestamps Date, or strings on the embedded driver. */
interface AgreementApiRow extends AgreementTermsRow, CustomerRefRow {
  id: number;
  account_number: string;
  reviewed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  cursor_at: string;
}

export interface AgreementFilter {
  id?: number;
  status?: string;
  account?: string;
}

/** Agreement rows with their schedules, for one page of the list or one agreement. */
export async function agreementRecords(em: EntityManager, tenantId: string, today: string, filter: AgreementFilter, page = { where: '', params: [] as unknown[], tail: '' }) {
  const by = equalsFilter([['g.id', filter.id], ['g.status', filter.status], ['a.number', filter.account]]);
  const rows = await sqlOf(em)<AgreementApiRow>(`${SELECT}${by.where}${page.where}${page.tail}`, [tenantId, ...by.params, ...page.params]);
  const schedules = await schedulesOf(em, tenantId, rows.map((r) => r.id), today);
  return rows.map((r) => Object.assign(r, { schedule: schedules.get(r.id) ?? [] }));
}

export function agreementOf(r: AgreementApiRow & { schedule: InstalmentView[] }, currency: string) {
  const { status, ...terms } = agreementTerms(r);
  return {
    id: r.id,
    status,
    accountNumber: r.account_number,
    customer: customerOf(r),
    currency: currency.toUpperCase(),
    ...terms,
    schedule: r.schedule,
    decidedAt: iso(r.reviewed_at),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}
