import { join } from 'node:path';
import { REPO_ROOT, Scheduler, startTestPortal, type TestPortal, type TestStorage, seedCustomer, type SeededCustomer, browser, query, type Client } from 'portal/testing';
import { AccountService } from 'portal/sdk';
import type { TicketStatus } from '../entities.ts';

export const TENANTS_DIR = join(REPO_ROOT, 'plugins/tickets/test-fixtures/tenants');
export const HOSTS = { soporte: 'portal.soporte.test', nube: 'portal.nube.test', red: 'portal.red.test', mesa: 'portal.mesa.test', plazos: 'portal.plazos.test' } as const;
export type TenantId = keyof typeof HOSTS;
export const PASSWORD = 'Ticket-Ventoso-58';

/** A portal on the plugin’s own fixture tenants: soporte (es-AR), nube (en), mesa (no notify list) and plazos (promised times) enable tickets, red does not. */
export function startTicketsPortal(storage?: TestStorage): Promise<TestPortal> {
  return startTestPortal({ tenantsDir: TENANTS_DIR }, { storage });
}

export interface ServiceInput {
  kind: string;
  plan: string;
  address?: string;
  status?: string;
}

export interface TestCustomer extends SeededCustomer {
  name: string;
  services: number[];
}

/** A customer who can log in, with one account holding `services`. */
export async function customer(portal: TestPortal, tenantId: TenantId, name: string, services: ServiceInput[] = []): Promise<TestCustomer> {
  const display = name[0].toUpperCase() + name.slice(1);
  const seeded = await seedCustomer(portal.db, {
    tenantId,
    email: `${name}@${tenantId}.test`,
    password: PASSWORD,
    name: display,
    accountNumber: `${tenantId.toUpperCase()}-${name.toUpperCase()}`,
  });
  const em = portal.db.forTenant(tenantId);
  const rows = services.map((s) =>
    em.create(AccountService, { tenantId, accountId: seeded.accountId, kind: s.kind, plan: s.plan, address: s.address ?? null, status: s.status ?? 'active' } as any),
  );
  await em.flush();
  return { ...seeded, name: display, services: rows.map((r) => r.id) };
}

export async function signedIn(portal: TestPortal, tenantId: TenantId, who: { email: string }): Promise<Client> {
  const client = browser(portal, HOSTS[tenantId]);
  const res = await client.login(who.email, PASSWORD);
  if (res.statusCode !== 303 && res.statusCode !== 302) throw new Error(`login failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  return client;
}

export interface FilePart {
  filename: string;
  data: Buffer;
  type?: string;
}

/**
 * Posts a multipart form as the page's form does: cookies of the client, the CSRF token as the
 * first field (checked before any file is read), files under the `attachment` field.
 */
export async function postMultipart(portal: TestPortal, client: Client, url: string, fields: Record<string, string>, files: FilePart[] = []) {
  const boundary = `----tickets${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: client.csrf, ...fields })) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = cookieHeader(client);
  return portal.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { host: client.host, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

function cookieHeader(client: Client, extra: Record<string, string> = {}): string {
  return Object.entries({ portal_sid: client.cookie('portal_sid'), _csrf: client.cookie('_csrf'), ...extra })
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('; ');
}

/**
 * Follows the redirect of a multipart post (sent past the client, so its cookies were not kept)
 * with the flash cookie it set, as the browser would: the page shows the flash message.
 */
export async function follow(client: Client, res: { headers: Record<string, unknown>; cookies: { name: string; value: string }[] }) {
  const flash = res.cookies.find((c) => c.name === 'flash')?.value;
  return client.get(String(res.headers.location).split('#')[0], { cookie: cookieHeader(client, flash ? { flash } : {}) });
}

/** Opens a ticket through the form, as the customer would; returns its number. */
export async function openThroughForm(
  portal: TestPortal,
  client: Client,
  fields: { subject: string; message: string; category?: string; service?: string },
  files: FilePart[] = [],
): Promise<number> {
  await client.get('/tickets/new');
  const res = await postMultipart(portal, client, '/tickets', { category: 'technical', ...fields }, files);
  if (res.statusCode !== 303) throw new Error(`open failed: ${res.statusCode}\n${res.body.slice(0, 2000)}`);
  return Number(/^\/tickets\/(\d+)$/.exec(String(res.headers.location))![1]);
}

/** A real 1×1 PNG and a minimal PDF: what file-type must recognise by their first bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export const sql = query;

/** A tickets row as the driver returns it: serial and integer columns as numbers; timestamps are Date, or strings on the embedded driver. */
export interface TicketRecord {
  id: number;
  tenant_id: string;
  number: number;
  customer_id: number;
  account_id: number | null;
  service_id: number | null;
  category: string;
  subject: string;
  status: TicketStatus;
  assigned_to: number | null;
  last_activity_at: Date | string;
  answered_at: Date | string | null;
  closed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export async function ticketRow(portal: TestPortal, tenantId: string, number: number): Promise<TicketRecord> {
  const [row] = await query<TicketRecord>(portal, `SELECT * FROM tickets WHERE tenant_id = ? AND number = ?`, [tenantId, number]);
  return row;
}

export async function mails(portal: TestPortal, tenantId: string): Promise<{ to_address: string; subject: string; text: string; html: string }[]> {
  return query(portal, `SELECT to_address, subject, text, html FROM mail_outbox WHERE tenant_id = ? ORDER BY id`, [tenantId]);
}

/** Runs the auto-close slot in `processes` schedulers at once, as that many portal processes would. */
export async function runAutoClose(portal: TestPortal, tenantId: TenantId, slot: Date, processes = 1): Promise<boolean[]> {
  const plugin = portal.plugins.find((p) => p.name === 'tickets')!;
  const job = plugin.definition.jobs!.find((j) => j.name === 'auto-close')!;
  const deps = { db: portal.db, tenants: portal.tenants, plugins: portal.plugins, services: portal.services, log: portal.app.log };
  const tenant = portal.tenants.get(tenantId)!;
  return Promise.all(Array.from({ length: processes }, () => new Scheduler(deps).runSlot('tickets', job, tenant, slot)));
}
