import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, loginStaff, type Client } from 'portal/testing';
import { auditRows, HOSTS, loadInvoice, signedInCustomer, sql, startPaymentsPortal, type Customer, type PaymentsHarness } from '../testing/harness.ts';
import { checkout } from '../testing/requests.ts';

let h: PaymentsHarness;
let billing: Client;
let billingId: number;
beforeAll(async () => {
  h = await startPaymentsPortal();
  const staff = await createStaff(h.portal, 'payon', { role: 'billing', name: 'Marta Cobros' });
  billingId = staff.id;
  billing = await loginStaff(h.portal, HOSTS.payon, staff);
});
afterAll(async () => h?.dispose());

/** A customer owing $ 50.000 who asked for a plan of 4 instalments after $ 10.000 down; the agreement's id. */
async function pendingPlan(name: string): Promise<{ c: Customer; id: number; invoiceId: number }> {
  const c = await signedInCustomer(h.portal, 'payon', name);
  const invoice = await loadInvoice(h.portal, 'payon', c.accountNumber, { total: '50000.00', dueDate: '2026-01-10' });
  await c.client.get(`/payments/agreements/new?account=${c.accountNumber}`);
  const res = await c.client.post('/payments/agreements', { account: c.accountNumber, instalments: '4', downPayment: '10000' });
  if (res.statusCode !== 303) throw new Error(`agreement request answered ${res.statusCode}`);
  const [{ id }] = await sql<{ id: number }>(h.portal, `SELECT id FROM payments_agreements WHERE account_id = ?`, [c.accountId]);
  return { c, id: Number(id), invoiceId: invoice.id };
}

/** As Handlebars writes a value into an attribute. */
const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('=', '&#x3D;');
const flash = async (client = billing) => /<div class="alert[^>]*>[\s\S]*?<p>([\s\S]*?)<\/p>/.exec((await client.get('/staff/payments/agreements')).body)?.[1];
const statusOf = async (ids: number[]) => (await sql<{ status: string }>(h.portal, `SELECT status FROM payments_agreements WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`, ids)).map((r) => r.status);
const approvedIds = async () => (await auditRows(h.portal, 'payon', 'payments.agreement-approved')).map((r) => r.details.agreement);

describe('saved filters on the payments lists', () => {
  for (const [queue, path, query, name] of [
    ['payments', '/staff/payments', 'q=PAYON&status=approved', 'Aprobados de PAYON'],
    ['payments.reports', '/staff/payments/reports', 'status=accepted', 'Avisos aceptados'],
    ['payments.agreements', '/staff/payments/agreements', 'status=rejected', 'Planes rechazados'],
  ] as const) {
    it(`saves ${path}?${query} for this operator only and lists it there`, async () => {
      const page = await billing.get(`${path}?${query}`);
      expect(page.body).toContain('Mis filtros');
      expect(page.body).toContain(`<input type="hidden" name="queue" value="${queue}">`);
      expect(page.body).toContain(`<input type="hidden" name="query" value="${escaped(query)}">`);
      const saved = await billing.post('/staff/saved-filters', { queue, path, query, name });
      expect(saved.statusCode).toBe(303);
      expect(saved.headers.location).toBe(`${path}?${query}`);
      const again = await billing.get(`${path}?${query}`);
      expect(again.body).toContain('Filtro guardado.');
      expect(again.body).toContain(`aria-current="true">${name}</a>`);
      expect(await sql(h.portal, `SELECT staff_id, query FROM staff_saved_filters WHERE tenant_id = 'payon' AND queue = ?`, [queue])).toEqual([{ staff_id: billingId, query }]);
      // The list without that filter still offers it, not as the current one.
      expect((await billing.get(path)).body).toMatch(new RegExp(`<a href="[^"]+">${name}</a>`));
    });
  }
});

describe('keyboard shortcuts on the payments lists', () => {
  it('marks each online payment, reported payment and agreement as a row to move through and open, with a help that offers no reply or assign', async () => {
    const { c, invoiceId } = await pendingPlan('teclas');
    const paid = await checkout(h.portal, c, [['invoice', String(invoiceId)]], 'sandbox');
    const payments = (await billing.get('/staff/payments')).body;
    expect(payments).toContain('data-key-list aria-describedby="staff-keys-hint"');
    expect(payments).toMatch(new RegExp(`<tr data-reference="${paid.reference}" data-status="\\w+" data-key-row data-key-open="/staff/payments/online/\\d+">`));
    const [report] = await sql<{ id: number }>(
      h.portal,
      `INSERT INTO payments_reports (tenant_id, account_id, customer_id, amount, paid_on, method, reference, receipt_key, receipt_type)
       VALUES ('payon', ?, ?, '100.00', '2026-03-02', 'transfer', 'TECLA-1', 'payon/payments/none', 'application/pdf') RETURNING id`,
      [c.accountId, c.customerId],
    );
    const reports = (await billing.get('/staff/payments/reports')).body;
    expect(reports).toContain(`data-report="${report.id}" data-key-row data-key-open="/staff/payments/reports/${report.id}/receipt"`);
    const agreements = (await billing.get('/staff/payments/agreements')).body;
    expect(agreements).toContain(`data-key-row data-key-open="/staff/accounts/${c.accountId}"`);
    for (const body of [payments, reports, agreements]) {
      const help = /<dialog id="staff-keys"[\s\S]*?<\/dialog>/.exec(body)![0];
      expect(help).toContain('Siguiente de la lista');
      expect(help).toContain('Abrir el seleccionado');
      expect(help).not.toContain('Responder');
      expect(help).not.toContain('Asignarme');
    }
  });
});

