import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createAccount, query } from '../support/fixtures.ts';
import { seedCustomer } from '../support/seed-customer.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { createStaff, loginStaff, STAFF_HOSTS, startStaffPortal } from './staff-fixtures.ts';

let portal: TestPortal;
let support: Client;

beforeAll(async () => {
  portal = await startStaffPortal();
  support = await loginStaff(portal, STAFF_HOSTS.acme, await createStaff(portal, 'acme', { role: 'support' }));
  await seedCustomer(portal.db, { tenantId: 'acme', email: 'lucia@example.com', password: 'Clave-Larga-De-Prueba-1', name: 'Lucía Fernández', accountNumber: 'EXP-0001' });
  await createAccount(portal, 'acme', { number: 'EXP-0002', holderName: 'Lucio Gómez; "el Negro"', documentNumber: '20111222', email: 'lucio@example.com' }, null);
  await createAccount(portal, 'acme', { number: 'OTRO-0003', holderName: 'Marta Díaz', documentNumber: '27333444' }, null);
  // Another tenant's account with the same words is never in acme's export.
  await createAccount(portal, 'globex', { number: 'EXP-9999', holderName: 'Lucía Ajena', documentNumber: '27999888' }, null);
});
afterAll(async () => portal?.dispose());

it('exports what the customer search finds, as CSV for Excel in es-AR, audited', async () => {
  const res = await support.get('/staff/customers/export.csv?q=EXP-');
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="clientes-acme-\d{4}-\d\d-\d\d\.csv"$/);
  const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toBe('Cuenta;Titular;Documento;Email;Nombre del usuario;Acceso al portal');
  expect(lines.slice(1).map((l) => l.split(';')[0]).sort()).toEqual(['EXP-0001', 'EXP-0002']);
  expect(lines.find((l) => l.startsWith('EXP-0002'))).toContain(';"Lucio Gómez; ""el Negro""";');
  expect(lines.find((l) => l.startsWith('EXP-0001'))).toMatch(/;Lucía Fernández;Con acceso$/);
  const [entry] = await query(portal, `SELECT details FROM audit_log WHERE tenant_id = 'acme' AND action = 'staff.customers-exported'`);
  expect(entry.details).toEqual({ format: 'csv', q: 'EXP-' });
});

it('exports every account as XLSX without a search; a field operator without customers.view gets a 403', async () => {
  const res = await support.get('/staff/customers/export.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const numbers = Array.from({ length: book.worksheets[0].rowCount - 1 }, (_, i) => book.worksheets[0].getRow(i + 2).getCell(1).value);
  expect(numbers.sort()).toEqual(['EXP-0001', 'EXP-0002', 'OTRO-0003']);
  const field = await loginStaff(portal, STAFF_HOSTS.acme, await createStaff(portal, 'acme', { role: 'field' }));
  expect((await field.get('/staff/customers/export.csv')).statusCode).toBe(403);
});

it('exports every match, past the 200 the list ranks, in name order', async () => {
  await query(
    portal,
    `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number)
     SELECT 'acme', 'MAS-' || lpad(g::text, 4, '0'), 'Cliente Masivo ' || lpad(g::text, 4, '0'), 'DNI', (30000000 + g)::text FROM generate_series(1, 250) g`,
  );
  const page = await support.get('/staff/customers?q=masivo');
  expect(page.body).toContain('Más de 200');
  const res = await support.get('/staff/customers/export.csv?q=masivo');
  const numbers = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((l) => l.split(';')[0]);
  expect(numbers).toHaveLength(250);
  expect(numbers[0]).toBe('MAS-0001');
  expect(numbers[249]).toBe('MAS-0250');
});
