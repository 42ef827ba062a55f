import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createStaff, loginStaff } from 'portal/testing';
import { HOSTS, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';

let h: PaymentsHarness;
let eva: Customer;
let support: Client;
const ids: Record<string, number> = {};

beforeAll(async () => {
  h = await startPaymentsPortal();
  eva = await signedInCustomer(h.portal, 'payon', 'eva-panel');
  const other = await signedInCustomer(h.portal, 'payon', 'otro-panel');
  const payment = async (who: Customer, reference: string, status: string, extra = '') =>
    (await sql<{ id: number }>(h.portal,
      `INSERT INTO payments_payments (tenant_id, reference, account_id, customer_id, gateway, kind, amount, description, status, created_at${extra ? ', paid_at, refunded_at' : ''})
       VALUES ('payon', ?, ?, ?, 'sandbox', 'advance', ?, 'Pago a cuenta', ?, now() - interval '2 days'${extra}) RETURNING id`,
      [reference, who.accountId, who.customerId, '1500.00', status])).at(0)!.id;
  ids.approved = await payment(eva, 'PANEL-0001', 'approved');
  ids.refunded = await payment(eva, 'PANEL-0002', 'refunded', ", now() - interval '1 day', now()");
  ids.others = await payment(other, 'PANEL-0003', 'approved');
  [{ id: ids.report }] = await sql<{ id: number }>(h.portal,
    `INSERT INTO payments_reports (tenant_id, account_id, customer_id, amount, paid_on, method, receipt_key, receipt_type)
     VALUES ('payon', ?, ?, '8200.50', '2026-03-05', 'transfer', 'receipts/x.pdf', 'application/pdf') RETURNING id`, [eva.accountId, eva.customerId]);
  [{ id: ids.agreement }] = await sql<{ id: number }>(h.portal,
    `INSERT INTO payments_agreements (tenant_id, account_id, customer_id, debt, down_payment, instalments, instalment_amount)
     VALUES ('payon', ?, ?, '60000.00', '0', 6, '10000.00') RETURNING id`, [eva.accountId, eva.customerId]);
  support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support' }));
});
afterAll(async () => h?.portal.dispose());

describe('the staff customer page', () => {
  it('shows online payments (refunds counted), reported payments and agreements of the customer, each linking to where staff work it', async () => {
    const page = await support.get(`/staff/customers/${eva.customerId}`);
    expect(page.statusCode).toBe(200);
    // Handlebars writes `=` in attributes as `&#x3D;`, which the browser reads back as `=`.
    const html = (/<section class="card staff-panel" id="panel-payments-payments"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '').replace(/&#x3D;/g, '=');
    expect(html).toContain('1 devuelto(s)');
    const online = [...html.matchAll(/<a href="(\/staff\/payments\/online\/\d+)">(PANEL-\d+)<\/a>[\s\S]*?<span class="badge [^"]+">([^<]+)<\/span>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(online).toEqual([
      [`/staff/payments/online/${ids.refunded}`, 'PANEL-0002', 'Devuelto'],
      [`/staff/payments/online/${ids.approved}`, 'PANEL-0001', 'Aprobado'],
    ]);
    expect(html).not.toContain('PANEL-0003');
    expect(html).toContain(`href="/staff/payments/reports?status=reported#report-${ids.report}">05/03/2026</a>`);
    expect(html).toContain(`href="/staff/payments/reports/${ids.report}/receipt"`);
    expect(html).toContain('$ 8.200,50');
    expect(html).toContain(`href="/staff/payments/agreements?status=pending#agreement-${ids.agreement}"`);
    expect(html).toContain('6 cuotas de $ 10.000,00');

    expect((await support.get(`/staff/payments/online/${ids.refunded}`)).statusCode).toBe(200);
    const queue = await support.get('/staff/payments/agreements?status=pending');
    expect(queue.body).toContain(`id="agreement-${ids.agreement}"`);
    expect((await support.get('/staff/payments/reports?status=reported')).body).toContain(`id="report-${ids.report}"`);
  });
});
