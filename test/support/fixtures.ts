import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Portal } from '../../core/portal.ts';
import { Account, Customer } from '../../core/accounts/entities.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { Client } from './browser-like-client.ts';

export const HOSTS = { alpha: 'portal.alpha.test', beta: 'portal.beta.test' } as const;

let serial = 0;
/** Account numbers and emails unique within a test file (each file has its own database). */
export function unique(prefix = ''): string {
  serial += 1;
  return `${prefix}${String(serial).padStart(4, '0')}`;
}

let lastIp = 0;
/**
 * A browser on its own IP address: per-IP rate limits count each test separately, as they
 * would count different customers.
 */
export function browser(portal: Portal, host: string, ip?: string): Client {
  lastIp += 1;
  const remoteAddress = ip ?? `10.0.${Math.floor(lastIp / 250)}.${(lastIp % 250) + 1}`;
  const app = { inject: (opts: InjectOptions) => portal.app.inject({ ...opts, remoteAddress }) } as unknown as FastifyInstance;
  return new Client(app, host);
}

export interface AccountInput {
  number?: string;
  holderName?: string;
  documentType?: string;
  documentNumber?: string;
  email?: string | null;
  brandId?: string | null;
}

export async function createAccount(portal: Portal, tenantId: string, input: AccountInput = {}, customerId: number | null = null) {
  const em = portal.db.forTenant(tenantId);
  const account = em.create(Account, {
    tenantId,
    number: input.number ?? unique('1'),
    holderName: input.holderName ?? 'Juana Pérez',
    documentType: input.documentType ?? 'DNI',
    documentNumber: input.documentNumber ?? '30123456',
    email: input.email ?? null,
    brandId: input.brandId ?? null,
    customerId,
  });
  await em.flush();
  return account;
}

export interface CustomerInput {
  email?: string | null;
  name?: string;
  password?: string | null;
  mustChangePassword?: boolean;
  phone?: string | null;
  accounts?: AccountInput[];
}

/** A login with a known password and its accounts (one, by default), as the provider's data would have them. */
export async function createCustomer(portal: Portal, tenantId: string, input: CustomerInput = {}) {
  const em = portal.db.forTenant(tenantId);
  const password = input.password === undefined ? 'caballo-bateria-grapa' : input.password;
  const customer = em.create(Customer, {
    tenantId,
    email: input.email === undefined ? `${unique('cliente')}@example.com` : input.email,
    name: input.name ?? 'Juana Pérez',
    phone: input.phone ?? null,
    passwordHash: password ? await hashPassword(password) : null,
    mustChangePassword: input.mustChangePassword ?? false,
  });
  await em.flush();
  const accounts = [];
  for (const a of input.accounts ?? [{}]) accounts.push(await createAccount(portal, tenantId, a, customer.id));
  return { customer, accounts, password: password ?? '', email: customer.email as string | null, number: accounts[0]?.number };
}

export async function query<T = any>(portal: Portal, sql: string, params: unknown[] = []): Promise<T[]> {
  return portal.db.orm.em.getConnection().execute(sql, params as any[], 'all') as Promise<T[]>;
}

export interface OutboxRow {
  id: number;
  to_address: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * As if `minutes` had passed for what the audit trail says about `subject` (the login throttles
 * read it). The trail is append-only, so its owner, the test, lifts the guard for this update.
 */
export async function ageAuditTrail(portal: Portal, subject: string, minutes: number): Promise<void> {
  await query(portal, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await query(portal, `UPDATE audit_log SET at = at - (? * interval '1 minute') WHERE subject = ?`, [minutes, subject]);
  } finally {
    await query(portal, 'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
}

/** Mail queued after a reply counts too: it is waited for, as a customer would wait for it. */
export async function outbox(portal: Portal, tenantId: string, to: string): Promise<OutboxRow[]> {
  await portal.services.afterReply.settled();
  return query<OutboxRow>(portal, 'SELECT id, to_address, subject, text, html FROM mail_outbox WHERE tenant_id = ? AND lower(to_address) = lower(?) ORDER BY id', [tenantId, to]);
}

/** The token of the first link to `path` in an email's text, as a customer would click it. */
export function tokenFrom(text: string, path: string): string {
  const escaped = path.replace(/[/.?]/g, (c) => `\\${c}`);
  const match = new RegExp(`https?://[^\\s/]+${escaped}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}

export async function sessionsOf(portal: Portal, customerId: number): Promise<{ id_hash: string; tenant_id: string }[]> {
  return query(portal, 'SELECT id_hash, tenant_id FROM sessions WHERE customer_id = ? ORDER BY created_at', [customerId]);
}

/** Location of a redirect, without the host. */
export function location(res: { headers: Record<string, unknown> }): string {
  return String(res.headers.location ?? '');
}
