import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestPortal, seedCustomer } from 'portal/testing';
import { InvoiceInputError } from '../data/input-error.ts';
import type { InvoiceService } from '../data/invoice-service.ts';
import { serviceFor, startInvoicesPortal } from '../testing/invoices-portal.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let service: InvoiceService;
const events: { event: string; tenant: string; payload: Record<string, unknown> }[] = [];

beforeAll(async () => {
  portal = await startInvoicesPortal();
  for (const event of ['invoice.created', 'invoice.updated', 'invoice.paid', 'invoice.payment-recorded', 'invoice.movement-added']) {
    portal.services.events.on(event, 'invoices', (payload, ctx) => void events.push({ event, tenant: ctx.tenant.id, payload }));
  }
  await seedCustomer(portal.db, { tenantId: 'invon', email: 'svc1@example.test', password: 'x'.repeat(16), accountNumber: 'S-1' });
  await seedCustomer(portal.db, { tenantId: 'invon', email: 'svc2@example.test', password: 'x'.repeat(16), accountNumber: 'S-2' });
  await seedCustomer(portal.db, { tenantId: 'invother', email: 'svc3@example.test', password: 'x'.repeat(16), accountNumber: 'S-1' });
  service = serviceFor(portal, 'invon');
});
afterAll(async () => portal?.dispose());
beforeEach(() => void (events.length = 0));

