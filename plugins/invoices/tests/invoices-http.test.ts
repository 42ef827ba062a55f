import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPortal, Client } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { addDays } from '../domain/days.ts';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { monthlyInvoices, sampleInvoice } from '../testing/sample-invoice.ts';
import { unescapeHtml } from '../testing/html.ts';

let portal: TestPortal;
let ana: SignedIn;
let bruno: SignedIn;
let carla: SignedIn;
let dani: SignedIn;
const ids: Record<string, number> = {};
const today = localDate(new Date(), 'America/Argentina/Buenos_Aires');
const thisMonth = today.slice(0, 7);

beforeAll(async () => {
  portal = await startInvoicesPortal();
  ana = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0001');
  bruno = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0002');
  carla = await signedInCustomer(portal, 'invother', HOSTS.other, 'VA-0001');
  dani = await signedInCustomer(portal, 'invoff', HOSTS.off, 'CO-0001');

  // Ana: eight monthly periods ending this month, with every status the list shows.
  const on = serviceFor(portal, 'invon');
  const months = monthlyInvoices('RS-0001', thisMonth, 8);
  months[0].dueDate = addDays(today, 10);
  months[0].secondDueDate = addDays(today, 20);
  months[4].cancelled = true;
  for (const inv of months) ids[inv.externalId] = (await on.upsertInvoice(inv)).id;
  // A second document in the newest period: periods are counted, not documents.
  ids.note = (await on.upsertInvoice(sampleInvoice('RS-0001', {
    externalId: 'nc-1', typeCode: 8, number: '00008-00000077', period: thisMonth, issueDate: `${thisMonth}-02`,
    dueDate: `${thisMonth}-02`, secondDueDate: undefined, secondDueTotal: undefined, total: '1000.00', netAmount: '826.45', vatAmount: '173.55',
    relatedInvoiceExternalId: months[2].externalId, lines: [{ description: 'Bonificación', unitPrice: '1000.00', amount: '1000.00' }],
  }))).id;
  await on.recordPayment({ externalId: 'p-3', accountNumber: 'RS-0001', invoiceExternalId: months[2].externalId, paidOn: months[2].dueDate, amount: '10000.00', method: 'online', collector: 'Mercado Pago' });
  await on.recordPayment({ externalId: 'p-4', accountNumber: 'RS-0001', invoiceExternalId: months[3].externalId, paidOn: '2025-01-09', amount: months[3].total, method: 'cash', collector: 'Rapipago' });
  for (const inv of months.slice(5)) {
    await on.recordPayment({ externalId: `p-${inv.externalId}`, accountNumber: 'RS-0001', invoiceExternalId: inv.externalId, paidOn: inv.dueDate, amount: inv.total, method: 'direct_debit', collector: 'Banco Galicia' });
  }

  ids.bruno = (await on.upsertInvoice(sampleInvoice('RS-0002', { externalId: 'bruno-1', number: '00008-00050001' }))).id;
  const other = serviceFor(portal, 'invother');
  for (const inv of monthlyInvoices('VA-0001', thisMonth, 5, 7000)) {
    ids[inv.externalId] = (await other.upsertInvoice({ ...inv, typeCode: 11, netAmount: inv.total, vatAmount: '0.00' })).id;
  }
  ids.carla = ids[`inv-VA-0001-${thisMonth}`];
});
afterAll(async () => portal?.dispose());

function periodsOf(html: string): string[] {
  return [...new Set([...html.matchAll(/data-period="([\d-]+)"/g)].map((m) => m[1]))];
}

function rowOf(html: string, id: number): string {
  const m = new RegExp(`<tr data-period="[^"]*" data-status="[^"]*">\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*><a href="/invoices/${id}">[\\s\\S]*?</tr>`).exec(html);
  if (!m) throw new Error(`no row for invoice ${id}`);
  return m[0];
}

describe('invoice list', () => {
  it('shows exactly the tenant’s number of periods (6 by default), newest first', async () => {
    const res = await ana.client.get('/invoices');
    expect(res.statusCode).toBe(200);
    const expected = Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(Number(thisMonth.slice(0, 4)), Number(thisMonth.slice(5)) - 1 - i, 1)).toISOString().slice(0, 7));
    expect(periodsOf(res.body)).toEqual(expected);
    // Both documents of the newest period are there.
    expect(res.body).toContain(`href="/invoices/${ids.note}"`);
    expect(res.body).toContain('Nota de crédito B 00008-00000077');
  });

  it('follows another tenant’s setting (3 periods) in its language', async () => {
    const res = await carla.client.get('/invoices');
    expect(res.statusCode).toBe(200);
    expect(periodsOf(res.body)).toHaveLength(3);
    expect(res.body).toContain('My invoices');
    expect(res.body).toContain('Invoice C');
  });

  it('shows each status, and for paid invoices when, how and where they were paid', async () => {
    const html = unescapeHtml((await ana.client.get('/invoices')).body);
    const status = (n: number) => /data-status="(\w*)"/.exec(rowOf(html, ids[`inv-RS-0001-${monthsBack(n)}`]))![1];
    expect([0, 1, 2, 3, 4, 5].map(status), html).toEqual(['unpaid', 'overdue', 'partial', 'paid', 'cancelled', 'paid']);
    const paid = rowOf(html, ids[`inv-RS-0001-${monthsBack(3)}`]);
    expect(paid).toContain('Pagada');
    expect(paid).toMatch(/09\/01\/2025 · Efectivo · Rapipago/);
    expect(paid).toMatch(/\$ 24\.500,00<\/td>\s*<td class="num"[^>]*>\$ 0,00</);
    const partial = rowOf(html, ids[`inv-RS-0001-${monthsBack(2)}`]);
    expect(partial).toContain('Pago parcial');
    expect(partial).toContain('En línea · Mercado Pago');
    expect(partial).toContain('$ 13.500,00');
    expect(rowOf(html, ids[`inv-RS-0001-${monthsBack(1)}`])).toContain('badge-danger');
    expect(rowOf(html, ids[`inv-RS-0001-${monthsBack(4)}`])).toContain('Anulada');
  });

  it('offers the PDF download and the statement from the list', async () => {
    const html = unescapeHtml((await ana.client.get('/invoices')).body);
    expect(html).toContain(`href="/invoices/${ids[`inv-RS-0001-${thisMonth}`]}/pdf"`);
    expect(html).toContain('href="/invoices/statement?account=RS-0001"');
    expect(html).toMatch(/aria-current="page"[^>]*>[\s\S]*Facturas/);
  });
});

