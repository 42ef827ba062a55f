import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoicesProvides } from '../../invoices/api.ts';
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
  const row = id ? new RegExp(`<tr data-invoice="${id}" data-pay-online="(yes|no)"[^>]*>[\\s\\S]*?</tr>`).exec(page.body) : null;
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
    expect(r.body).toContain('Solo se puede pagar en línea un saldo menor a $ 100.000,00, y el de tu cuenta es de $ 150.000,00. Podés pagar con el cupón de pago o adelantar un pago a cuenta.');
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

  it("names a gateway with the tenant's label in the customer's language", async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'labels');
    const a = await loadInvoice(h.portal, 'payon', c.accountNumber, { typeCode: 1, total: '1000.00' });
    const names = (body: string) => /<p class="small muted">(?:Podés pagar con|You can pay with): ([^<]*)<\/p>/.exec(body)?.[1];
    expect(names((await c.client.get('/payments')).body)).toContain('Tarjeta internacional');
    const choice = (body: string) => [...body.matchAll(/name="gateway" value="stripe"[^>]*>\s*(?:<[^>]*>\s*)*([^<]+)/g)].map((m) => m[1].trim());
    expect(choice((await c.client.get(`/payments/pay?invoice=${a.id}`)).body)).toEqual(['Tarjeta internacional']);
    const english = names((await c.client.get('/payments?lang=en')).body);
    expect(english).toContain('International card');
    expect(english).not.toContain('Tarjeta internacional');
    expect(choice((await c.client.get(`/payments/pay?invoice=${a.id}`)).body)).toEqual(['International card']);
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
    const [row] = await sql<{ amount: string; kind: string }>(h.portal, `SELECT amount, kind FROM payments_payments WHERE reference = ?`, [started.reference]);
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
    expect((await c.client.get('/payments')).body).toContain('El saldo de tu cuenta no es menor que el máximo para pagar en línea.');
    const other = await signedInCustomer(h.portal, 'payon', 'tipo2');
    const own = await loadInvoice(h.portal, 'payon', other.accountNumber, { typeCode: 2, total: '1000.00' });
    expect((await other.client.get(`/payments/pay?account=${other.accountNumber}&invoice=${own.id}`)).statusCode).toBe(303);
    expect((await other.client.get('/payments')).body).toContain('Alguno de los comprobantes elegidos no se puede pagar en línea.');
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
    const [row] = await sql<{ status: string; status_detail: string | null }>(h.portal, `SELECT status, status_detail FROM payments_payments WHERE account_id = ? ORDER BY id DESC LIMIT 1`, [c.accountId]);
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

/** An account like the demo's NH-10034: open invoices and credit in its favour (a payment on account and a bonus). */
async function withCredit(tenant: TenantKey, name: string, invoices: { typeCode?: number; total: string }[], credit: { onAccount?: string; bonus?: string }) {
  const c = await signedInCustomer(h.portal, tenant, name);
  const ids: number[] = [];
  for (const [i, spec] of invoices.entries()) ids.push((await loadInvoice(h.portal, tenant, c.accountNumber, { ...spec, dueDate: `2099-0${i + 1}-10` })).id);
  const service = h.portal.services.plugins.get<InvoicesProvides>('invoices').service(h.portal.tenants.get(tenant)!, h.portal.db.forTenant(tenant));
  if (credit.onAccount) await service.recordPayment({ externalId: `credit-${c.accountNumber}`, accountNumber: c.accountNumber, paidOn: '2026-03-02', amount: credit.onAccount, method: 'transfer', collector: 'Link Pagos' });
  if (credit.bonus) await service.addMovement({ externalId: `bonus-${c.accountNumber}`, accountNumber: c.accountNumber, date: '2026-03-03', kind: 'adjustment', description: 'Bonificación comercial', amount: credit.bonus });
  return { c, ids };
}

const rowOf = (body: string, id: number) => new RegExp(`<tr data-invoice="${id}" data-pay-online="(yes|no)"(?: data-no-online="([a-z-]+)")?>([\\s\\S]*?)</tr>`).exec(body);

