import { localDate } from 'portal/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestPortal, createStaff, loginStaff } from 'portal/testing';
import { addDays, formatDay } from '../domain/days.ts';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let olga: SignedIn;
let support: Client;
const today = localDate(new Date(), 'America/Argentina/Buenos_Aires');

beforeAll(async () => {
  portal = await startInvoicesPortal();
  olga = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0501');
  const s = serviceFor(portal, 'invon');
  await s.upsertInvoice(sampleInvoice('RS-0501', { externalId: 'p-1', number: '00008-00005001', issueDate: '2025-01-14', dueDate: '2025-01-24', secondDueDate: undefined, total: '1000.00' }));
  await s.recordPayment({ externalId: 'p-p1', accountNumber: 'RS-0501', invoiceExternalId: 'p-1', paidOn: '2025-01-20', amount: '1000.00', method: 'cash' });
  await s.upsertInvoice(sampleInvoice('RS-0501', { externalId: 'p-2', number: '00008-00005002', issueDate: today, period: today.slice(0, 7), dueDate: addDays(today, 12), secondDueDate: undefined, total: '2345.67' }));
  support = await loginStaff(portal, HOSTS.on, await createStaff(portal, 'invon', { role: 'support' }));
});
afterAll(async () => portal?.dispose());

function panel(html: string): string {
  return /<section class="card staff-panel" id="panel-invoices-balance"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

describe('the staff customer page', () => {
  it('shows the balance, the next due date and the latest invoices, newest first, each opening its PDF', async () => {
    const page = await support.get(`/staff/customers/${olga.customerId}`);
    expect(page.statusCode).toBe(200);
    const html = panel(page.body);
    expect(html).toContain('Saldo y facturas');
    expect(html).toMatch(/data-balance="owed">\$ 2\.345,67 <span class="small muted">a pagar por el cliente<\/span>/);
    expect(html).toContain(`${formatDay(addDays(today, 12))} · $ 2.345,67`);
    const rows = [...html.matchAll(/<tr data-invoice="(\d+)">\s*<td[^>]*><a href="([^"]+)">([^<]+)<\/a>[\s\S]*?<span class="badge [^"]+">([^<]+)<\/span>/g)].map((m) => ({ id: m[1], href: m[2], name: m[3], status: m[4] }));
    expect(rows.map((r) => [r.name, r.status])).toEqual([['Factura B 00008-00005002', 'A pagar'], ['Factura B 00008-00005001', 'Pagada']]);
    expect(rows[0].href).toBe(`/staff/invoices/${rows[0].id}/pdf`);

    const pdf = await support.get(rows[0].href);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("answers 404 for an invoice of another tenant or an id that is not one", async () => {
    const other = await signedInCustomer(portal, 'invother', HOSTS.other, 'OT-0501');
    // invother's issuer is exempt from VAT: it issues type C.
    await serviceFor(portal, 'invother').upsertInvoice({ ...sampleInvoice('OT-0501', { externalId: 'o-1', number: '00009-00000001', total: '10.00', typeCode: 11 }), netAmount: '10.00', vatAmount: '0.00' });
    const [{ id }] = (await portal.db.orm.em.getConnection().execute(`SELECT id FROM invoices WHERE tenant_id = 'invother' AND account_id = ?`, [other.accountId])) as { id: number }[];
    for (const path of [`/staff/invoices/${id}/pdf`, '/staff/invoices/abc/pdf', '/staff/invoices/0/pdf']) expect((await support.get(path)).statusCode, path).toBe(404);
  });
});