describe('a customer with two accounts', () => {
  it('switches between them, each with its own invoices', async () => {
    await portal.db.orm.em.getConnection().execute(
      `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number, customer_id) VALUES ('invon', 'RS-0009', 'Bruno Dos', 'DNI', '30123456', ?)`,
      [bruno.customerId],
    );
    await serviceFor(portal, 'invon').upsertInvoice(sampleInvoice('RS-0009', { externalId: 'bruno-9', number: '00008-00050009' }));
    const first = unescapeHtml((await bruno.client.get('/invoices')).body);
    expect(first).toContain('href="/invoices?account=RS-0009"');
    expect(first).toContain('00008-00050001');
    expect(first).not.toContain('00008-00050009');
    const second = unescapeHtml((await bruno.client.get('/invoices?account=RS-0009')).body);
    expect(second).toContain('00008-00050009');
    expect(second).not.toContain('00008-00050001');
    expect(second).toMatch(/aria-current="page">Cuenta RS-0009/);
  });
});

describe('invoice detail', () => {
  it('shows the fiscal fields, lines, totals and payments of the customer’s own invoice', async () => {
    const res = await ana.client.get(`/invoices/${ids[`inv-RS-0001-${monthsBack(3)}`]}`);
    expect(res.statusCode).toBe(200);
    for (const text of ['Factura B 00008-', '75012345678901', 'Abono mensual Fibra 300 Mb', '$ 24.500,00', 'Rapipago', 'Consumidor Final', 'Fibra 300 Mb']) {
      expect(res.body).toContain(text);
    }
  });
});

describe('isolation: another customer’s or tenant’s invoice is a 404', () => {
  it('answers 404 for another customer’s invoice, detail and PDF', async () => {
    expect((await bruno.client.get(`/invoices/${ids.bruno}`)).statusCode).toBe(200);
    expect((await ana.client.get(`/invoices/${ids.bruno}`)).statusCode).toBe(404);
    expect((await ana.client.get(`/invoices/${ids.bruno}/pdf`)).statusCode).toBe(404);
  });

  it('answers 404 for another customer’s account on the list, statement and exports', async () => {
    for (const url of ['/invoices?account=RS-0002', '/invoices/statement?account=RS-0002', '/invoices/statement.csv?account=RS-0002', '/invoices/statement.xlsx?account=RS-0002', '/invoices/statement.pdf?account=RS-0002']) {
      expect((await ana.client.get(url)).statusCode, url).toBe(404);
      expect((await bruno.client.get(url)).statusCode, url).toBe(200);
    }
  });

  it('answers 404 for another tenant’s invoice id and account, even with the same plugin enabled', async () => {
    expect((await carla.client.get(`/invoices/${ids.carla}`)).statusCode).toBe(200);
    expect((await ana.client.get(`/invoices/${ids.carla}`)).statusCode).toBe(404);
    expect((await ana.client.get(`/invoices/${ids.carla}/pdf`)).statusCode).toBe(404);
    expect((await ana.client.get('/invoices?account=VA-0001')).statusCode).toBe(404);
    expect((await ana.client.get('/invoices/statement.csv?account=VA-0001')).statusCode).toBe(404);
    expect((await carla.client.get(`/invoices/${ids.bruno}`)).statusCode).toBe(404);
  });

  it('answers 404 for ids that cannot be invoices', async () => {
    for (const id of ['0', '-1', 'abc', '1e3', '99999999999']) expect((await ana.client.get(`/invoices/${id}`)).statusCode, id).toBe(404);
  });

  it('answers 404 for an export format the tenant did not allow', async () => {
    expect((await carla.client.get('/invoices/statement.csv')).statusCode).toBe(200);
    expect((await carla.client.get('/invoices/statement.xlsx')).statusCode).toBe(404);
    expect((await carla.client.get('/invoices/statement.pdf')).statusCode).toBe(404);
  });

  it('sends anonymous visitors to the login page', async () => {
    const res = await new Client(portal.app, HOSTS.on).get(`/invoices/${ids.bruno}/pdf`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/invoices/${ids.bruno}/pdf`)}`);
  });
});

describe('a tenant without the plugin', () => {
  it('has none of its routes and no menu item', async () => {
    for (const url of ['/invoices', `/invoices/${ids.bruno}`, `/invoices/${ids.bruno}/pdf`, '/invoices/statement', '/invoices/statement.csv', '/invoices/statement.xlsx', '/invoices/statement.pdf', '/invoices/delivery']) {
      expect((await dani.client.get(url)).statusCode, url).toBe(404);
    }
    await dani.client.get('/invoices/delivery');
    const post = await dani.client.post('/invoices/delivery', { account: 'CO-0001', channel: 'email' });
    expect(post.statusCode).toBe(404);
    const dashboard = await dani.client.get('/dashboard');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).not.toContain('href="/invoices"');
  });
});

function monthsBack(n: number): string {
  const [y, m] = thisMonth.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 7);
}
