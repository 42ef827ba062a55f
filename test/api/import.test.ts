import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPortal } from '../support/test-portal.ts';
import { api, keyFor, sql, startApiPortal } from './support/api-portal.ts';
import { csv, fileFolder, importFile, jsonl } from './support/import-files.ts';

let portal: TestPortal;
const files = fileFolder();
beforeAll(async () => {
  portal = await startApiPortal();
});
afterAll(async () => {
  files.cleanup();
  await portal?.dispose();
});

const INVOICE_HEADER = ['externalId', 'accountNumber', 'typeCode', 'number', 'issueDate', 'period', 'dueDate', 'netAmount', 'vatAmount', 'total', 'authorization.code', 'authorization.dueDate', 'lines'];
const invoiceRow = (id: string, account: string, n: number, total = '1210.00') => [
  id, account, 6, `00002-${String(n).padStart(8, '0')}`, '2025-03-10', '2025-03', '2025-03-20', '1000.00', '210.00', total, '75012345678901', '2025-03-20',
  JSON.stringify([{ description: 'Abono', unitPrice: '1000.00', amount: '1000.00', vatRate: '21.00' }]),
];

describe('portal import', () => {
  it('loads customers (semicolon CSV), accounts (CSV) and services (JSON Lines); a second load changes nothing', async () => {
    const customers = files.write('customers.csv', 'externalId;name;email;phone\nIC-1;Ana Paz;ana@imp.test;0261-4000001\nIC-2;"Bruno ""el Tano"" Ruiz";;\n');
    const accounts = files.write('accounts.csv', csv([['number', 'holderName', 'documentType', 'documentNumber', 'customerExternalId'], ['IA-1', 'Ana Paz', 'DNI', '30111222', 'IC-1'], ['IA-2', 'Bruno Ruiz', 'CUIT', '20-30111333-4', 'IC-2'], ['IA-3', 'Sin Login', 'DNI', '30111444', '']]));
    const services = files.write('services.jsonl', jsonl([
      { externalId: 'IS-1', accountNumber: 'IA-1', kind: 'water', plan: 'Residencial', status: 'active' },
      { externalId: 'IS-2', accountNumber: 'IA-2', kind: 'water', plan: 'Comercial', status: 'cut', address: 'San Martín 1' },
    ]));
    expect(await importFile(portal, 'apione', 'customers', customers)).toMatchObject({ rows: 2, inserted: 2, updated: 0, problems: [] });
    expect(await importFile(portal, 'apione', 'accounts', accounts)).toMatchObject({ rows: 3, inserted: 3, problems: [] });
    expect(await importFile(portal, 'apione', 'services', services)).toMatchObject({ rows: 2, inserted: 2, problems: [] });
    const [bruno] = await sql(portal, `SELECT name, email FROM customers WHERE tenant_id = 'apione' AND external_id = 'IC-2'`);
    expect(bruno).toEqual({ name: 'Bruno "el Tano" Ruiz', email: null });
    const links = await sql(portal, `SELECT a.number, c.external_id FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.tenant_id = 'apione' AND a.number LIKE 'IA-%' ORDER BY a.number`);
    expect(links).toEqual([{ number: 'IA-1', external_id: 'IC-1' }, { number: 'IA-2', external_id: 'IC-2' }, { number: 'IA-3', external_id: null }]);

    expect(await importFile(portal, 'apione', 'customers', customers)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await importFile(portal, 'apione', 'accounts', accounts)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('reports bad rows by line, field and reason, and writes nothing from a batch that has one', async () => {
    const file = files.write('invoices-bad.csv', csv([
      INVOICE_HEADER,
      invoiceRow('IF-1', 'IA-1', 1),
      invoiceRow('IF-2', 'IA-1', 2, '12,50'),
      invoiceRow('IF-3', 'IA-2', 3),
      invoiceRow('IF-4', 'IA-2', 4),
      invoiceRow('IF-5', 'NO-SUCH', 5),
      invoiceRow('IF-6', 'IA-2', 6),
      invoiceRow('IF-7', 'IA-3', 7),
    ]));
    const report = await importFile(portal, 'apione', 'invoices', file, { batchSize: 3 });
    expect(report.problems).toEqual([
      { row: 3, field: 'total', reason: 'must match pattern "^-?\\d{1,12}(\\.\\d{1,2})?$"' },
      { row: 6, field: 'accountNumber', reason: 'no account "NO-SUCH"' },
    ]);
    expect(report.failedBatches).toEqual([{ first: 2, last: 4, rows: 3 }, { first: 5, last: 7, rows: 3 }]);
    expect(report).toMatchObject({ rows: 7, inserted: 1, heldBack: 4 });
    expect(await sql(portal, `SELECT external_id FROM invoices WHERE tenant_id = 'apione' AND external_id LIKE 'IF-%'`)).toEqual([{ external_id: 'IF-7' }]);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM account_movements m JOIN invoices i ON i.id = m.invoice_id WHERE i.external_id LIKE 'IF-%'`)).toEqual([{ n: 1 }]);
  });

  it("refuses a voucher type the issuer's VAT condition cannot issue: a Factura C from a Responsable Inscripto", async () => {
    const typeC = invoiceRow('IC-1', 'IA-1', 60);
    typeC[2] = 11;
    const report = await importFile(portal, 'apione', 'invoices', files.write('invoices-c.csv', csv([INVOICE_HEADER, typeC])));
    expect(report.problems).toEqual([{ row: 2, field: 'typeCode', reason: "11 is not among this provider's invoice types (1, 2, 3, 6, 7, 8)" }]);
    expect(await sql(portal, `SELECT 1 FROM invoices WHERE external_id = 'IC-1'`)).toEqual([]);
  });

  it('refuses what only the database can see: a voucher number twice in a batch, an id of another account', async () => {
    const file = files.write('invoices-dup.csv', csv([INVOICE_HEADER, invoiceRow('ID-1', 'IA-1', 50), invoiceRow('ID-2', 'IA-1', 50), invoiceRow('IF-7', 'IA-1', 51), invoiceRow('ID-3', 'IA-1', 52), invoiceRow('ID-3', 'IA-1', 53)]));
    const report = await importFile(portal, 'apione', 'invoices', file);
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([[3, 'number'], [4, 'accountNumber'], [6, 'externalId']]);
    expect(await sql(portal, `SELECT 1 FROM invoices WHERE external_id LIKE 'ID-%'`)).toEqual([]);
  });

  it('a batch of thousands of rows is refused whole for bad rows at its start and its end, each reported on its line', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`IB-${i}`, `Titular ${i}`, 'DNI', String(30_000_000 + i), '']);
    rows[10][3] = '';
    rows[4900][0] = 'x'.repeat(65);
    const file = files.write('accounts-big.csv', csv([['number', 'holderName', 'documentType', 'documentNumber', 'customerExternalId'], ...rows]));
    const report = await importFile(portal, 'apione', 'accounts', file);
    expect(report.problems.map((p) => [p.row, p.field])).toEqual([[12, 'documentNumber'], [4902, 'number']]);
    expect(report).toMatchObject({ rows: 5000, inserted: 0, heldBack: 4998, failedBatches: [{ first: 2, last: 5001, rows: 5000 }] });
    expect(await sql(portal, `SELECT count(*)::int AS n FROM accounts WHERE number LIKE 'IB-%'`)).toEqual([{ n: 0 }]);
  });

  it('a dry run does everything and writes nothing', async () => {
    const file = files.write('invoices-dry.csv', csv([INVOICE_HEADER, invoiceRow('IG-1', 'IA-1', 60), invoiceRow('IF-7', 'IA-3', 7, '1300.00')]));
    const report = await importFile(portal, 'apione', 'invoices', file, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, inserted: 1, updated: 1, problems: [] });
    expect(await sql(portal, `SELECT 1 FROM invoices WHERE external_id = 'IG-1'`)).toEqual([]);
    expect(await sql(portal, `SELECT total FROM invoices WHERE external_id = 'IF-7'`)).toEqual([{ total: '1210.00' }]);
  });

  it('invoices and payments load as the API would have stored them: settled, and sending them again by API changes nothing', async () => {
    const invoices = files.write('invoices-ok.csv', csv([INVOICE_HEADER, invoiceRow('IH-1', 'IA-1', 70), invoiceRow('IH-2', 'IA-2', 71)]));
    expect(await importFile(portal, 'apione', 'invoices', invoices)).toMatchObject({ inserted: 2, problems: [] });
    const payments = files.write('payments.jsonl', jsonl([{ externalId: 'IP-1', accountNumber: 'IA-1', invoiceExternalId: 'IH-1', paidOn: '2025-03-15', amount: '1210.00', method: 'direct_debit' }]));
    expect(await importFile(portal, 'apione', 'payments', payments)).toMatchObject({ inserted: 1, problems: [] });

    const key = await keyFor(portal, 'one', ['invoices:write', 'payments:write']);
    const c = api(portal, 'one', key);
    expect((await c.get('/api/v1/invoices/IH-1')).json()).toMatchObject({ paidAmount: '1210.00', balance: '0.00' });
    expect((await c.get('/api/v1/invoices/IH-2')).json()).toMatchObject({ paidAmount: '0.00', balance: '1210.00' });
    const [, ...row] = invoiceRow('IH-1', 'IA-1', 70);
    const body = Object.fromEntries(INVOICE_HEADER.slice(1).map((h, i) => [h, row[i]]).filter(([h]) => !String(h).includes('.') && h !== 'lines'));
    const again = await c.put('/api/v1/invoices/IH-1', {
      ...body,
      authorization: { code: '75012345678901', dueDate: '2025-03-20' },
      lines: [{ description: 'Abono', unitPrice: '1000.00', amount: '1000.00', vatRate: '21.00' }],
    });
    expect(again.json()).toEqual({ key: 'IH-1', created: false, changed: false });
    const paid = await c.put('/api/v1/payments/IP-1', { accountNumber: 'IA-1', invoiceExternalId: 'IH-1', paidOn: '2025-03-15', amount: '1210.00', method: 'direct_debit' });
    expect(paid.json()).toEqual({ key: 'IP-1', created: false, changed: false });
  });

  it('batches loaded one after another or side by side end the same: a note on the batch before, an id sent again, a voucher number taken', async () => {
    const invoice = (id: string, n: number, extra: Record<string, unknown> = {}) => ({
      externalId: id, accountNumber: 'IA-1', typeCode: 6, number: `00002-${String(n).padStart(8, '0')}`, issueDate: '2025-04-10', period: '2025-04',
      dueDate: '2025-04-20', netAmount: '1000.00', vatAmount: '210.00', total: '1210.00', authorization: { code: '75012345678901', dueDate: '2025-04-20' }, ...extra,
    });
    const file = files.write('invoices-batches.jsonl', jsonl([
      invoice('IK-1', 80),
      invoice('IK-NC', 81, { typeCode: 8, relatedInvoiceExternalId: 'IK-1', total: '121.00', netAmount: '100.00', vatAmount: '21.00' }),
      invoice('IK-2', 82),
      invoice('IK-2', 82, { total: '1331.00', netAmount: '1100.00', vatAmount: '231.00' }),
      invoice('IK-3', 80),
    ]));
    const report = await importFile(portal, 'apione', 'invoices', file, { batchSize: 1 });
    expect(report.problems).toEqual([{ row: 5, field: 'number', reason: 'was already loaded under id "IK-1"' }]);
    expect(report).toMatchObject({ rows: 5, inserted: 3, updated: 1, heldBack: 0 });
    expect(await sql(portal, `SELECT external_id, total, credited_amount FROM invoices WHERE external_id LIKE 'IK-%' ORDER BY external_id`)).toEqual([
      { external_id: 'IK-1', total: '1210.00', credited_amount: '121.00' },
      { external_id: 'IK-2', total: '1331.00', credited_amount: '0.00' },
      { external_id: 'IK-NC', total: '121.00', credited_amount: '0.00' },
    ]);
    expect(await sql(portal, `SELECT count(*)::int AS n FROM account_movements m JOIN invoices i ON i.id = m.invoice_id WHERE i.external_id LIKE 'IK-%'`)).toEqual([{ n: 3 }]);
  });

  it('meters and readings, an estimate corrected by a real reading in the same file', async () => {
    const meters = files.write('meters.jsonl', jsonl([{ externalId: 'IM-1', accountNumber: 'IA-1', serviceExternalId: 'IS-1', number: 'W-1', kind: 'water', digits: 5 }]));
    expect(await importFile(portal, 'apione', 'meters', meters)).toMatchObject({ inserted: 1, problems: [] });
    const readings = files.write('readings.csv', csv([
      ['externalId', 'meterExternalId', 'readOn', 'value', 'source', 'replaces', 'register'],
      ['IR-1', 'IM-1', '2025-01-10', 100, 'company', '', ''],
      ['IR-2', 'IM-1', '2025-02-10', 130, 'estimated', '', ''],
      ['IR-3', 'IM-1', '2025-02-12', 128, 'company', 'IR-2', ''],
      ['IR-4', 'IM-1', '2025-03-10', 150, 'company', '', 'peak'],
    ]));
    const bad = await importFile(portal, 'apione', 'readings', readings);
    expect(bad.problems).toEqual([{ row: 5, field: 'register', reason: 'meter IM-1 has no register "peak"' }]);
    const fixed = files.write('readings-fixed.csv', csv([
      ['externalId', 'meterExternalId', 'readOn', 'value', 'source', 'replaces'],
      ['IR-1', 'IM-1', '2025-01-10', 100, 'company', ''],
      ['IR-2', 'IM-1', '2025-02-10', 130, 'estimated', ''],
      ['IR-3', 'IM-1', '2025-02-12', 128, 'company', 'IR-2'],
    ]));
    expect(await importFile(portal, 'apione', 'readings', fixed)).toMatchObject({ inserted: 3, problems: [] });
    const rows = await sql(portal, `SELECT r.external_id, r.register, n.external_id AS replaced_by FROM meter_readings_readings r LEFT JOIN meter_readings_readings n ON n.id = r.replaced_by WHERE r.external_id LIKE 'IR-%' ORDER BY r.external_id`);
    expect(rows).toEqual([
      { external_id: 'IR-1', register: 'total', replaced_by: null },
      { external_id: 'IR-2', register: 'total', replaced_by: 'IR-3' },
      { external_id: 'IR-3', register: 'total', replaced_by: null },
    ]);
  });

  it('an unreadable row (bad JSON, too many cells) is reported on its line', async () => {
    const file = files.write('services-bad.jsonl', '{"externalId":"IS-9","accountNumber":"IA-1","kind":"water","plan":"x","status":"active"}\n\n{"externalId": \n[1,2]\n');
    const report = await importFile(portal, 'apione', 'services', file);
    expect(report.problems.map((p) => [p.row, p.reason.split(' (')[0]])).toEqual([[3, 'is not valid JSON'], [4, 'is not a JSON object']]);
    expect(await sql(portal, `SELECT 1 FROM account_services WHERE external_id = 'IS-9'`)).toEqual([]);
  });
});
