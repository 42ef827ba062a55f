import { join } from 'node:path';
import { expect } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import type { StaffRole } from '../../core/plugins/define-plugin.ts';
import { createStaffUser } from '../../core/staff/staff-users.ts';
import { newTotpSecret } from '../../core/staff/totp.ts';
import { TotpSealer, totpOwner } from '../../core/staff/totp-secret.ts';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';
import { browser, location, query } from '../support/fixtures.ts';
import type { Client } from '../support/browser-like-client.ts';

export const STAFF_HOSTS = { acme: 'portal.acme.test', globex: 'portal.globex.test' } as const;

/**
 * Two tenants of their own (acme enables the `desk` stand-in plugin, globex does not) and only
 * that plugin, so these tests do not move when other plugins change.
 */
export function startStaffPortal(): Promise<TestPortal> {
  return startTestPortal({
    tenantsDir: join(REPO_ROOT, 'test/staff/fixtures/tenants'),
    pluginPaths: [join(REPO_ROOT, 'test/staff/fixtures/plugins')],
  });
}

export interface StaffFixture {
  id: number;
  tenantId: string;
  email: string;
  password: string;
  role: StaffRole;
}

let serial = 0;

export interface StaffInput {
  role: StaffRole;
  email?: string;
  name?: string;
  password?: string;
  /** TOTP already set up; default: administrators only (as after their first login). */
  totp?: boolean;
}

export async function createStaff(portal: TestPortal, tenantId: string, input: StaffInput): Promise<StaffFixture> {
  serial += 1;
  const email = input.email ?? `${input.role}${serial}@${tenantId}.test`;
  const password = input.password ?? 'mate amargo con bizcochitos';
  const em = portal.db.forTenant(tenantId);
  const { user } = await createStaffUser(em, tenantId, { email, name: input.name ?? `Operador ${serial}`, role: input.role, password });
  if (input.totp ?? input.role === 'administrator') {
    user.totpSecret = sealer(portal).seal(newTotpSecret(), totpOwner(tenantId, user.id));
    user.totpEnabledAt = new Date();
    await em.flush();
  }
  return { id: user.id, tenantId, email, password, role: input.role };
}

function sealer(portal: TestPortal): TotpSealer {
  return new TotpSealer(portal.config.session.secret);
}

/** The secret as stored, opened the way the portal opens it. */
export async function totpSecretOf(portal: TestPortal, staff: { id: number; tenantId: string }): Promise<string> {
  const [row] = await query(portal, 'SELECT totp_secret FROM staff_users WHERE id = ?', [staff.id]);
  const secret = sealer(portal).open(row?.totp_secret, totpOwner(staff.tenantId, staff.id));
  if (!secret) throw new Error(`staff ${staff.id} has no readable TOTP secret`);
  return secret;
}

export function codeFor(secret: string, offsetSteps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + offsetSteps * 30_000 });
}

/**
 * A fresh code for the current step. Tests log the same operator in more often than one code
 * per 30 s allows, so the last used step is forgotten first; the replay test does not do this.
 */
export async function freshCode(portal: TestPortal, staff: { id: number; tenantId: string }): Promise<string> {
  await query(portal, 'UPDATE staff_users SET totp_last_step = NULL WHERE id = ?', [staff.id]);
  return codeFor(await totpSecretOf(portal, staff));
}

/** Password, then TOTP when the operator has it: a client holding a full staff session. */
export async function loginStaff(portal: TestPortal, host: string, staff: StaffFixture, client: Client = browser(portal, host)): Promise<Client> {
  await client.get('/staff/login');
  const first = await client.post('/staff/login', { email: staff.email, password: staff.password });
  expect(first.statusCode, first.body).toBe(303);
  if (location(first).startsWith('/staff/login/totp')) {
    await client.get('/staff/login/totp');
    const second = await client.post('/staff/login/totp', { code: await freshCode(portal, staff) });
    expect(second.statusCode, second.body).toBe(303);
  }
  return client;
}

/** An audit_log row as the driver returns it: bigserial id and timestamptz as strings, details parsed. */
export interface AuditRow {
  id: string;
  tenant_id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  /** NULL in the table when an entry has none; typed as present so a test reads what it recorded directly. */
  details: Record<string, unknown>;
}

export async function auditRows(portal: TestPortal, tenantId: string, action: string): Promise<AuditRow[]> {
  return query<AuditRow>(portal, 'SELECT * FROM audit_log WHERE tenant_id = ? AND action = ? ORDER BY id', [tenantId, action]);
}

export async function staffRow(portal: TestPortal, id: number): Promise<any> {
  const [row] = await query(portal, 'SELECT * FROM staff_users WHERE id = ?', [id]);
  return row;
}
