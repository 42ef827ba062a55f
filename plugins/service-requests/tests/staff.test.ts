import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { act, auditRows, customer, fileForm, fileOwnershipChange, formUrl, operator, PNG, requestRow, signedIn, sql, startRequestsPortal, unescaped } from './harness.ts';

let portal: TestPortal;
let ownership: number;
let reconnection: number;
let documentId: number;
let accountNumber: string;
let anaCustomerId: number;

beforeAll(async () => {
  portal = await startRequestsPortal();
  const ana = await customer(portal, 'norte', 'ana', [{ status: 'suspended' }]);
  accountNumber = ana.accountNumber;
  anaCustomerId = ana.customerId;
  const client = await signedIn(portal, ana);
  ownership = await fileOwnershipChange(portal, client, ana);
  reconnection = await fileForm(client, formUrl('reconnection', ana.accountNumber, ana.services[0]), { reason: 'paid' });
  [{ id: documentId }] = await sql(portal, 'SELECT id FROM service_request_documents WHERE request_id = ? ORDER BY id LIMIT 1', [ownership]);
  // Yesterday's request, decided: out of the pending view, in the approved one.
  await sql(portal, `UPDATE service_requests SET created_at = now() - interval '5 days' WHERE id = ?`, [reconnection]);
});
afterAll(async () => portal?.dispose());

describe('the queue', () => {
  it('lists pending requests oldest first, filters by type and by state, counts each state', async () => {
    const staff = await operator(portal, 'norte', 'support');
    const page = await staff.get('/staff/service-requests');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    const body = page.body;
    expect(body.indexOf(`data-request="${reconnection}"`)).toBeLessThan(body.indexOf(`data-request="${ownership}"`));
    expect(body).toContain('hace 5 día(s)');
    expect(body).toMatch(/Pendientes <span class="sr-count">2<\/span>/);
    // Each row shows the request's own number, and its account's number apart.
    const [{ number }] = await sql<{ number: number }>(portal, 'SELECT number FROM service_requests WHERE id = ?', [ownership]);
    expect(body).toContain(`>N° ${number}</a>`);
    expect(body).toContain(`>${accountNumber}</a>`);

    const byType = await staff.get('/staff/service-requests?type=reconnection');
    expect(byType.body).toContain(`data-request="${reconnection}"`);
    expect(byType.body).not.toContain(`data-request="${ownership}"`);
    expect(byType.body).toContain('<option value="reconnection" selected>Reconexión</option>');

    const approved = await staff.get('/staff/service-requests?status=approved');
    expect(approved.body).toContain('No hay solicitudes con estos filtros.');
    const odd = await staff.get('/staff/service-requests?status=nonsense&type=%27;drop&page=-4');
    expect(odd.statusCode).toBe(200);
  });

  it('shows the documents as downloads, audited', async () => {
    const staff = await operator(portal, 'norte', 'billing');
    const detail = await staff.get(`/staff/service-requests/${ownership}`);
    expect(unescaped(detail.body)).toContain(`href="/staff/service-requests/${ownership}/documents/${documentId}"`);
    const file = await staff.get(`/staff/service-requests/${ownership}/documents/${documentId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="dni.png"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await auditRows(portal, 'norte', 'service-requests.document-downloaded')).map((r) => r.subject)).toEqual([String(ownership)]);
    expect((await staff.get(`/staff/service-requests/${reconnection}/documents/${documentId}`)).statusCode).toBe(404);
  });

  it('counts pending requests on the overview, highlighted when one waits too long', async () => {
    const staff = await operator(portal, 'norte', 'support');
    const overview = await staff.get('/staff');
    const card = /<li class="card staff-figure([^"]*)" id="figure-service-requests-open">[\s\S]*?<\/li>/.exec(overview.body)!;
    expect(card[0]).toContain('Solicitudes pendientes');
    expect(card[0]).toContain('<p class="card-value">2</p>');
    // A day ago only the reconnection, filed five days back, was waiting.
    expect(card[0]).toContain('▲ ayer: 1');
    expect(card[1]).toContain('staff-figure-attention');
  });
});

describe('who may do what', () => {
  it('field staff neither see nor decide: 403, audited, nothing changes', async () => {
    const field = await operator(portal, 'norte', 'field');
    expect((await field.get('/staff/service-requests')).statusCode).toBe(403);
    expect((await field.get(`/staff/service-requests/${ownership}`)).statusCode).toBe(403);
    const res = await act(field, ownership, 'approve');
    expect(res.statusCode).toBe(403);
    expect((await requestRow(portal, ownership)).status).toBe('submitted');
    const denied = await auditRows(portal, 'norte', 'staff.denied');
    expect(denied.map((r) => r.subject)).toEqual(expect.arrayContaining(['service-requests.view', 'service-requests.decide']));
    expect((await field.get('/staff')).body).not.toContain('href="/staff/service-requests"');
  });

  it('support and billing decide; each action is audited with the operator as actor', async () => {
    const support = await operator(portal, 'norte', 'support');
    expect((await act(support, ownership, 'review')).statusCode).toBe(303);
    const [entry] = await auditRows(portal, 'norte', 'service-requests.review-started');
    expect(entry).toMatchObject({ actor_type: 'staff', subject: String(ownership), outcome: 'success' });
    expect(entry.details).toMatchObject({ type: 'ownership-change', from: 'submitted', to: 'in_review' });
    const history = await (await operator(portal, 'norte', 'billing')).get(`/staff/service-requests/${ownership}`);
    expect(history.body).toMatch(/En revisión<\/strong> <span class="muted small">Operador \d+/);
    expect((await act(await operator(portal, 'norte', 'billing'), reconnection, 'reject', { message: 'Todavía figura la deuda.' })).statusCode).toBe(303);
    expect((await auditRows(portal, 'norte', 'service-requests.rejected')).map((r) => r.subject)).toEqual([String(reconnection)]);
  });

  it('the audit viewer names the actions in words', async () => {
    const admin = await operator(portal, 'norte', 'administrator');
    const page = await admin.get('/staff/audit?action=service-requests.rejected');
    expect(page.body).toContain('Solicitud rechazada');
  });
});

describe('the customer page', () => {
  it("lists the requests on the customer's accounts, newest first, each linking to its staff page", async () => {
    const staff = await operator(portal, 'norte', 'support');
    const page = await staff.get(`/staff/customers/${anaCustomerId}`);
    expect(page.statusCode).toBe(200);
    const panel = page.body.slice(page.body.indexOf('id="panel-service-requests-requests"'));
    expect(panel).toContain('2 solicitud(es) sobre sus cuentas.');
    const rows = [...panel.matchAll(/<tr data-request="(\d+)">\s*<td[^>]*><a href="([^"]+)">[^<]+<\/a><\/td>\s*<td class="wrap"[^>]*>([^<]+)<\/td>/g)].map((m) => [Number(m[1]), m[2], m[3]]);
    expect(rows).toEqual([
      [ownership, `/staff/service-requests/${ownership}`, 'Cambio de titular'],
      [reconnection, `/staff/service-requests/${reconnection}`, 'Reconexión'],
    ]);
    expect((await staff.get(`/staff/service-requests/${ownership}`)).statusCode).toBe(200);
  });
});
