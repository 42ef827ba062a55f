import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, createStaff, loginStaff } from 'portal/testing';
import { HOSTS, ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { PDF, PNG, postMultipart, type Upload } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

/** The flash message a response sets (a hand-made multipart request keeps no cookies). */
const flashOf = (res: { cookies: { name: string; value: string }[] }) => decodeURIComponent(res.cookies.find((k) => k.name === 'flash')?.value ?? '');

const fields = (c: Customer, extra: Record<string, string> = {}) => ({ account: c.accountNumber, amount: '15.400,50', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-778812', ...extra });

async function report(c: Customer, extra: Record<string, string> = {}, files: Upload[] = [{ name: 'receipt', filename: 'comprobante.pdf', data: PDF, type: 'application/pdf' }]) {
  await c.client.get(`/payments/report?account=${c.accountNumber}`);
  return postMultipart(h.portal, c.client, '/payments/report', fields(c, extra), files);
}

describe('reporting a payment made elsewhere', () => {
  it('keeps the receipt outside served folders and leaves the report "reported"', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'informa');
    const res = await report(c);
    expect(res.statusCode).toBe(303);
    const [row] = await sql<{ id: number; status: string; amount: string; paid_on: string; method: string; collector: string | null; reference: string | null; receipt_key: string; receipt_type: string }>(h.portal, `SELECT id, status, amount, paid_on::text, method, collector, reference, receipt_key, receipt_type FROM payments_reports WHERE account_id = ?`, [c.accountId]);
    expect(row).toMatchObject({ status: 'reported', amount: '15400.50', paid_on: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-778812', receipt_type: 'application/pdf' });
    expect(row.receipt_key).toMatch(/^payon\/payments\/[\w-]{22}$/);
    expect(flashOf(res)).toContain('Recibimos tu aviso del pago del 02/03/2026.');
    const page = await c.client.get('/payments');
    expect(page.body).toContain(`data-report="${row.id}" data-status="reported"`);
    const file = await c.client.get(`/payments/reports/${row.id}/receipt`);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="comprobante-${row.id}.pdf"`);
    expect(file.rawPayload.equals(PDF)).toBe(true);
  });

  const refusals: [string, Record<string, string>, Upload[], string][] = [
    ['a .pdf whose bytes are not a PDF (wrong magic bytes)', {}, [{ name: 'receipt', filename: 'comprobante.pdf', data: Buffer.from('MZ\x90\x00 this is an executable'), type: 'application/pdf' }], 'El archivo no es un PDF, JPG o PNG válido: su contenido no coincide con su extensión.'],
    ['a PNG called .pdf', {}, [{ name: 'receipt', filename: 'comprobante.pdf', data: PNG }], 'El archivo no es un PDF, JPG o PNG válido'],
    ['an HTML page called .jpg', {}, [{ name: 'receipt', filename: 'foto.jpg', data: Buffer.from('<html><script>alert(1)</script></html>') }], 'El archivo no es un PDF, JPG o PNG válido'],
    ['a kind not accepted', {}, [{ name: 'receipt', filename: 'comprobante.docx', data: PDF }], 'Solo se aceptan archivos PDF, JPG o PNG.'],
    ['a file over the size limit', {}, [{ name: 'receipt', filename: 'grande.pdf', data: Buffer.concat([PDF, Buffer.alloc(250_000, 32)]) }], 'El comprobante supera los 0,2 MB permitidos.'],
    ['two files', {}, [{ name: 'receipt', filename: 'a.pdf', data: PDF }, { name: 'receipt', filename: 'b.png', data: PNG }], 'Adjuntá un solo archivo por pago.'],
    ['no file', {}, [], 'Adjuntá el comprobante de pago.'],
    ['an empty file', {}, [{ name: 'receipt', filename: 'vacio.pdf', data: Buffer.alloc(0) }], 'El archivo está vacío.'],
    ['a date in the future', { paidOn: '2099-01-01' }, [{ name: 'receipt', filename: 'c.pdf', data: PDF }], 'La fecha de pago no puede ser posterior a hoy.'],
    ['an amount that is not one', { amount: 'mil pesos' }, [{ name: 'receipt', filename: 'c.pdf', data: PDF }], 'Escribí el importe, por ejemplo 15.400,50.'],
  ];
  for (const [name, extra, files, message] of refusals) {
    it(`refuses ${name} with a clear message and keeps nothing`, async () => {
      const c = await signedInCustomer(h.portal, 'payon', 'rechazo');
      const res = await report(c, extra, files);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(message);
      expect(await sql(h.portal, `SELECT id FROM payments_reports WHERE account_id = ?`, [c.accountId])).toEqual([]);
    });
  }

  it('accepts JPG and PNG receipts too', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'foto');
    expect((await report(c, {}, [{ name: 'receipt', filename: 'ticket.PNG', data: PNG }])).statusCode).toBe(303);
  });
});

describe('the reported-payments queue in the back office', () => {
  async function reported(extra: Record<string, string> = {}) {
    const c = await signedInCustomer(h.portal, 'payon', 'cola');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '15400.50' });
    expect((await report(c, { invoice: String(inv.id), ...extra })).statusCode).toBe(303);
    const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_reports WHERE account_id = ?`, [c.accountId]);
    return { c, inv, id: id as number };
  }

  it('accepting records the payment through the invoices plugin (invoice paid, movement), notifies and audits', async () => {
    const { c, inv, id } = await reported();
    const staff = await createStaff(h.portal, 'payon', { role: 'billing' });
    const billing = await loginStaff(h.portal, HOSTS.payon, staff);
    const queue = await billing.get('/staff/payments/reports');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`data-report="${id}"`);
    expect(queue.body).toContain(`/staff/payments/reports/${id}/receipt`);
    const receipt = await billing.get(`/staff/payments/reports/${id}/receipt`);
    expect(receipt.headers['content-disposition']).toMatch(/^attachment;/);
    const before = await ledger(h.portal, 'payon');
    expect((await billing.post(`/staff/payments/reports/${id}/accept`)).statusCode).toBe(303);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.movements - before.movements, after.mails - before.mails]).toEqual([1, 1, 1]);
    expect(await sql(h.portal, `SELECT invoice_id, amount, method, collector, reference FROM invoice_payments WHERE external_id = ?`, [`report-${id}`])).toEqual([
      { invoice_id: inv.id, amount: '15400.50', method: 'transfer', collector: 'Banco Nación', reference: 'OP-778812' },
    ]);
    expect(await sql(h.portal, `SELECT total - paid_amount AS balance FROM invoices WHERE id = ?`, [inv.id])).toEqual([{ balance: '0.00' }]);
    expect(await auditRows(h.portal, 'payon', 'payments.report-accepted')).toEqual([expect.objectContaining({ actor_type: 'staff', actor_id: String(staff.id), subject: c.accountNumber })]);
    const [mail] = await sql<{ subject: string }>(h.portal, `SELECT subject FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('Acreditamos el pago que informaste');
    // A second click changes nothing.
    expect((await billing.post(`/staff/payments/reports/${id}/accept`)).statusCode).toBe(303);
    expect((await ledger(h.portal, 'payon')).payments).toBe(after.payments);
    expect((await c.client.get('/payments')).body).toContain(`data-report="${id}" data-status="accepted"`);
  });

  it('rejecting needs a reason, which the customer receives', async () => {
    const { c, id } = await reported();
    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    await billing.get('/staff/payments/reports');
    await billing.post(`/staff/payments/reports/${id}/reject`, { reason: ' ' });
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('reported');
    expect((await billing.get('/staff/payments/reports')).body).toContain('Escribí el motivo del rechazo');
    const before = await ledger(h.portal, 'payon');
    await billing.post(`/staff/payments/reports/${id}/reject`, { reason: 'El comprobante corresponde a otra cuenta.' });
    expect(await sql(h.portal, `SELECT status, reject_reason FROM payments_reports WHERE id = ?`, [id])).toEqual([{ status: 'rejected', reject_reason: 'El comprobante corresponde a otra cuenta.' }]);
    const after = await ledger(h.portal, 'payon');
    expect([after.payments - before.payments, after.mails - before.mails]).toEqual([0, 1]);
    const [mail] = await sql<{ subject: string; text: string }>(h.portal, `SELECT subject, text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.subject).toBe('No pudimos acreditar el pago que informaste');
    expect(mail.text).toContain('El comprobante corresponde a otra cuenta.');
    expect((await auditRows(h.portal, 'payon', 'payments.report-rejected')).at(-1)).toMatchObject({ details: { report: id, reason: 'El comprobante corresponde a otra cuenta.' } });
    expect((await c.client.get('/payments')).body).toContain('Motivo: El comprobante corresponde a otra cuenta.');
  });

  it('support sees the queue but cannot decide (403, audited); field staff cannot see it', async () => {
    const { id } = await reported();
    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support' }));
    const page = await support.get('/staff/payments/reports');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`/staff/payments/reports/${id}/accept`);
    expect((await support.post(`/staff/payments/reports/${id}/accept`)).statusCode).toBe(403);
    expect((await sql<{ status: string }>(h.portal, `SELECT status FROM payments_reports WHERE id = ?`, [id]))[0].status).toBe('reported');
    const field = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'field' }));
    expect((await field.get('/staff/payments/reports')).statusCode).toBe(403);
  });

  it('shows the queue on the tenant overview', async () => {
    await reported();
    const billing = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing' }));
    const overview = await billing.get('/staff');
    expect(overview.body).toContain('Pagos informados por revisar');
    expect(overview.body).toContain('Pagos en línea de hoy');
  });
});
