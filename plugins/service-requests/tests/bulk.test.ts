import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, outbox, query, type Client, type TestPortal } from 'portal/testing';
import { customer, operator, startRequestsPortal, type Customer } from './harness.ts';

let portal: TestPortal;
let staff: Client;
let sol: Customer;
let next = 0;

/**
 * A reconnection request of `sol` (tenant norte) in `status`, as the customer's form and earlier
 * decisions leave it; each on its own service, since a service has one open request of a type.
 */
async function request(status: string, tenantId = 'norte', who: Customer = sol): Promise<{ id: number; number: number }> {
  const number = ++next;
  const [{ id }] = await query<{ id: number }>(
    portal,
    `INSERT INTO service_requests (tenant_id, number, type, account_id, service_id, customer_id, status) VALUES (?, ?, 'reconnection', ?, ?, ?, ?) RETURNING id`,
    [tenantId, number, who.accountId, who.services[number % who.services.length], who.customerId, status],
  );
  return { id: Number(id), number };
}

const flash = async (client = staff) => /<div class="alert[^>]*>[\s\S]*?<p>([\s\S]*?)<\/p>/.exec((await client.get('/staff/service-requests?status=all')).body)?.[1];
const statuses = async (ids: number[]) =>
  (await query<{ id: number; status: string }>(portal, `SELECT id, status FROM service_requests WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids)).map((r) => r.status);
const auditedIds = async (action: string) => (await auditRows(portal, 'norte', action)).map((a) => Number(a.subject));

beforeAll(async () => {
  portal = await startRequestsPortal();
  sol = await customer(portal, 'norte', 'sol', Array.from({ length: 16 }, () => ({ status: 'suspended' })));
  staff = await operator(portal, 'norte');
});
afterAll(async () => portal?.dispose());

describe('bulk actions on the service-requests queue', () => {
  it('offers a labelled checkbox per request and the two actions to an operator who decides', async () => {
    const r = await request('submitted');
    const page = await staff.get('/staff/service-requests');
    expect(page.body).toContain(`<input type="checkbox" name="request" value="${r.id}" id="sr-pick-${r.id}" aria-label="Elegir la solicitud N° ${r.number}">`);
    expect(page.body).toContain('Tomar para revisión');
    expect(page.body).toContain('Rechazar las elegidas');
    // Nothing in a decided tab can move: no checkboxes there.
    expect((await staff.get('/staff/service-requests?status=approved')).body).not.toContain('name="request"');
  });

  it('takes the chosen requests into review, one history line and audit entry each; one the state machine forbids is named and left alone', async () => {
    const [a, b, done] = [await request('submitted'), await request('needs_info'), await request('approved')];
    const other = await customer(portal, 'sur', 'nadia');
    const foreign = await request('submitted', 'sur', other);
    await staff.get('/staff/service-requests');
    const res = await staff.post('/staff/service-requests/bulk/review', { request: [a, b, done, foreign].map((r) => String(r.id)), back: '/staff/service-requests?status=all' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staff/service-requests?status=all');
    expect(await flash()).toBe(`En revisión: N° ${a.number}, N° ${b.number}. Sin cambios por su estado: N° ${done.number} (Aprobada). No encontradas: 1.`);
    expect(await statuses([a.id, b.id, done.id, foreign.id])).toEqual(['in_review', 'in_review', 'approved', 'submitted']);
    expect(await auditedIds('service-requests.review-started')).toEqual([a.id, b.id]);
    expect(await query(portal, `SELECT request_id, kind, actor_type FROM service_request_events WHERE request_id IN (?, ?, ?) ORDER BY request_id`, [a.id, b.id, done.id])).toEqual([
      { request_id: a.id, kind: 'review-started', actor_type: 'staff' },
      { request_id: b.id, kind: 'review-started', actor_type: 'staff' },
    ]);
  });

  it('rejects the chosen ones with one reason sent to each customer, and asks for the reason first', async () => {
    const [a, b] = [await request('submitted'), await request('in_review')];
    await staff.get('/staff/service-requests');
    await staff.post('/staff/service-requests/bulk/reject', { request: [String(a.id), String(b.id)], reason: ' ' });
    expect(await flash()).toBe('Escribí el motivo del rechazo (entre 3 y 2000 caracteres): se le envía a cada cliente.');
    expect(await statuses([a.id, b.id])).toEqual(['submitted', 'in_review']);
    const before = (await outbox(portal, 'norte', sol.email)).length;
    await staff.get('/staff/service-requests');
    await staff.post('/staff/service-requests/bulk/reject', { request: [String(a.id), String(b.id)], reason: 'La cuenta tiene deuda vencida' });
    expect(await flash()).toBe(`Rechazadas: N° ${a.number}, N° ${b.number}.`);
    expect(await query(portal, `SELECT status, decision_note FROM service_requests WHERE id IN (?, ?) ORDER BY id`, [a.id, b.id])).toEqual([
      { status: 'rejected', decision_note: 'La cuenta tiene deuda vencida' },
      { status: 'rejected', decision_note: 'La cuenta tiene deuda vencida' },
    ]);
    expect(await auditedIds('service-requests.rejected')).toEqual([a.id, b.id]);
    const mails = (await outbox(portal, 'norte', sol.email)).slice(before);
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.text.includes('La cuenta tiene deuda vencida'))).toBe(true);
  });

  it('moves a request once when two operators take it into review at the same moment', async () => {
    const r = await request('submitted');
    const other = await operator(portal, 'norte', 'billing');
    await staff.get('/staff/service-requests');
    await other.get('/staff/service-requests');
    const answers = await Promise.all([staff, other].map((c) => c.post('/staff/service-requests/bulk/review', { request: String(r.id) })));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
    expect(await statuses([r.id])).toEqual(['in_review']);
    expect((await auditedIds('service-requests.review-started')).filter((id) => id === r.id)).toHaveLength(1);
    expect(await query(portal, `SELECT count(*)::int AS n FROM service_request_events WHERE request_id = ? AND kind = 'review-started'`, [r.id])).toEqual([{ n: 1 }]);
    const told = [await flash(staff), await flash(other)].sort();
    expect(told).toEqual([`En revisión: N° ${r.number}.`, `Sin cambios por su estado: N° ${r.number} (En revisión).`].sort());
  });

  it('is refused to operators who may not see requests, and says so when nothing was chosen', async () => {
    const field = await operator(portal, 'norte', 'field');
    await field.get('/staff');
    expect((await field.post('/staff/service-requests/bulk/review', { request: '1' })).statusCode).toBe(403);
    await staff.get('/staff/service-requests');
    expect((await staff.post('/staff/service-requests/bulk/review', { back: 'https://evil.test/' })).headers.location).toBe('/staff/service-requests');
    expect(await flash()).toBe('No elegiste ninguna solicitud.');
  });
});
