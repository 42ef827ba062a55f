import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { auditRows, createStaff, loginStaff, type Client } from 'portal/testing';
import { HOSTS, ledger, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';

let h: PaymentsHarness;
let billing: Client;
let staffId: number;
let customers: Customer[];
beforeAll(async () => {
  h = await startPaymentsPortal();
  const staff = await createStaff(h.portal, 'payon', { role: 'billing', name: 'Marta Cobros' });
  staffId = staff.id;
  billing = await loginStaff(h.portal, HOSTS.payon, staff);
  customers = [await signedInCustomer(h.portal, 'payon', 'lote1'), await signedInCustomer(h.portal, 'payon', 'lote2'), await signedInCustomer(h.portal, 'payon', 'lote3')];
});
afterAll(async () => h?.dispose());

/** A report as the customer's form leaves it (the receipt itself is not read here). */
async function reported(c: Customer, amount: string, reference: string): Promise<number> {
  const [{ id }] = await sql<{ id: number }>(
    h.portal,
    `INSERT INTO payments_reports (tenant_id, account_id, customer_id, amount, paid_on, method, collector, reference, receipt_key, receipt_type)
     VALUES ('payon', ?, ?, ?, '2026-03-02', 'transfer', 'Banco Nación', ?, 'payon/payments/none', 'application/pdf') RETURNING id`,
    [c.accountId, c.customerId, amount, reference],
  );
  return Number(id);
}

const flash = async () => /<div class="alert[^>]*>[\s\S]*?<p>([\s\S]*?)<\/p>/.exec((await billing.get('/staff/payments/reports')).body)?.[1];

describe('bulk decisions on reported payments', () => {
  it('accepts the chosen reports, each recorded, mailed and audited once; one already decided is named as such', async () => {
    const ids = [await reported(customers[0], '1000.00', 'LOTE-1'), await reported(customers[1], '2000.00', 'LOTE-2'), await reported(customers[2], '3000.00', 'LOTE-3')];
    await sql(h.portal, `UPDATE payments_reports SET status = 'rejected', reject_reason = 'Duplicado' WHERE id = ?`, [ids[2]]);
    const page = await billing.get('/staff/payments/reports');
    expect(page.body).toContain(`name="report" value="${ids[0]}"`);
    const before = await ledger(h.portal, 'payon');
    const res = await billing.post('/staff/payments/reports/bulk/accept', { report: ids.map(String) });
    expect(res.statusCode).toBe(303);
    expect(await flash()).toBe(`Aceptados: ${customers[0].accountNumber}, ${customers[1].accountNumber}. Ya estaban decididos: ${customers[2].accountNumber}.`);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.movements - before.movements, after.mails - before.mails]).toEqual([2, 2, 2]);
    expect(await sql(h.portal, `SELECT status, reviewed_by FROM payments_reports WHERE id IN (?, ?) ORDER BY id`, [ids[0], ids[1]])).toEqual([
      { status: 'accepted', reviewed_by: staffId },
      { status: 'accepted', reviewed_by: staffId },
    ]);
    const audit = await auditRows(h.portal, 'payon', 'payments.report-accepted');
    expect(audit.map((a) => [a.subject, a.details.report])).toEqual([
      [customers[0].accountNumber, ids[0]],
      [customers[1].accountNumber, ids[1]],
    ]);
  });

  it('accepts a report once when two operators accept it at the same moment', async () => {
    const id = await reported(customers[0], '450.00', 'DOBLE-1');
    const other = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing', email: 'otra@payon.test' }));
    await billing.get('/staff/payments/reports');
    await other.get('/staff/payments/reports');
    const before = await ledger(h.portal, 'payon');
    const answers = await Promise.all([billing.post('/staff/payments/reports/bulk/accept', { report: String(id) }), other.post('/staff/payments/reports/bulk/accept', { report: String(id) })]);
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303]);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.mails - before.mails]).toEqual([1, 1]);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM invoice_payments WHERE tenant_id = 'payon' AND external_id = ?`, [`report-${id}`])).toEqual([{ n: 1 }]);
    expect((await auditRows(h.portal, 'payon', 'payments.report-accepted')).filter((a) => a.details.report === id)).toHaveLength(1);
  });

  it('rejects the chosen ones with one reason, and asks for the reason first', async () => {
    const ids = [await reported(customers[1], '10.00', 'REJ-1'), await reported(customers[2], '20.00', 'REJ-2')];
    await billing.get('/staff/payments/reports');
    await billing.post('/staff/payments/reports/bulk/reject', { report: ids.map(String), reason: '' });
    expect(await flash()).toBe('Escribí el motivo del rechazo (entre 3 y 500 caracteres): se le envía al cliente.');
    expect(await sql(h.portal, `SELECT status FROM payments_reports WHERE id IN (?, ?)`, ids)).toEqual([{ status: 'reported' }, { status: 'reported' }]);
    await billing.get('/staff/payments/reports');
    await billing.post('/staff/payments/reports/bulk/reject', { report: ids.map(String), reason: 'El comprobante no se lee' });
    expect(await sql(h.portal, `SELECT status, reject_reason FROM payments_reports WHERE id IN (?, ?) ORDER BY id`, ids)).toEqual([
      { status: 'rejected', reject_reason: 'El comprobante no se lee' },
      { status: 'rejected', reject_reason: 'El comprobante no se lee' },
    ]);
    expect(await auditRows(h.portal, 'payon', 'payments.report-rejected')).toHaveLength(2);
  });

  it('is refused to operators who may not decide, and with nothing chosen', async () => {
    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support', email: 'soporte@payon.test' }));
    await support.get('/staff/payments/reports');
    expect((await support.post('/staff/payments/reports/bulk/accept', { report: '1' })).statusCode).toBe(403);
    await billing.get('/staff/payments/reports');
    await billing.post('/staff/payments/reports/bulk/accept', {});
    expect(await flash()).toBe('No elegiste ningún aviso.');
  });
});

describe('exports', () => {
  it('exports the reported payments of the chosen tab as CSV for Excel in es-AR, audited', async () => {
    const res = await billing.get('/staff/payments/reports/export.csv?status=accepted');
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="reports-payon-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(';'));
    expect(lines[0].slice(0, 6)).toEqual(['Recibido', 'Cuenta', 'Cliente', 'Importe', 'Pagado el', 'Medio y lugar']);
    expect(lines.slice(1).map((l) => [l[1], l[3], l[4], l[9], l[12]])).toEqual(
      expect.arrayContaining([[customers[0].accountNumber, '1000,00', '02/03/2026', 'Acreditado', 'Marta Cobros']]),
    );
    expect(lines).toHaveLength(4);
    expect(await auditRows(h.portal, 'payon', 'payments.exported')).toEqual([
      expect.objectContaining({ actor_id: String(staffId), details: { list: 'reports', format: 'csv', filter: { status: 'accepted' } } }),
    ]);
  });

  it('exports online payments and agreements as XLSX, read back with amounts as numbers', async () => {
    await sql(
      h.portal,
      `INSERT INTO payments_payments (tenant_id, reference, account_id, customer_id, gateway, kind, amount, description, status, paid_at)
       VALUES ('payon', 'PX-1', ?, ?, 'sandbox', 'invoices', 1234.5, 'Factura', 'approved', now()), ('payon', 'PX-2', ?, ?, 'sandbox', 'invoices', 99, 'Factura', 'rejected', NULL)`,
      [customers[0].accountId, customers[0].customerId, customers[1].accountId, customers[1].customerId],
    );
    const res = await billing.get('/staff/payments/export.xlsx?status=approved');
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(2);
    const row = (sheet.getRow(2).values as unknown[]).slice(1);
    expect([row[2], row[3], row[6]]).toEqual(['PX-1', customers[0].accountNumber, 1234.5]);
    await sql(
      h.portal,
      `INSERT INTO payments_agreements (tenant_id, account_id, customer_id, status, debt, down_payment, instalments, instalment_amount) VALUES ('payon', ?, ?, 'pending', 30000, 3000, 6, 4500)`,
      [customers[2].accountId, customers[2].customerId],
    );
    const agreements = await billing.get('/staff/payments/agreements/export.xlsx');
    const book2 = new ExcelJS.Workbook();
    await book2.xlsx.load(agreements.rawPayload as unknown as ArrayBuffer);
    expect((book2.worksheets[0].getRow(2).values as unknown[]).slice(2, 8)).toEqual([customers[2].accountNumber, expect.any(String), 30000, 3000, 6, 4500]);
    expect((await billing.get('/staff/payments/export.ods')).statusCode).toBe(404);
  });
});
