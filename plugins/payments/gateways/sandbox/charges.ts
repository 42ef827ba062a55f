import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlOf } from '../../data/sql.ts';

export type SandboxDecision = 'approved' | 'rejected' | 'pending';

export interface SandboxCharge {
  token: string;
  reference: string;
  amount: string;
  currency: string;
  description: string;
  status: 'open' | SandboxDecision | 'refunded';
  updatedAt: Date;
}

/** A payments_sandbox_charges row: amount numeric as a string, updated_at a Date or a string on the embedded driver. */
interface ChargeRow {
  token: string;
  reference: string;
  amount: string;
  currency: string;
  description: string;
  status: SandboxCharge['status'];
  updated_at: Date | string;
}

/** The sandbox gateway's own ledger: what a real gateway would keep on its side. */
export async function createCharge(em: EntityManager, tenantId: string, input: { reference: string; amount: string; currency: string; description: string }): Promise<string> {
  const token = randomBytes(16).toString('base64url');
  await sqlOf(em)(
    `INSERT INTO payments_sandbox_charges (token, tenant_id, reference, amount, currency, description) VALUES (?, ?, ?, ?, ?, ?)`,
    [token, tenantId, input.reference, input.amount, input.currency, input.description.slice(0, 255)],
  );
  return token;
}

export async function chargeByToken(em: EntityManager, tenantId: string, token: string): Promise<SandboxCharge | null> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return null;
  const [row] = await sqlOf(em)<ChargeRow>(`SELECT * FROM payments_sandbox_charges WHERE tenant_id = ? AND token = ?`, [tenantId, token]);
  return row ? charge(row) : null;
}

export async function chargeByReference(em: EntityManager, tenantId: string, reference: string): Promise<SandboxCharge | null> {
  const [row] = await sqlOf(em)<ChargeRow>(`SELECT * FROM payments_sandbox_charges WHERE tenant_id = ? AND reference = ? ORDER BY created_at DESC LIMIT 1`, [tenantId, reference]);
  return row ? charge(row) : null;
}

/** A tester's decision; a decided charge stays decided, as at a real gateway (pending may still be decided later). */
export async function decideCharge(em: EntityManager, tenantId: string, token: string, decision: SandboxDecision): Promise<boolean> {
  const rows = await sqlOf(em)(
    `UPDATE payments_sandbox_charges SET status = ?, updated_at = now()
     WHERE tenant_id = ? AND token = ? AND status IN ('open', 'pending') RETURNING token`,
    [decision, tenantId, token],
  );
  return rows.length > 0;
}

/** Gives an approved charge back, whole; false when there is no approved charge to give back. */
export async function refundCharge(em: EntityManager, tenantId: string, token: string): Promise<boolean> {
  const rows = await sqlOf(em)(
    `UPDATE payments_sandbox_charges SET status = 'refunded', updated_at = now()
     WHERE tenant_id = ? AND token = ? AND status = 'approved' RETURNING token`,
    [tenantId, token],
  );
  return rows.length > 0;
}

function charge(row: ChargeRow): SandboxCharge {
  return {
    token: row.token,
    reference: row.reference,
    amount: String(row.amount),
    currency: String(row.currency).trim(),
    description: row.description,
    status: row.status,
    updatedAt: new Date(row.updated_at),
  };
}