describe('"Pagar todo el saldo": the amount shown is the amount charged, credits included', () => {
  it('button, gateway choice page, gateway charge and payment row are one number, and the account ends at zero', async () => {
    // 42.044,59 in invoices, 2.500 in the customer's favour: the account owes 39.544,59.
    const { c, ids } = await withCredit('payon', 'saldo', [{ total: '20000.00' }, { total: '22044.59' }], { onAccount: '2000.00', bonus: '-500.00' });
    const page = await c.client.get('/payments');
    expect(page.body).toContain('data-balance="39544.59"');
    expect(page.body).toContain('Pagar todo el saldo ($ 39.544,59)');

    const choose = await c.client.get(`/payments/pay?account=${c.accountNumber}&all=1`);
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain('data-amount="39544.59"');
    expect(choose.body).toContain('Pagar $ 39.544,59');
    expect(choose.body).toMatch(/Saldo a favor que se descuenta<\/span> <strong>−\$ 2\.500,00/);

    const started = await checkout(h.portal, c, [['all', '1']], 'sandbox');
    expect(started.status).toBe(303);
    const [payment] = await sql<{ amount: string }>(h.portal, `SELECT amount::text FROM payments_payments WHERE reference = ?`, [started.reference]);
    const [charge] = await sql<{ amount: string }>(h.portal, `SELECT amount::text FROM payments_sandbox_charges WHERE reference = ?`, [started.reference]);
    expect({ payment: payment.amount, gateway: charge.amount }).toEqual({ payment: '39544.59', gateway: '39544.59' });

    await c.client.get(started.location);
    await c.client.post(started.location, { decision: 'approved' });
    const applied = await sql(h.portal, `SELECT invoice_id, amount::text FROM invoice_payments WHERE reference = ? ORDER BY invoice_id`, [started.reference]);
    expect(applied).toEqual([{ invoice_id: ids[0], amount: '20000.00' }, { invoice_id: ids[1], amount: '19544.59' }]);
    const [balance] = await sql<{ total: string | null }>(h.portal, `SELECT sum(amount)::text AS total FROM account_movements WHERE account_id = ?`, [c.accountId]);
    expect(balance.total).toBe('0.00');
  });

  it('a debit outside the invoices is part of the whole balance and is paid on account', async () => {
    const { c, ids } = await withCredit('payon', 'cargo', [{ total: '1000.00' }, { total: '2000.00' }], { bonus: '500.00' });
    expect((await c.client.get('/payments')).body).toContain('Pagar todo el saldo ($ 3.500,00)');
    const choose = await c.client.get(`/payments/pay?account=${c.accountNumber}&all=1`);
    expect(choose.body).toContain('data-amount="3500.00"');
    expect(choose.body).toMatch(/Otros cargos de la cuenta<\/span> <strong>\$ 500,00/);
    const started = await checkout(h.portal, c, [['all', '1']], 'sandbox');
    await c.client.get(started.location);
    await c.client.post(started.location, { decision: 'approved' });
    const applied = await sql(h.portal, `SELECT invoice_id, amount::text FROM invoice_payments WHERE reference = ? ORDER BY invoice_id NULLS LAST`, [started.reference]);
    expect(applied).toEqual([{ invoice_id: ids[0], amount: '1000.00' }, { invoice_id: ids[1], amount: '2000.00' }, { invoice_id: null, amount: '500.00' }]);
    const [mail] = await sql<{ text: string }>(h.portal, `SELECT text FROM mail_outbox WHERE to_address = ? ORDER BY id DESC LIMIT 1`, [c.email]);
    expect(mail.text).toMatch(/^Pago a cuenta: \$ 500,00$/m);
    const [balance] = await sql<{ total: string | null }>(h.portal, `SELECT sum(amount)::text AS total FROM account_movements WHERE account_id = ?`, [c.accountId]);
    expect(balance.total).toBe('0.00');
  });

  it('one invoice the credit partly covers charges what the account owes, not more', async () => {
    const { c, ids } = await withCredit('payon', 'parcial', [{ total: '10000.00' }], { onAccount: '2500.00' });
    const choose = await c.client.get(`/payments/pay?account=${c.accountNumber}&invoice=${ids[0]}`);
    expect(choose.body).toContain('data-amount="7500.00"');
    const started = await checkout(h.portal, c, [['invoice', String(ids[0])]], 'sandbox');
    const [charge] = await sql<{ amount: string }>(h.portal, `SELECT amount::text FROM payments_sandbox_charges WHERE reference = ?`, [started.reference]);
    expect(charge.amount).toBe('7500.00');
  });
});