const sql = <Row extends object = Record<string, unknown>>(q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute<Row[]>(q, params);

/** The columns of `invoices` these tests look at (numeric ones come back as strings). */
interface InvoiceRecord {
  id: number;
  tenant_id: string;
  recipient_name: string;
  recipient_doc_type: number | null;
  recipient_doc_number: string | null;
  paid_amount: string;
  credited_amount: string;
}

async function invoiceRow(externalId: string, tenant = 'invon') {
  const [row] = await sql<InvoiceRecord>(`SELECT * FROM invoices WHERE tenant_id = ? AND external_id = ?`, [tenant, externalId]);
  return row;
}

describe('invoices by the provider’s ids', () => {
  it('inserts once, then updates in place; the same content again changes nothing and emits nothing', async () => {
    const first = await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-1', number: '00008-00000001' }));
    expect(first).toMatchObject({ created: true, changed: true });
    expect(events.map((e) => e.event)).toEqual(['invoice.created']);
    expect(events[0]).toMatchObject({ tenant: 'invon', payload: { invoiceId: first.id, externalId: 'i-1', total: '24500.00' } });

    events.length = 0;
    expect(await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-1', number: '00008-00000001' }))).toEqual({ id: first.id, created: false, changed: false });
    expect(events).toEqual([]);

    const lines = [{ description: 'Abono corregido', unitPrice: '20000.00', amount: '20000.00' }];
    const third = await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-1', number: '0008-00000001', total: '20000.00', lines }));
    expect(third).toEqual({ id: first.id, created: false, changed: true });
    expect(events.map((e) => e.event)).toEqual(['invoice.updated']);
    expect(await sql(`SELECT count(*)::int AS n FROM invoices WHERE external_id = 'i-1'`)).toEqual([{ n: 1 }]);
    expect(await sql(`SELECT line_no, description, amount FROM invoice_lines WHERE invoice_id = ?`, [first.id])).toEqual([{ line_no: 1, description: 'Abono corregido', amount: '20000.00' }]);
    expect(await sql(`SELECT kind, amount FROM account_movements WHERE invoice_id = ?`, [first.id])).toEqual([{ kind: 'invoice', amount: '20000.00' }]);
  });

  it('keeps each tenant’s ids apart: the same external id in another tenant is another invoice', async () => {
    const a = await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'shared', number: '00008-00000002' }));
    const b = await serviceFor(portal, 'invother').upsertInvoice(sampleInvoice('S-1', { externalId: 'shared', number: '00008-00000002', typeCode: 11 }));
    expect(b.created).toBe(true);
    expect(b.id).not.toBe(a.id);
    expect((await invoiceRow('shared', 'invother')).tenant_id).toBe('invother');
  });

  it('a new invoice takes what its recipient leaves out from the account, with the fingerprint a re-send finds', async () => {
    await sql(`UPDATE accounts SET holder_name = 'Núñez & Cía. 🌵', document_type = 'cuit', document_number = '30-71234567-1' WHERE tenant_id = 'invon' AND number = 'S-2'`);
    const doc = sampleInvoice('S-2', { externalId: 'rcp-1', number: '00008-00000071', lines: [{ description: 'Señal “ñ” 🌵 "HD" C:\\red', unitPrice: '24500.00', amount: '24500.00' }] });
    const first = await service.upsertInvoice(doc);
    expect(first).toMatchObject({ created: true, changed: true });
    const row = await invoiceRow('rcp-1');
    expect([row.recipient_name, row.recipient_doc_type, row.recipient_doc_number]).toEqual(['Núñez & Cía. 🌵', 80, '30712345671']);
    expect(await sql(`SELECT description FROM invoice_lines WHERE invoice_id = ?`, [first.id])).toEqual([{ description: 'Señal “ñ” 🌵 "HD" C:\\red' }]);
    expect(await sql(`SELECT kind, amount FROM account_movements WHERE invoice_id = ?`, [first.id])).toEqual([{ kind: 'invoice', amount: '24500.00' }]);
    expect(await service.upsertInvoice(doc)).toEqual({ id: first.id, created: false, changed: false });
    const named = await service.upsertInvoice(sampleInvoice('S-2', { externalId: 'rcp-2', number: '00008-00000072', recipient: { name: 'Otra Razón', docType: 96, docNumber: '12345678' } }));
    expect(await invoiceRow('rcp-2')).toMatchObject({ id: named.id, recipient_name: 'Otra Razón', recipient_doc_type: 96, recipient_doc_number: '12345678' });
  });

  it('refuses what it cannot store, naming each field', async () => {
    const bad = sampleInvoice('S-1', { externalId: 'bad', number: '8/1', total: '12.345', typeCode: 51, lines: [{ description: '', unitPrice: 'x', amount: '1' }] });
    const err = await service.upsertInvoice(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvoiceInputError);
    expect((err as InvoiceInputError).problems).toEqual(expect.arrayContaining(['number: must match pattern "^\\d{1,5}-\\d{1,8}$"', 'lines.0.description: must NOT have fewer than 1 characters']));
    await expect(service.upsertInvoice(sampleInvoice('S-1', { externalId: 'bad', typeCode: 51 }))).rejects.toThrow("typeCode: 51 is not among this provider's invoice types (1, 2, 3, 6, 7, 8)");
    // invother's issuer is "IVA Sujeto Exento": it issues C, never A or B.
    await expect(serviceFor(portal, 'invother').upsertInvoice(sampleInvoice('S-1', { externalId: 'bad', typeCode: 1 }))).rejects.toThrow("typeCode: 1 is not among this provider's invoice types (11, 12, 13)");
    await expect(service.upsertInvoice(sampleInvoice('S-1', { externalId: 'bad', total: 10.005 }))).rejects.toThrow('total: must have at most two decimals');
    await expect(service.upsertInvoice(sampleInvoice('NOPE', { externalId: 'bad' }))).rejects.toThrow('accountNumber: no account "NOPE"');
    await expect(service.upsertInvoice(sampleInvoice('S-1', { externalId: 'bad', originalPdf: { content: 'aGVsbG8=' } }))).rejects.toThrow('originalPdf.content: not a PDF file');
    expect(await invoiceRow('bad')).toBeUndefined();
  });

  it('refuses to move an invoice to another account or reuse a fiscal number', async () => {
    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-3', number: '00008-00000003' }));
    await expect(service.upsertInvoice(sampleInvoice('S-2', { externalId: 'i-3', number: '00008-00000003' }))).rejects.toThrow('belongs to another account');
    await expect(service.upsertInvoice(sampleInvoice('S-2', { externalId: 'i-4', number: '00008-00000003' }))).rejects.toThrow('was already loaded under another id');
  });
});

