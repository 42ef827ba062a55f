import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveredEmails } from 'portal/testing';
import { loadInvoice, signedInCustomer, sql, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { PDF, postMultipart } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

describe('a customer gets a confirmation email at once, before staff decide', () => {
  it('reporting a payment: what was reported, each label apart from its value in the plain-text part', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'aviso');
    const invoice = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '24500.00' });
    await c.client.get(`/payments/report?account=${c.accountNumber}`);
    const res = await postMultipart(
      h.portal,
      c.client,
      '/payments/report',
      { account: c.accountNumber, invoice: String(invoice.id), amount: '24.500,00', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-1' },
      [{ name: 'receipt', filename: 'comprobante.pdf', data: PDF, type: 'application/pdf' }],
    );
    expect(res.statusCode).toBe(303);
    expect(await sql(h.portal, `SELECT status FROM payments_reports WHERE account_id = ?`, [c.accountId])).toEqual([{ status: 'reported' }]);

    const [mail] = await deliveredEmails(h.portal, c.email);
    expect(mail.subject).toBe('Recibimos tu aviso de pago');
    const text = mail.text ?? '';
    expect(text).toMatch(/^Hola, Aviso \d+:$/m);
    expect(text).toContain(`Recibimos tu aviso de pago de la cuenta ${c.accountNumber}, con su comprobante:`);
    expect(text).toMatch(/^Importe: \$ 24\.500,00$/m);
    expect(text).toMatch(/^Fecha de pago: 02\/03\/2026$/m);
    expect(text).toMatch(/^Medio: Transferencia$/m);
    expect(text).toMatch(/^Factura: Factura [A-Z] \S+$/m);
    expect(text).toContain('Lo revisamos y te avisamos por correo cuando lo acreditemos.');
    expect(text).toMatch(new RegExp(`Ver mis pagos: http://payon\\.localhost:\\d+/payments\\?account=${c.accountNumber}`));
  });

  it('requesting a payment plan: the plan as asked', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'plan');
    await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '50000.00', dueDate: '2026-01-10' });
    await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
    const res = await c.client.post('/payments/agreements', { account: c.accountNumber, instalments: '3', downPayment: '10.000' });
    expect(res.statusCode).toBe(303);

    const [mail] = await deliveredEmails(h.portal, c.email);
    expect(mail.subject).toBe('Recibimos tu pedido de plan de pagos');
    const text = mail.text ?? '';
    expect(text).toMatch(/^Deuda: \$ 50\.000,00$/m);
    expect(text).toMatch(/^Anticipo: \$ 10\.000,00$/m);
    // 40.000 in three: two of 13.333,33 and a last one that takes the cent left over.
    expect(text).toMatch(/^Cuotas: 3 de \$ 13\.333,33 \(la última, \$ 13\.333,34\)$/m);
    expect(text).toContain('Lo revisamos y te avisamos por correo si lo aprobamos');
  });

  it('in English for a customer whose language is English, money and dates still es-AR', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'english');
    await sql(h.portal, `UPDATE customers SET locale = 'en' WHERE id = ?`, [c.customerId]);
    const invoice = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '50000.00', dueDate: '2026-01-10' });
    await c.client.get(`/payments/report?account=${c.accountNumber}`);
    const report = await postMultipart(
      h.portal,
      c.client,
      '/payments/report',
      { account: c.accountNumber, invoice: String(invoice.id), amount: '1.500,00', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-2' },
      [{ name: 'receipt', filename: 'comprobante.pdf', data: PDF, type: 'application/pdf' }],
    );
    expect(report.statusCode).toBe(303);
    await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
    expect((await c.client.post('/payments/agreements', { account: c.accountNumber, instalments: '3', downPayment: '10.000' })).statusCode).toBe(303);

    const mails = await deliveredEmails(h.portal, c.email);
    expect(mails.map((m) => m.subject).sort()).toEqual(['We received your payment plan request', 'We received your payment report']);
    const reported = mails.find((m) => m.subject === 'We received your payment report')!.text ?? '';
    expect(reported).toMatch(/^Hello English \d+,$/m);
    expect(reported).toContain(`We received your payment report for account ${c.accountNumber}, with its receipt:`);
    expect(reported).toMatch(/^Amount: \$ 1\.500,00$/m);
    expect(reported).toMatch(/^Paid on: 02\/03\/2026$/m);
    expect(reported).toMatch(/^Method: Bank transfer$/m);
    expect(reported).toMatch(/^Invoice: Invoice [A-Z] \S+$/m);
    expect(reported).toMatch(new RegExp(`See my payments: http://payon\\.localhost:\\d+/payments\\?account=${c.accountNumber}`));
    expect(reported).toContain('Questions? Reply to this email: your answer reaches cobranzas@payon.test.');
    const plan = mails.find((m) => m.subject === 'We received your payment plan request')!.text ?? '';
    expect(plan).toMatch(/^Debt: \$ 50\.000,00$/m);
    expect(plan).toMatch(/^Down payment: \$ 10\.000,00$/m);
    expect(plan).toMatch(/^Instalments: 3 of \$ 13\.333,33 \(the last one, \$ 13\.333,34\)$/m);
    expect(plan).toContain('We will review it and email you if we approve it');
    expect(`${reported}\n${plan}`).not.toMatch(/Hola|Recibimos|Cuotas|Factura /);
  });

  it('a refused request (outside the rules) sends nothing', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'nada');
    await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '50000.00' });
    await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
    expect((await c.client.post('/payments/agreements', { account: c.accountNumber, instalments: '1', downPayment: '10.000' })).statusCode).toBe(422);
    expect(await deliveredEmails(h.portal, c.email)).toEqual([]);
  });
});
