import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledger, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';

let h: PaymentsHarness;
beforeAll(async () => {
  h = await startPaymentsPortal();
});
afterAll(async () => h?.dispose());

describe('paying an invoice through the sandbox gateway', () => {
  it('approves: the invoice is paid with method and collector, one movement, one receipt', async () => {
    const heard: Record<string, unknown>[] = [];
    h.portal.services.events.on('payment.status-changed', 'core', (payload) => void heard.push(payload));
    const ana = await signedInCustomer(h.portal, 'payon', 'ana');
    const inv = await loadInvoice(h.portal, 'payon', ana.accountNumber, { total: '24500.00' });
    const page = await ana.client.get('/payments');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-action="pay-online"');
    const started = await checkout(h.portal, ana, [['invoice', String(inv.id)]], 'sandbox');
    expect(started.status).toBe(303);
    expect(started.location).toMatch(/^\/payments\/sandbox\/[\w-]{22}$/);
    const sandbox = await ana.client.get(started.location);
    expect(sandbox.statusCode).toBe(200);
    expect(sandbox.body).toContain('$ 24.500,00');
    const decided = await ana.client.post(started.location, { decision: 'approved' });
    expect(decided.statusCode).toBe(303);
    expect(decided.headers.location).toBe(`/payments/return/${started.reference}`);
    const result = await ana.client.get(`/payments/return/${started.reference}`);
    expect(result.body).toContain('data-status="approved"');
    const [paid] = await sql<{ method: string; collector: string | null; amount: string; reference: string | null }>(h.portal, `SELECT method, collector, amount, reference FROM invoice_payments WHERE tenant_id = 'payon' AND invoice_id = ?`, [inv.id]);
    expect(paid).toEqual({ method: 'online', collector: 'Pasarela de prueba', amount: '24500.00', reference: started.reference });
    expect(await ledger(h.portal, 'payon')).toMatchObject({ payments: 1, movements: 1, mails: 1 });
    expect(heard).toEqual([expect.objectContaining({ reference: started.reference, accountId: ana.accountId, gateway: 'sandbox', from: 'created', to: 'approved', amount: '24500.00' })]);
  });
});

describe('the sandbox gateway page', () => {
  it('rejects: nothing is paid and the customer is told', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'rechaza');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '3000.00' });
    const started = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(started.location);
    await c.client.post(started.location, { decision: 'rejected' });
    const result = await c.client.get(`/payments/return/${started.reference}`);
    expect(result.body).toContain('data-status="rejected"');
    expect(result.body).toContain('El medio de pago rechazó el pago. No se te cobró nada');
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM invoice_payments WHERE invoice_id = ?`, [inv.id])).toEqual([{ n: 0 }]);
    // Decided is decided: approving afterwards changes nothing.
    await c.client.post(started.location, { decision: 'approved' });
    expect((await c.client.get(`/payments/return/${started.reference}`)).body).toContain('data-status="rejected"');
  });

  it('left pending, then approved later from the same page', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'espera');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '3000.00' });
    const started = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(started.location);
    await c.client.post(started.location, { decision: 'pending' });
    expect((await c.client.get(`/payments/return/${started.reference}`)).body).toContain('data-status="pending"');
    const again = await c.client.get(started.location);
    expect(again.body).toContain('Este pago quedó pendiente');
    await c.client.post(started.location, { decision: 'approved' });
    expect((await c.client.get(`/payments/return/${started.reference}`)).body).toContain('data-status="approved"');
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM invoice_payments WHERE invoice_id = ?`, [inv.id])).toEqual([{ n: 1 }]);
  });

  it('answers 400 to a decision it does not know', async () => {
    const c = await signedInCustomer(h.portal, 'payon', 'raro');
    const inv = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '3000.00' });
    const started = await checkout(h.portal, c, [['invoice', String(inv.id)]], 'sandbox');
    await c.client.get(started.location);
    expect((await c.client.post(started.location, { decision: 'refunded' })).statusCode).toBe(400);
  });
});
