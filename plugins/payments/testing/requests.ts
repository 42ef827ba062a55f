import type { TestPortal, Client } from 'portal/testing';
import { sql, type Customer } from './harness.ts';

/** Location header of a redirect. */
export function location(res: { headers: Record<string, unknown> }): string {
  return String(res.headers.location ?? '');
}

/** The browser's cookies for a hand-made request (repeated fields, multipart). */
export function cookiesOf(client: Client): string {
  return ['portal_sid', '_csrf']
    .map((name) => [name, client.cookie(name)])
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('; ');
}

/** Posts a urlencoded form whose fields may repeat (`invoice=1&invoice=2`), with the client's CSRF token. */
export function postPairs(portal: TestPortal, client: Client, url: string, pairs: [string, string][]) {
  const body = new URLSearchParams([['_csrf', client.csrf], ...pairs]);
  return portal.app.inject({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { host: client.host, cookie: cookiesOf(client), 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/**
 * Starts a checkout the way the pages do: the choose-gateway page for the selection, then its
 * form. Returns where the customer is sent and the reference of the new payment.
 */
export async function checkout(portal: TestPortal, c: Customer, selection: [string, string][], gateway: string): Promise<{ status: number; location: string; reference: string | null }> {
  const pairs: [string, string][] = [['account', c.accountNumber], ...selection];
  const page = await c.client.get(`/payments/pay?${new URLSearchParams(pairs)}`);
  if (page.statusCode !== 200) return { status: page.statusCode, location: location(page), reference: null };
  const all: [string, string][] = [...pairs, ['gateway', gateway]];
  // The client keeps the response's cookies (the flash message) only for forms without repeated fields.
  const repeated = new Set(all.map(([k]) => k)).size < all.length;
  const res = repeated ? await postPairs(portal, c.client, '/payments/checkout', all) : await c.client.post('/payments/checkout', Object.fromEntries(all));
  const [row] = await sql<{ reference: string }>(portal, `SELECT reference FROM payments_payments WHERE tenant_id = ? AND account_id = ? ORDER BY id DESC LIMIT 1`, [c.tenantId, c.accountId]);
  return { status: res.statusCode, location: location(res), reference: res.statusCode === 303 && row ? row.reference : null };
}

/** A real 1×1 PNG, and a minimal PDF: what file-type must recognise by their first bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export interface Upload {
  name: string;
  filename: string;
  data: Buffer;
  type?: string;
}

/** A multipart form as the report page sends it: the CSRF token as its first field. */
export function postMultipart(portal: TestPortal, client: Client, url: string, fields: Record<string, string>, files: Upload[] = []) {
  const boundary = `----pay${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: client.csrf, ...fields })) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const f of files) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return portal.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat(chunks),
    headers: { host: client.host, cookie: cookiesOf(client), 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
