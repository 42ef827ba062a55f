import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff, browser } from 'portal/testing';
import { HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { checkout, PDF, postMultipart, postPairs } from '../testing/requests.ts';

let h: PaymentsHarness;
let ana: Customer;
const ids = { invoice: 0, reference: '', token: '', report: 0, agreement: 0 };
let snapshot: unknown;

async function state() {
  return sql(
    h.portal,
    `SELECT (SELECT json_agg(p.* ORDER BY id) FROM payments_payments p) AS payments,
            (SELECT json_agg(c.* ORDER BY token) FROM payments_sandbox_charges c) AS charges,
            (SELECT json_agg(r.* ORDER BY id) FROM payments_reports r) AS reports,
            (SELECT json_agg(g.* ORDER BY id) FROM payments_agreements g) AS agreements,
            (SELECT count(*) FROM invoice_payments) AS invoice_payments`,
  );
}

beforeAll(async () => {
  h = await startPaymentsPortal();
  ana = await signedInCustomer(h.portal, 'payon', 'ana');
  ids.invoice = (await loadInvoice(h.portal, 'payon', ana.accountNumber, { total: '30000.00' })).id;
  const started = await checkout(h.portal, ana, [['invoice', String(ids.invoice)]], 'sandbox');
  ids.reference = started.reference!;
  ids.token = started.location.split('/').at(-1)!;
  await ana.client.get(`/payments/report?account=${ana.accountNumber}`);
  await postMultipart(h.portal, ana.client, '/payments/report', { account: ana.accountNumber, amount: '100', paidOn: '2026-03-01', method: 'cash' }, [{ name: 'receipt', filename: 'r.pdf', data: PDF }]);
  ids.report = (await sql<{ id: number }>(h.portal, `SELECT id FROM payments_reports WHERE account_id = ?`, [ana.accountId]))[0].id;
  await ana.client.get(`/payments/agreements/new?account=${ana.accountNumber}`);
  await ana.client.post('/payments/agreements', { account: ana.accountNumber, instalments: '2', downPayment: '6000' });
  ids.agreement = (await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [ana.accountId]))[0].id;
  snapshot = await state();
});
afterAll(async () => h?.dispose());

/** Every customer route of the plugin, pointed at ana's ids by someone who is not ana. */
function attempts(other: Customer) {
  const mine = other.accountNumber;
  return [
    ['GET pay page for ana’s account', () => other.client.get(`/payments?account=${ana.accountNumber}`)],
    ['GET choose gateway for ana’s invoice', () => other.client.get(`/payments/pay?account=${mine}&invoice=${ids.invoice}`)],
    ['GET choose gateway on ana’s account', () => other.client.get(`/payments/pay?account=${ana.accountNumber}&invoice=${ids.invoice}`)],
    ['POST checkout of ana’s invoice', async () => {
      await other.client.get('/payments');
      return postPairs(h.portal, other.client, '/payments/checkout', [['account', mine], ['invoice', String(ids.invoice)], ['gateway', 'sandbox']]);
    }],
    ['GET ana’s payment result', () => other.client.get(`/payments/return/${ids.reference}`)],
    ['GET ana’s sandbox checkout', () => other.client.get(`/payments/sandbox/${ids.token}`)],
    ['POST a decision on ana’s sandbox checkout', async () => {
      await other.client.get('/payments');
      return other.client.post(`/payments/sandbox/${ids.token}`, { decision: 'approved' });
    }],
    ['GET a coupon for ana’s invoice', () => other.client.get(`/payments/coupon.pdf?account=${mine}&invoice=${ids.invoice}`)],
    ['GET ana’s report receipt', () => other.client.get(`/payments/reports/${ids.report}/receipt`)],
    ['POST a report naming ana’s invoice', async () => {
      await other.client.get('/payments');
      return postMultipart(h.portal, other.client, '/payments/report', { account: mine, amount: '100', paidOn: '2026-03-01', method: 'cash', invoice: String(ids.invoice) }, [{ name: 'receipt', filename: 'r.pdf', data: PDF }]);
    }],
    ['POST a report on ana’s account', async () => {
      await other.client.get('/payments');
      return postMultipart(h.portal, other.client, '/payments/report', { account: ana.accountNumber, amount: '100', paidOn: '2026-03-01', method: 'cash' }, [{ name: 'receipt', filename: 'r.pdf', data: PDF }]);
    }],
    ['GET ana’s agreements', () => other.client.get(`/payments/agreements?account=${ana.accountNumber}`)],
    ['GET an agreement request on ana’s account', () => other.client.get(`/payments/agreements/new?account=${ana.accountNumber}`)],
    ['POST an agreement request on ana’s account', async () => {
      await other.client.get('/payments');
      return other.client.post('/payments/agreements', { account: ana.accountNumber, instalments: '2', downPayment: '6000' });
    }],
  ] as const;
}