describe('seed 002 on the account’s balance: buttons and the reason when one is absent (type × balance × limit × credit)', () => {
  // tenant, invoices, credit, for each invoice: online button or why not, pay in advance, the notice in es-AR and en
  const cases: {
    name: string;
    tenant: TenantKey;
    invoices: { typeCode?: number; total: string }[];
    credit?: string;
    rows: (string | null)[];
    advance: boolean;
    es: string | null;
    en: string | null;
  }[] = [
    {
      name: 'two invoices each below the limit, the account above it',
      tenant: 'payon', invoices: [{ total: '60000.00' }, { total: '60000.00' }], rows: ['over-limit', 'over-limit'], advance: true,
      es: 'Solo se puede pagar en línea un saldo menor a $ 100.000,00, y el de tu cuenta es de $ 120.000,00. Podés pagar con el cupón de pago o adelantar un pago a cuenta.',
      en: 'Only a balance below $ 100.000,00 can be paid online, and your account’s is $ 120.000,00. You can pay with the payment coupon or pay an amount in advance.',
    },
    {
      name: 'the same invoices with 30.000 of credit: below the limit again',
      tenant: 'payon', invoices: [{ total: '60000.00' }, { total: '60000.00' }], credit: '30000.00', rows: [null, null], advance: false, es: null, en: null,
    },
    {
      name: 'the account exactly at the limit: no online button and no payment in advance',
      tenant: 'payon', invoices: [{ total: '102500.00' }], credit: '2500.00', rows: ['over-limit'], advance: false,
      es: 'Solo se puede pagar en línea un saldo menor a $ 100.000,00, y el de tu cuenta es de $ 100.000,00. Podés pagar con el cupón de pago.',
      en: 'Only a balance below $ 100.000,00 can be paid online, and your account’s is $ 100.000,00. You can pay with the payment coupon.',
    },
    {
      name: 'a type no gateway takes',
      tenant: 'payon', invoices: [{ typeCode: 2, total: '50000.00' }], rows: ['type-not-online'], advance: false,
      es: 'Este tipo de comprobante no se puede pagar en línea. Podés pagar con el cupón de pago.',
      en: 'This kind of document cannot be paid online. You can pay with the payment coupon.',
    },
    {
      name: 'credit that covers everything open',
      tenant: 'payon', invoices: [{ total: '5000.00' }], credit: '6000.00', rows: ['nothing-owed'], advance: true,
      es: 'Tu saldo a favor ya cubre lo pendiente: no tenés nada para pagar ahora. Si querés, podés adelantar un pago a cuenta.',
      en: 'Your credit already covers what is open: you have nothing to pay now. If you like, you can pay an amount in advance.',
    },
    {
      name: 'a lower limit: two invoices of 12.000 with 5.000 of credit',
      tenant: 'payother', invoices: [{ total: '12000.00' }, { total: '12000.00' }], credit: '5000.00', rows: [null, null], advance: false, es: null, en: null,
    },
    {
      name: 'a lower limit: the same invoices without credit',
      tenant: 'payother', invoices: [{ total: '12000.00' }, { total: '12000.00' }], rows: ['over-limit', 'over-limit'], advance: true,
      es: 'Solo se puede pagar en línea un saldo menor a $ 20.000,00, y el de tu cuenta es de $ 24.000,00. Podés pagar con el cupón de pago o adelantar un pago a cuenta.',
      en: 'Only a balance below $ 20.000,00 can be paid online, and your account’s is $ 24.000,00. You can pay with the payment coupon or pay an amount in advance.',
    },
  ];
  for (const k of cases) {
    it(k.name, async () => {
      const { c, ids } = await withCredit(k.tenant, 'matriz', k.invoices, { onAccount: k.credit });
      for (const [lang, text] of [['es-AR', k.es], ['en', k.en]] as const) {
        const page = await c.client.get(`/payments?lang=${lang}`);
        expect(page.statusCode).toBe(200);
        const rows = ids.map((id) => {
          const row = rowOf(page.body, id)!;
          const button = row[3].includes('data-action="pay-online"');
          return row[1] === 'yes' && button ? null : (row[2] ?? 'absent without a reason');
        });
        expect(rows).toEqual(k.rows);
        expect(page.body.includes('data-action="pay-advance"')).toBe(k.advance);
        if (text) expect(page.body).toContain(text);
      }
    });
  }
});

