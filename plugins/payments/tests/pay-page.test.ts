import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesProvides } from '../../invoices/provides.ts';
import { loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness, type TenantKey } from '../testing/harness.ts';
import { checkout, location } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

/** Handlebars writes `=` in attributes as an entity; the hrefs are compared as a browser reads them. */
const unescape = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

async function rendered(tenant: TenantKey, invoice: { typeCode: number; total: string } | null, paid = '0') {
  const c = await signedInCustomer(h.portal, tenant, 'matrix');
  let id: number | null = null;
  if (invoice) {
    const inv = await loadInvoice(h.portal, tenant, c.accountNumber, invoice);
    id = inv.id;
    if (paid !== '0') {
      const service = h.portal.services.plugins.get<InvoicesProvides>('invoices').service(h.portal.tenants.get(tenant)!, h.portal.db.forTenant(tenant));
      await service.recordPayment({ externalId: `partial-${inv.id}`, accountNumber: c.accountNumber, invoiceExternalId: inv.externalId, paidOn: '2026-03-05', amount: paid, method: 'cash', collector: 'Rapipago' });
    }
  }
  const page = await c.client.get('/payments');
  expect(page.statusCode).toBe(200);
  const row = id ? new RegExp(`<tr data-invoice="${id}" data-pay-online="(yes|no)">[\\s\\S]*?</tr>`).exec(page.body) : null;
  return {
    customer: c,
    online: row ? row[1] === 'yes' && row[0].includes('data-action="pay-online"') : false,
    advance: page.body.includes('data-action="pay-advance"'),
    body: page.body,
  };
}

describe('the pay page renders seed 002’s buttons exactly (invoice type × balance × limit)', () => {
  // tenant, invoice type, total, already paid, online button, pay-in-advance
  const matrix: [TenantKey, number | null, string, string, boolean, boolean][] = [
    ['payon', 6, '50000.00', '0', true, false],
    ['payon', 6, '99999.99', '0', true, false],
    ['payon', 6, '100000.00', '0', false, false],
    ['payon', 6, '150000.00', '0', false, true],
    ['payon', 6, '150000.00', '60000.00', true, false],
    ['payon', 11, '50000.00', '0', true, false],
    ['payon', 1, '50000.00', '0', true, false],
    ['payon', 2, '50000.00', '0', false, false],
    ['payon', 2, '150000.00', '0', false, true],
    ['payon', null, '0', '0', false, true],
    ['payother', 6, '15000.00', '0', true, false],
    ['payother', 2, '15000.00', '0', true, false],
    ['payother', 6, '20000.00', '0', false, false],
    ['payother', 6, '25000.00', '0', false, true],
  ];
  for (const [tenant, type, total, paid, online, advance] of matrix) {
    const what = type === null ? 'nothing owed' : `type ${type}, total ${total}${paid !== '0' ? `, ${paid} paid` : ''}`;
    it(`${tenant} (limit ${tenant === 'payon' ? '100.000' : '20.000'}): ${what} → online ${online ? 'yes' : 'no'}, advance ${advance ? 'yes' : 'no'}`, async () => {
      const r = await rendered(tenant, type === null ? null : { typeCode: type, total }, paid);
      expect({ online: r.online, advance: r.advance }).toEqual({ online, advance });
    });
  }

  it('above the limit, says why and offers the other ways', async () => {
    const r = await rendered('payon', { typeCode: 6, total: '150000.00' });
    expect(r.body).toContain('Tu saldo supera $ 100.000,00, el máximo para pagar en línea.');
    expect(r.body).toContain('data-action="coupon"');
  });

  it('offers for each invoice only the gateways that take its type', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'types');
    const a = await loadInvoice(h.portal, 'payon', c.accountNumber, { typeCode: 1, total: '1000.00' });
    const cc = await loadInvoice(h.portal, 'payon', c.accountNumber, { typeCode: 11, total: '2000.00' });
    const radios = async (query: string) => [...(await c.client.get(`/payments/pay?${query}`)).body.matchAll(/name="gateway" value="([a-z]+)"/g)].map((m) => m[1]);
    expect(await radios(`invoice=${a.id}`)).toEqual(['sandbox', 'stripe']);
    expect(await radios(`invoice=${cc.id}`)).toEqual(['sandbox', 'mercadopago']);
    expect(await radios(`invoice=${a.id}&invoice=${cc.id}`)).toEqual(['sandbox']);
    const page = await c.client.get('/payments');
    expect(unescape(page.body)).toContain(`href="/payments/pay?account=${c.accountNumber}&all=1"`);
    // A gateway the invoice's type is not on is refused even when the form is edited.
    const forced = await checkout(h.portal, c, [['invoice', String(a.id)]], 'mercadopago');
    expect(forced.status).toBe(303);
    expect(forced.location).toBe(`/payments?account=${encodeURIComponent(c.accountNumber)}`);
    expect(forced.reference).toBeNull();
  });
});