describe('every route refuses ids that are not the caller’s (404, nothing changes)', () => {
  it('another customer of the same tenant', async () => {
    const beto = await signedInCustomer(h.portal, 'payon', 'beto');
    await loadInvoice(h.portal, 'payon', beto.accountNumber, { total: '1000.00' });
    for (const [name, attempt] of attempts(beto)) expect((await attempt()).statusCode, name).toBe(404);
    expect(await state()).toEqual(snapshot);
  });

  it('a customer of another tenant', async () => {
    const carla = await signedInCustomer(h.portal, 'payother', 'carla');
    for (const [name, attempt] of attempts(carla)) expect((await attempt()).statusCode, name).toBe(404);
    expect(await state()).toEqual(snapshot);
  });

  it('staff of another tenant', async () => {
    const operator = await loginStaff(h.portal, HOSTS.payother, await createStaff(h.portal, 'payother', { role: 'administrator' }));
    await operator.get('/staff/payments/reports');
    expect((await operator.get(`/staff/payments/reports/${ids.report}/receipt`)).statusCode).toBe(404);
    expect((await operator.post(`/staff/payments/reports/${ids.report}/accept`)).statusCode).toBe(404);
    expect((await operator.post(`/staff/payments/reports/${ids.report}/reject`, { reason: 'no es nuestro' })).statusCode).toBe(404);
    expect((await operator.post(`/staff/payments/agreements/${ids.agreement}/approve`)).statusCode).toBe(404);
    expect((await operator.post(`/staff/payments/agreements/${ids.agreement}/reject`, { reason: 'no es nuestro' })).statusCode).toBe(404);
    expect((await operator.get('/staff/payments')).body).not.toContain(ids.reference);
    expect(await state()).toEqual(snapshot);
  });

  it('a tenant without the plugin has none of it', async () => {
    const dora = await signedInCustomer(h.portal, 'payoff', 'dora');
    for (const url of ['/payments', `/payments/return/${ids.reference}`, '/payments/report', '/payments/agreements']) expect((await dora.client.get(url)).statusCode, url).toBe(404);
    const hook = await h.portal.app.inject({ method: 'POST', url: '/payments/webhooks/mercadopago?data.id=1', headers: { host: HOSTS.payoff, 'content-type': 'application/json' }, payload: '{}' });
    expect(hook.statusCode).toBe(404);
    const operator = await loginStaff(h.portal, HOSTS.payoff, await createStaff(h.portal, 'payoff', { role: 'administrator' }));
    expect((await operator.get('/staff/payments/reports')).statusCode).toBe(404);
    expect(await state()).toEqual(snapshot);
  });

  it('anonymous visitors go to the login page', async () => {
    const anon = browser(h.portal, HOSTS.payon);
    const res = await anon.get('/payments');
    expect([302, 303]).toContain(res.statusCode);
    expect(String(res.headers.location)).toMatch(/^\/login/);
    expect((await anon.get(`/payments/sandbox/${ids.token}`)).statusCode).not.toBe(200);
  });

  it('ana herself gets her pages', async () => {
    expect((await ana.client.get(`/payments/return/${ids.reference}`)).statusCode).toBe(200);
    expect((await ana.client.get(`/payments/sandbox/${ids.token}`)).statusCode).toBe(200);
    expect((await ana.client.get(`/payments/reports/${ids.report}/receipt`)).statusCode).toBe(200);
    expect((await ana.client.get(`/payments/coupon.pdf?account=${ana.accountNumber}&invoice=${ids.invoice}`)).statusCode).toBe(200);
  });
});