describe('the dashboard card follows the same rule', () => {
  it('invoices each below the limit on an account above it: no "Pagar ahora", the other ways instead', async () => {
    const { c } = await withCredit('payon', 'tablero', [{ total: '60000.00' }, { total: '60000.00' }], {});
    const dash = await c.client.get('/dashboard');
    expect(dash.body).toContain('$ 120.000,00');
    expect(dash.body).not.toContain('Pagar ahora');
    expect(dash.body).toContain('No se puede pagar en línea: el máximo es un saldo menor a $ 100.000,00 y el tuyo es de $ 120.000,00. Pagá con cupón o pedí un plan de pagos.');
    const en = await c.client.get('/dashboard?lang=en');
    expect(en.body).toContain('Online payment is not available: the maximum is a balance below $ 100.000,00, and yours is $ 120.000,00. Pay with a coupon or ask for a payment plan.');
  });

  it('an invoice type no gateway takes: the card says so instead of only naming other ways', async () => {
    const { c } = await withCredit('payon', 'tipo', [{ total: '50000.00', typeCode: 2 }], {});
    const dash = await c.client.get('/dashboard');
    expect(dash.body).not.toContain('Pagar ahora');
    expect(dash.body).toContain('data-no-online="type-not-online"');
    expect(dash.body).toContain('Tus comprobantes pendientes son de un tipo que no se paga en línea. Pagá con cupón o pedí un plan de pagos.');
  });
});

describe('a choice page left open never leads to another amount than it showed', () => {
  it('credit that arrives meanwhile: the checkout refuses and says so, nothing is charged', async () => {
    const { c } = await withCredit('payon', 'cambio', [{ total: '10000.00' }, { total: '5000.00' }], {});
    const choose = await c.client.get(`/payments/pay?account=${c.accountNumber}&all=1`);
    expect(choose.body).toContain('data-amount="15000.00"');
    const service = h.portal.services.plugins.get<InvoicesProvides>('invoices').service(h.portal.tenants.get('payon')!, h.portal.db.forTenant('payon'));
    await service.recordPayment({ externalId: `meanwhile-${c.accountNumber}`, accountNumber: c.accountNumber, paidOn: '2026-03-04', amount: '2000.00', method: 'cash', collector: 'Rapipago' });

    const res = await c.client.post('/payments/checkout', { account: c.accountNumber, all: '1', amount: '15000.00', gateway: 'sandbox' });
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe(`/payments?account=${encodeURIComponent(c.accountNumber)}`);
    expect(await sql(h.portal, `SELECT id FROM payments_payments WHERE account_id = ?`, [c.accountId])).toEqual([]);
    expect((await c.client.get('/payments')).body).toContain('Lo que tenés que pagar cambió mientras elegías el medio de pago');
    // The form the page builds carries the amount it shows, so a browser sends what was checked above.
    expect(choose.body).toContain('name="amount" value="15000.00"');

    const again = await checkout(h.portal, c, [['all', '1'], ['amount', '13000.00']], 'sandbox');
    const [payment] = await sql<{ amount: string }>(h.portal, `SELECT amount::text FROM payments_payments WHERE reference = ?`, [again.reference]);
    expect(payment.amount).toBe('13000.00');
  });
});