describe('paying several invoices, all of them, or in advance', () => {
  async function customerWith(totals: string[]): Promise<{ c: Customer; ids: number[] }> {
    const c = await signedInCustomer(h.portal, 'payon', 'varias');
    const ids: number[] = [];
    for (const total of totals) ids.push((await loadInvoice(h.portal, 'payon', c.accountNumber, { total })).id);
    return { c, ids };
  }

  async function approveSandbox(c: Customer, sandboxUrl: string) {
    await c.client.get(sandboxUrl);
    return c.client.post(sandboxUrl, { decision: 'approved' });
  }

  it('two invoices in one payment: each paid, one movement each, one receipt', async () => {
    const { c, ids } = await customerWith(['1000.00', '2500.50']);
    const started = await checkout(h.portal, c, ids.map((id) => ['invoice', String(id)]), 'sandbox');
    expect(started.status).toBe(303);
    await approveSandbox(c, started.location);
    const paid = await sql(h.portal, `SELECT invoice_id, amount FROM invoice_payments WHERE reference = ? ORDER BY invoice_id`, [started.reference]);
    expect(paid).toEqual([{ invoice_id: ids[0], amount: '1000.00' }, { invoice_id: ids[1], amount: '2500.50' }]);
    const mails = await sql(h.portal, `SELECT subject FROM mail_outbox WHERE to_address = ?`, [c.email]);
    expect(mails).toHaveLength(1);
  });

  it('the whole balance', async () => {
    const { c } = await customerWith(['1000.00', '3000.00', '500.00']);
    const started = await checkout(h.portal, c, [['all', '1']], 'sandbox');
    await approveSandbox(c, started.location);
    const [row] = await sql(h.portal, `SELECT amount, kind FROM payments_payments WHERE reference = ?`, [started.reference]);
    expect(row).toEqual({ amount: '4500.00', kind: 'invoices' });
    const page = await c.client.get('/payments');
    expect(page.body).toContain('No tenés comprobantes pendientes de pago.');
  });

  it('in advance: a credit on the statement, no invoice touched', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'adelanta');
    const started = await checkout(h.portal, c, [['advance', '1.500,50']], 'sandbox');
    expect(started.status).toBe(303);
    await approveSandbox(c, started.location);
    expect(await sql(h.portal, `SELECT amount::text, invoice_id FROM invoice_payments WHERE reference = ?`, [started.reference])).toEqual([{ amount: '1500.50', invoice_id: null }]);
    expect(await sql(h.portal, `SELECT amount::text FROM account_movements WHERE account_id = ?`, [c.accountId])).toEqual([{ amount: '-1500.50' }]);
  });

  it('refuses amounts outside the tenant’s range, and selections the rules do not allow', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'rechazos');
    const tooSmall = await c.client.get(`/payments/pay?account=${c.accountNumber}&advance=100`);
    expect(tooSmall.statusCode).toBe(303);
    expect((await c.client.get('/payments')).body).toContain('El pago a cuenta tiene que ser de entre $ 500,00 y $ 300.000,00.');
    const big = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '150000.00' });
    expect((await c.client.get(`/payments/pay?account=${c.accountNumber}&invoice=${big.id}`)).statusCode).toBe(303);
    expect((await c.client.get('/payments')).body).toContain('Alguno de los comprobantes elegidos no se puede pagar en línea.');
  });

  it('a gateway that fails leaves the payment cancelled and tells the customer', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'caida');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '1000.00' });
    const saved = process.env.PAYON_MP_TOKEN;
    process.env.PAYON_MP_TOKEN = 'a-token-the-stub-refuses';
    try {
      const res = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'mercadopago');
      expect(res.location).toBe(`/payments?account=${encodeURIComponent(c.accountNumber)}`);
    } finally {
      process.env.PAYON_MP_TOKEN = saved;
    }
    const [row] = await sql(h.portal, `SELECT status, status_detail FROM payments_payments WHERE account_id = ? ORDER BY id DESC LIMIT 1`, [c.accountId]);
    expect(row).toEqual({ status: 'cancelled', status_detail: 'checkout-failed' });
    const page = await c.client.get('/payments');
    expect(page.body).toContain('Mercado Pago no está respondiendo.');
    expect(location(page)).toBe('');
  });

  it('the dashboard card says what is owed and leads to the pay page', async () => {
    const { c } = await customerWith(['1234.56']);
    const dash = await c.client.get('/dashboard');
    expect(dash.body).toContain('Saldo a pagar');
    expect(dash.body).toContain('$ 1.234,56');
    expect(dash.body).toContain('Pagar ahora');
  });
});