describe('payments and balances', () => {
  it('settles an invoice from its payments and credit notes, idempotently, and says when it is paid', async () => {
    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-10', number: '00008-00000010', total: '1000.00' }));
    events.length = 0;
    await service.recordPayment({ externalId: 'p-10', accountNumber: 'S-1', invoiceExternalId: 'i-10', paidOn: '2025-01-20', amount: '600.00', method: 'cash', collector: 'Pago Fácil' });
    expect(await service.recordPayment({ externalId: 'p-10', accountNumber: 'S-1', invoiceExternalId: 'i-10', paidOn: '2025-01-20', amount: '600.00', method: 'cash', collector: 'Pago Fácil' })).toMatchObject({ created: false, changed: false });
    expect((await invoiceRow('i-10')).paid_amount).toBe('600.00');
    expect(events.map((e) => e.event)).toEqual(['invoice.payment-recorded']);

    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'nc-10', typeCode: 8, number: '00008-00000011', total: '400.00', relatedInvoiceExternalId: 'i-10' }));
    const row = await invoiceRow('i-10');
    expect([row.paid_amount, row.credited_amount]).toEqual(['600.00', '400.00']);
    expect(events.map((e) => e.event)).toEqual(['invoice.payment-recorded', 'invoice.created', 'invoice.paid']);

    // A corrected payment amount is recomputed, never added twice.
    await service.recordPayment({ externalId: 'p-10', accountNumber: 'S-1', invoiceExternalId: 'i-10', paidOn: '2025-01-21', amount: '500.00', method: 'cash', collector: 'Pago Fácil' });
    expect((await invoiceRow('i-10')).paid_amount).toBe('500.00');
    const movements = await sql(`SELECT kind, movement_date, amount FROM account_movements m JOIN accounts a ON a.id = m.account_id WHERE a.number = 'S-1' AND a.tenant_id = 'invon' AND (m.payment_id IS NOT NULL OR m.invoice_id IN (SELECT id FROM invoices WHERE external_id IN ('i-10', 'nc-10'))) ORDER BY m.id`);
    expect(movements).toEqual([
      { kind: 'invoice', movement_date: '2025-01-14', amount: '1000.00' },
      { kind: 'payment', movement_date: '2025-01-21', amount: '-500.00' },
      { kind: 'credit_note', movement_date: '2025-01-14', amount: '-400.00' },
    ]);
  });

  it('moves a payment between invoices and fixes both', async () => {
    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-20', number: '00008-00000020', total: '100.00' }));
    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-21', number: '00008-00000021', total: '100.00' }));
    await service.recordPayment({ externalId: 'p-20', accountNumber: 'S-1', invoiceExternalId: 'i-20', paidOn: '2025-01-20', amount: '100.00', method: 'online' });
    await service.recordPayment({ externalId: 'p-20', accountNumber: 'S-1', invoiceExternalId: 'i-21', paidOn: '2025-01-20', amount: '100.00', method: 'online' });
    expect((await invoiceRow('i-20')).paid_amount).toBe('0.00');
    expect((await invoiceRow('i-21')).paid_amount).toBe('100.00');
  });

  it('refuses a payment for another account’s invoice, a credit note, or a zero amount', async () => {
    await service.upsertInvoice(sampleInvoice('S-2', { externalId: 'i-30', number: '00008-00000030' }));
    await expect(service.recordPayment({ externalId: 'p-30', accountNumber: 'S-1', invoiceExternalId: 'i-30', paidOn: '2025-01-20', amount: '1.00', method: 'cash' })).rejects.toThrow('no invoice "i-30" on account S-1');
    await expect(service.recordPayment({ externalId: 'p-31', accountNumber: 'S-1', invoiceExternalId: 'nc-10', paidOn: '2025-01-20', amount: '1.00', method: 'cash' })).rejects.toThrow('is a credit note');
    await expect(service.recordPayment({ externalId: 'p-32', accountNumber: 'S-1', paidOn: '2025-01-20', amount: '0', method: 'cash' })).rejects.toThrow('amount: must be greater than zero');
    await expect(service.recordPayment({ externalId: 'p-33', accountNumber: 'S-1', paidOn: '2025-01-20', amount: '1', method: 'barter' as never })).rejects.toThrow('method: must be equal to one of the allowed values');
  });

  it('a cancelled invoice stays in the statement at zero', async () => {
    const { id } = await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-40', number: '00008-00000040' }));
    await service.upsertInvoice(sampleInvoice('S-1', { externalId: 'i-40', number: '00008-00000040', cancelled: true }));
    expect(await sql(`SELECT amount FROM account_movements WHERE invoice_id = ?`, [id])).toEqual([{ amount: '0.00' }]);
  });
});

describe('other movements', () => {
  it('adds adjustments idempotently and checks the sign against the kind', async () => {
    const input = { externalId: 'm-1', accountNumber: 'S-1', date: '2025-02-01', kind: 'adjustment' as const, description: 'Redondeo', amount: '-0.50' };
    const first = await service.addMovement(input);
    expect(first.created).toBe(true);
    expect(await service.addMovement(input)).toEqual({ id: first.id, created: false, changed: false });
    expect(await service.addMovement({ ...input, amount: '-0.75' })).toEqual({ id: first.id, created: false, changed: true });
    expect(events.map((e) => e.event)).toEqual(['invoice.movement-added', 'invoice.movement-added']);
    await expect(service.addMovement({ ...input, externalId: 'm-2', kind: 'payment', amount: '10.00' })).rejects.toThrow('a payment is a credit, so it must be negative');
    await expect(service.addMovement({ ...input, externalId: 'm-3', kind: 'debit_note', amount: '-10.00' })).rejects.toThrow('a debit_note is a charge, so it must be positive');
  });
});
