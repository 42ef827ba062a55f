import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { query } from '../support/fixtures.ts';
import type { TestPortal } from '../support/test-portal.ts';
import type { Client } from '../support/browser-like-client.ts';
import { createStaff, loginStaff, STAFF_HOSTS, startStaffPortal } from './staff-fixtures.ts';

let portal: TestPortal;
let admin: Client;
let adminId: number;

beforeAll(async () => {
  portal = await startStaffPortal();
  const ana = await createStaff(portal, 'acme', { role: 'administrator', name: 'Ana Auditora' });
  adminId = ana.id;
  admin = await loginStaff(portal, STAFF_HOSTS.acme, ana);
  for (const [at, outcome, subject] of [
    ['2026-03-09T12:00:00Z', 'success', 'cliente41@example.com'],
    ['2026-03-10T02:00:00Z', 'failure', '=cmd|calc'],
    ['2026-03-12T15:00:00Z', 'failure', 'otro@example.com'],
  ]) {
    await query(portal, `INSERT INTO audit_log (tenant_id, at, actor_type, actor_id, action, subject, outcome, ip, details) VALUES ('acme', ?, 'customer', '41', 'login', ?, ?, '192.0.2.7', '{"tries":2}')`, [at, subject, outcome]);
  }
  // Another tenant's entry never shows up in acme's export.
  await query(portal, `INSERT INTO audit_log (tenant_id, at, actor_type, action, subject, outcome) VALUES ('globex', '2026-03-09T12:00:00Z', 'system', 'login', 'ajeno@example.com', 'success')`);
});
afterAll(async () => portal?.dispose());

it('exports the filtered log as CSV (days in the tenant’s zone, formulas neutralised) and records that it did', async () => {
  const res = await admin.get('/staff/audit/export.csv?action=login&from=2026-03-09&to=2026-03-09');
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="auditoria-acme-\d{4}-\d\d-\d\d\.csv"$/);
  const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  expect(lines[0]).toBe('Cuándo;Tipo de actor;Id del actor;Quién;Acción;Código de la acción;Sobre;Resultado;IP;Detalle');
  // 02:00 UTC on the 10th is the 9th in Buenos Aires: both rows are that day, newest first.
  expect(lines.slice(1)).toEqual([
    `09/03/2026 23:00;customer;41;;Ingreso al portal;login;'=cmd|calc;failure;192.0.2.7;"{""tries"":2}"`,
    `09/03/2026 09:00;customer;41;;Ingreso al portal;login;cliente41@example.com;success;192.0.2.7;"{""tries"":2}"`,
  ]);
  const [entry] = await query(portal, `SELECT actor_id, details FROM audit_log WHERE tenant_id = 'acme' AND action = 'staff.audit-exported'`);
  expect(entry).toEqual({ actor_id: String(adminId), details: { format: 'csv', filter: { action: 'login', from: '2026-03-09', to: '2026-03-09' } } });
});

it('exports XLSX of the tenant’s rows only; staff without audit.view get a 403', async () => {
  const res = await admin.get('/staff/audit/export.xlsx?subject=example.com');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const subjects = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(7).value);
  expect(subjects).toEqual(['otro@example.com', 'cliente41@example.com']);
  expect(sheet.getRow(2).getCell(1).value).toEqual(new Date('2026-03-12T12:00:00Z'));
  const support = await loginStaff(portal, STAFF_HOSTS.acme, await createStaff(portal, 'acme', { role: 'support' }));
  expect((await support.get('/staff/audit/export.csv')).statusCode).toBe(403);
  expect((await admin.get('/staff/audit/export.json')).statusCode).toBe(404);
});
