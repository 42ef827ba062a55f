import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from 'portal/testing';
import { localDate } from 'portal/sdk';
import { addDays, formatDay } from '../domain/days.ts';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let olga: SignedIn;
let pedro: SignedIn;
const today = localDate(new Date(), 'America/Argentina/Buenos_Aires');

beforeAll(async () => {
  portal = await startInvoicesPortal();
  olga = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0401');
  pedro = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0402');
  const s = serviceFor(portal, 'invon');
  await s.upsertInvoice(sampleInvoice('RS-0401', { externalId: 'd-1', number: '00008-00004001', issueDate: '2025-01-14', dueDate: '2025-01-24', secondDueDate: undefined, total: '1000.00' }));
  await s.recordPayment({ externalId: 'd-p1', accountNumber: 'RS-0401', invoiceExternalId: 'd-1', paidOn: '2025-01-20', amount: '1000.00', method: 'cash' });
  await s.upsertInvoice(sampleInvoice('RS-0401', { externalId: 'd-2', number: '00008-00004002', issueDate: today, period: today.slice(0, 7), dueDate: addDays(today, 12), secondDueDate: undefined, total: '2345.67' }));
});
afterAll(async () => portal?.dispose());

function card(html: string): string {
  return /<section class="card" id="card-invoices-summary">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
}

describe('dashboard card', () => {
  it('shows the balance due, the next due date and the latest invoice', async () => {
    const html = card((await olga.client.get('/dashboard')).body);
    expect(html).toContain('Mis facturas');
    expect(html).toMatch(/class="card-value">\$ 2\.345,67 <span[^>]*>a pagar/);
    expect(html).toContain(`${formatDay(addDays(today, 12))} · <span class="num">$ 2.345,67</span>`);
    expect(html).toMatch(/href="\/invoices\/\d+">Factura B 00008-00004002<\/a> · [\d/]+ · <span class="num">\$ 2\.345,67<\/span>/);
  });

  it('is left out for a customer with nothing invoiced yet', async () => {
    const res = await pedro.client.get('/dashboard');
    expect(res.statusCode).toBe(200);
    expect(card(res.body)).toBe('');
  });
});
