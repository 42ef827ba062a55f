import { join } from 'node:path';
import { REPO_ROOT, startTestPortal, type TestPortal, type TestStorage, seedCustomer, type SeededCustomer, Client, createStaff, loginStaff } from 'portal/testing';
import { AccountService, type StaffRole } from 'portal/sdk';

const FIXTURES = join(REPO_ROOT, 'plugins/service-requests/test-fixtures');
export const HOSTS = { norte: 'portal.norte.test', sur: 'portal.sur.test', libre: 'portal.libre.test' } as const;
export type TenantId = keyof typeof HOSTS;
export const PASSWORD = 'Tramite-Lento-2024';

/** The plugin's own tenants, the real plugins and the test plugin that declares extra request types. */
export function startRequestsPortal(storage?: TestStorage): Promise<TestPortal> {
  return startTestPortal(
    {
      tenantsDir: join(FIXTURES, 'tenants'),
      pluginPaths: [join(REPO_ROOT, 'plugins'), join(FIXTURES, 'plugins')],
    },
    { storage },
  );
}

export interface Customer extends SeededCustomer {
  tenantId: TenantId;
  services: number[];
}

export interface ServiceInput {
  kind?: string;
  plan?: string;
  status?: string;
  address?: string;
}

/** A customer who can log in, holding one account (DNI 30123456) with the given services. */
export async function customer(portal: TestPortal, tenantId: TenantId, name: string, services: ServiceInput[] = [{}]): Promise<Customer> {
  const seeded = await seedCustomer(portal.db, {
    tenantId,
    email: `${name}@${tenantId}.test`,
    password: PASSWORD,
    name: name[0].toUpperCase() + name.slice(1),
    accountNumber: `${tenantId.toUpperCase()}-${name.toUpperCase()}`,
  });
  const em = portal.db.forTenant(tenantId);
  const rows = services.map((s) =>
    em.create(AccountService, {
      tenantId,
      accountId: seeded.accountId,
      kind: s.kind ?? 'internet',
      plan: s.plan ?? 'Fibra 100',
      address: s.address ?? 'Calle Falsa 123',
      status: s.status ?? 'active',
    } as any),
  );
  await em.flush();
  return { ...seeded, tenantId, services: rows.map((r) => r.id) };
}

export async function signedIn(portal: TestPortal, who: { tenantId: TenantId; email: string }): Promise<Client> {
  const client = new Client(portal.app, HOSTS[who.tenantId]);
  const res = await client.login(who.email, PASSWORD);
  if (res.statusCode !== 303 && res.statusCode !== 302) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return client;
}

export async function operator(portal: TestPortal, tenantId: TenantId, role: StaffRole = 'support'): Promise<Client> {
  return loginStaff(portal, HOSTS[tenantId], await createStaff(portal, tenantId, { role }));
}

export function formUrl(type: string, account: string, service?: number): string {
  const q = new URLSearchParams({ account });
  if (service !== undefined) q.set('service', String(service));
  return `/service-requests/new/${type}?${q}`;
}

export interface FilePart {
  name: string;
  filename: string;
  data: Buffer;
  type?: string;
}

/** Posts a multipart form with the client's cookies and its CSRF token as the form's first field, as the page's form sends it. */
export async function postMultipart(portal: TestPortal, client: Client, url: string, fields: Record<string, string>, files: FilePart[] = []) {
  const boundary = `----sr${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: client.csrf, ...fields })) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = ['portal_sid', '_csrf']
    .map((name) => [name, client.cookie(name)])
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('; ');
  return portal.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { host: client.host, cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** A real 1×1 PNG and a small real PDF: what file-type must recognise by their first bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export const OWNERSHIP_FIELDS = {
  newHolderName: 'Sofía Benítez',
  newHolderDocument: '20-12345678-6',
  newHolderEmail: 'sofia@example.com',
  newHolderPhone: '+54 9 11 5555-0199',
  relationship: 'family',
  currentHolderConsent: 'on',
};

export const OWNERSHIP_FILES: FilePart[] = [
  { name: 'doc-newHolderId', filename: 'dni.png', data: PNG, type: 'image/png' },
  { name: 'doc-consent', filename: 'conformidad.pdf', data: PDF, type: 'application/pdf' },
];

/** Files an ownership change for the customer's account; returns the new request's id. */
export async function fileOwnershipChange(portal: TestPortal, client: Client, who: Customer, fields: Record<string, string> = {}): Promise<number> {
  const url = formUrl('ownership-change', who.accountNumber);
  await client.get(url);
  const res = await postMultipart(portal, client, url, { ...OWNERSHIP_FIELDS, ...fields }, OWNERSHIP_FILES);
  if (res.statusCode !== 303) throw new Error(`filing failed: ${res.statusCode}\n${res.body}`);
  return Number(/\/service-requests\/(\d+)$/.exec(String(res.headers.location))![1]);
}

/** Files a request with a plain (urlencoded) form, for types without documents. */
export async function fileForm(client: Client, url: string, fields: Record<string, string>): Promise<number> {
  const res = await client.submit(url, url, fields);
  if (res.statusCode !== 303) throw new Error(`filing failed: ${res.statusCode}\n${res.body}`);
  return Number(/\/service-requests\/(\d+)$/.exec(String(res.headers.location))![1]);
}

/** An operator's action on a request, with a fresh CSRF token from its page. */
export async function act(staff: Client, id: number, action: 'review' | 'ask' | 'approve' | 'reject', form: Record<string, string> = {}) {
  return staff.submit(`/staff/service-requests/${id}`, `/staff/service-requests/${id}/${action}`, action === 'approve' ? { confirm: 'yes', ...form } : form);
}

/** A page's HTML with Handlebars' entity escapes undone, to look for links as a browser reads them. */
export function unescaped(html: string): string {
  return html.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

export function sql<T = any>(portal: TestPortal, query: string, params: unknown[] = []): Promise<T[]> {
  return portal.db.orm.em.getConnection().execute<T[]>(query, params as any[]);
}

/** The columns of a service_requests row the tests read (`SELECT *` returns more). */
export interface RequestRow {
  id: number;
  number: number;
  tenant_id: string;
  type: string;
  status: string;
  data: unknown;
  customer_id: number | null;
  account_id: number | null;
  service_id: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
}

export interface AccountRow {
  holder_name: string;
  document_type: string;
  document_number: string;
  email: string | null;
  customer_id: number | null;
}

export async function requestRow(portal: TestPortal, id: number): Promise<RequestRow> {
  const [row] = await sql<RequestRow>(portal, 'SELECT * FROM service_requests WHERE id = ?', [id]);
  return row;
}

export async function accountRow(portal: TestPortal, id: number): Promise<AccountRow> {
  const [row] = await sql<AccountRow>(portal, 'SELECT holder_name, document_type, document_number, email, customer_id FROM accounts WHERE id = ?', [id]);
  return row;
}

export async function mailsTo(portal: TestPortal, to: string): Promise<{ subject: string; text: string }[]> {
  return sql(portal, 'SELECT subject, text FROM mail_outbox WHERE lower(to_address) = lower(?) ORDER BY id', [to]);
}

/** The portal's, re-exported so this harness's tests take it with the rest. */
export { auditRows, type AuditRow } from 'portal/testing';
