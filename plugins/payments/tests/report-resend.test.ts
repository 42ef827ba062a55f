import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { PDF, postMultipart } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

const flashOf = (res: { cookies: { name: string; value: string }[] }) => decodeURIComponent(res.cookies.find((k) => k.name === 'flash')?.value ?? '');
const RECEIPT = [{ name: 'receipt', filename: 'comprobante.pdf', data: PDF, type: 'application/pdf' }];
const receipts = () => {
  const dir = join(h.portal.config.dataDir, 'files', 'payon', 'payments');
  return existsSync(dir) ? readdirSync(dir).length : 0;
};
const reportsOf = async (c: Customer) => (await sql(h.portal, `SELECT id FROM payments_reports WHERE account_id = ?`, [c.accountId])).length;

/** The report form as the page renders it, one-time token included. */
async function formOf(c: Customer, extra: Record<string, string> = {}) {
  const page = await c.client.get(`/payments/report?account=${c.accountNumber}`);
  const token = /name="_submission" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('the report form carries no submission token');
  return { account: c.accountNumber, amount: '15.400,50', paidOn: '2026-03-02', method: 'transfer', collector: 'Banco Nación', reference: 'OP-1', _submission: token, ...extra };
}

describe('a payment report sent again', () => {
  it('is stored once with one receipt, and the second answer goes where the first did, saying it arrived', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'otra-vez');
    const form = await formOf(c);
    const before = receipts();
    const first = await postMultipart(h.portal, c.client, '/payments/report', form, RECEIPT);
    const second = await postMultipart(h.portal, c.client, '/payments/report', form, RECEIPT);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(flashOf(second)).toContain('Ya lo recibimos');
    expect(await reportsOf(c)).toBe(1);
    expect(receipts()).toBe(before + 1);
  });

  it('is stored once when the posts arrive at once', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'a-la-vez');
    const form = await formOf(c);
    const before = receipts();
    const answers = await Promise.all([1, 2, 3].map(() => postMultipart(h.portal, c.client, '/payments/report', form, RECEIPT)));
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    expect(await reportsOf(c)).toBe(1);
    expect(receipts()).toBe(before + 1);
  });

  it("with another customer's token is the second customer's own report", async () => {
    const ana = await signedInCustomer(h.portal, 'payon', 'ana');
    const beto = await signedInCustomer(h.portal, 'payon', 'beto');
    const form = await formOf(ana);
    expect((await postMultipart(h.portal, ana.client, '/payments/report', form, RECEIPT)).statusCode).toBe(303);
    await beto.client.get(`/payments/report?account=${beto.accountNumber}`);
    const other = await postMultipart(h.portal, beto.client, '/payments/report', { ...form, account: beto.accountNumber }, RECEIPT);
    expect(other.statusCode).toBe(303);
    expect(other.headers.location).toBe(`/payments?account=${beto.accountNumber}`);
    expect(flashOf(other)).toContain('Recibimos tu aviso');
    expect(await reportsOf(ana)).toBe(1);
    expect(await reportsOf(beto)).toBe(1);
  });

  it('without a token is stored each time, as before', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'sin-token');
    const { _submission: _, ...form } = await formOf(c);
    expect((await postMultipart(h.portal, c.client, '/payments/report', form, RECEIPT)).statusCode).toBe(303);
    expect((await postMultipart(h.portal, c.client, '/payments/report', form, RECEIPT)).statusCode).toBe(303);
    expect(await reportsOf(c)).toBe(2);
  });
});