describe('bulk decisions on payment agreements', () => {
  it('approves the chosen plans, each with its schedule, email and one audit entry; a decided one and one over a changed debt are named', async () => {
    const [a, b, decided, changed] = [await pendingPlan('lotea'), await pendingPlan('loteb'), await pendingPlan('lotec'), await pendingPlan('loted')];
    await sql(h.portal, `UPDATE payments_agreements SET status = 'rejected', reject_reason = 'Duplicado' WHERE id = ?`, [decided.id]);
    const paid = await checkout(h.portal, changed.c, [['invoice', String(changed.invoiceId)]], 'sandbox');
    await changed.c.client.get(paid.location);
    expect((await changed.c.client.post(paid.location, { decision: 'approved' })).statusCode).toBe(303);
    const page = (await billing.get('/staff/payments/agreements')).body;
    expect(page).toContain(`<input type="checkbox" form="agr-bulk" name="agreement" value="${a.id}" aria-label="Elegir el pedido de plan de ${a.c.accountNumber}">`);
    const res = await billing.post('/staff/payments/agreements/bulk/approve', { agreement: [a, b, decided, changed].map((p) => String(p.id)).concat('999999') });
    expect(res.statusCode).toBe(303);
    expect(await flash()).toBe(
      `Aprobados: ${a.c.accountNumber}, ${b.c.accountNumber}. Ya estaban decididos: ${decided.c.accountNumber}. No aprobados porque la deuda cambió desde el pedido: ${changed.c.accountNumber}. No encontrados: 1.`,
    );
    expect(await statusOf([a.id, b.id, decided.id, changed.id])).toEqual(['approved', 'approved', 'rejected', 'pending']);
    expect(await sql(h.portal, `SELECT agreement_id, count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id IN (?, ?, ?) GROUP BY agreement_id ORDER BY agreement_id`, [a.id, b.id, changed.id])).toEqual([
      { agreement_id: a.id, n: 5 },
      { agreement_id: b.id, n: 5 },
    ]);
    expect(await approvedIds()).toEqual([a.id, b.id]);
    for (const p of [a, b]) {
      expect(await sql(h.portal, `SELECT subject FROM mail_outbox WHERE to_address = ? AND subject = 'Aprobamos tu plan de pagos'`, [p.c.email])).toHaveLength(1);
    }
  });

  it('approves a plan once when two operators approve it at the same moment', async () => {
    const p = await pendingPlan('doble');
    const other = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'billing', email: 'otra@payon.test' }));
    await billing.get('/staff/payments/agreements');
    await other.get('/staff/payments/agreements');
    const answers = await Promise.all([billing, other].map((client) => client.post('/staff/payments/agreements/bulk/approve', { agreement: String(p.id) })));
    expect(answers.map((r) => r.statusCode)).toEqual([303, 303]);
    expect(await statusOf([p.id])).toEqual(['approved']);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM payments_agreement_instalments WHERE agreement_id = ?`, [p.id])).toEqual([{ n: 5 }]);
    expect((await approvedIds()).filter((id) => id === p.id)).toHaveLength(1);
    expect(await sql(h.portal, `SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = ? AND subject = 'Aprobamos tu plan de pagos'`, [p.c.email])).toEqual([{ n: 1 }]);
    expect([await flash(billing), await flash(other)].sort()).toEqual([`Aprobados: ${p.c.accountNumber}.`, `Ya estaban decididos: ${p.c.accountNumber}.`].sort());
  });

  it('rejects the chosen ones with one reason, and asks for the reason first', async () => {
    const [a, b] = [await pendingPlan('recha'), await pendingPlan('rechb')];
    await billing.get('/staff/payments/agreements');
    await billing.post('/staff/payments/agreements/bulk/reject', { agreement: [String(a.id), String(b.id)], reason: 'no' });
    expect(await flash()).toBe('Escribí el motivo del rechazo (entre 3 y 500 caracteres): se le envía al cliente.');
    expect(await statusOf([a.id, b.id])).toEqual(['pending', 'pending']);
    await billing.post('/staff/payments/agreements/bulk/reject', { agreement: [String(a.id), String(b.id)], reason: 'Tiene otro plan sin pagar' });
    expect(await flash()).toBe(`Rechazados: ${a.c.accountNumber}, ${b.c.accountNumber}.`);
    expect(await sql(h.portal, `SELECT status, reject_reason FROM payments_agreements WHERE id IN (?, ?) ORDER BY id`, [a.id, b.id])).toEqual([
      { status: 'rejected', reject_reason: 'Tiene otro plan sin pagar' },
      { status: 'rejected', reject_reason: 'Tiene otro plan sin pagar' },
    ]);
    expect((await auditRows(h.portal, 'payon', 'payments.agreement-rejected')).map((r) => r.details.agreement)).toEqual([a.id, b.id]);
  });

  it('is refused to operators who may not decide plans, and says so when nothing was chosen', async () => {
    const support = await loginStaff(h.portal, HOSTS.payon, await createStaff(h.portal, 'payon', { role: 'support', email: 'soporte@payon.test' }));
    await support.get('/staff/payments/agreements');
    expect((await support.post('/staff/payments/agreements/bulk/approve', { agreement: '1' })).statusCode).toBe(403);
    await billing.get('/staff/payments/agreements');
    await billing.post('/staff/payments/agreements/bulk/approve', {});
    expect(await flash()).toBe('No elegiste ningún pedido.');
  });
});
