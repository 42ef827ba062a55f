import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { TestPortal } from 'portal/testing';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { readPdf } from '../testing/read-pdf.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';
import { unescapeHtml } from '../testing/html.ts';

let portal: TestPortal;
let eva: SignedIn;
let paco: SignedIn;
let carla: SignedIn;

/** Eva's current account, in date order, with the balance after each movement. */
const EVA = [
  ['05/01/2025', 'Factura B 00008-00000101', '10000,00', '', '10000,00'],
  ['10/01/2025', 'Pago — Efectivo · Rapipago', '', '10000,00', '0,00'],
  ['05/02/2025', 'Factura B 00008-00000102', '12000,00', '', '12000,00'],
  ['15/02/2025', "'=HYPERLINK(\"http://x\")", '', '500,00', '11500,00'],
  ['20/02/2025', 'Nota de crédito B 00008-00000103', '', '1000,00', '10500,00'],
  ['01/03/2025', 'Pago — Débito automático · Banco Galicia', '', '5000,00', '5500,00'],
  ['05/03/2025', 'Factura B 00008-00000104', '15000,50', '', '20500,50'],
];

beforeAll(async () => {
  portal = await startInvoicesPortal();
  eva = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0201');
  paco = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0202');
  carla = await signedInCustomer(portal, 'invother', HOSTS.other, 'VA-0201');
  const s = serviceFor(portal, 'invon');
  const inv = (ext: string, number: string, day: string, total: string, extra = {}) =>
    s.upsertInvoice(sampleInvoice('RS-0201', { externalId: ext, number, issueDate: day, period: day.slice(0, 7), dueDate: day, secondDueDate: undefined, total, ...extra }));
  await inv('e-1', '00008-00000101', '2025-01-05', '10000.00');
  await s.recordPayment({ externalId: 'e-p1', accountNumber: 'RS-0201', invoiceExternalId: 'e-1', paidOn: '2025-01-10', amount: '10000.00', method: 'cash', collector: 'Rapipago' });
  await inv('e-2', '00008-00000102', '2025-02-05', '12000.00');
  await s.addMovement({ externalId: 'e-a1', accountNumber: 'RS-0201', date: '2025-02-15', kind: 'adjustment', description: '=HYPERLINK("http://x")', amount: '-500.00' });
  await inv('e-3', '00008-00000103', '2025-02-20', '1000.00', { typeCode: 8, relatedInvoiceExternalId: 'e-2' });
  await s.recordPayment({ externalId: 'e-p2', accountNumber: 'RS-0201', invoiceExternalId: 'e-2', paidOn: '2025-03-01', amount: '5000.00', method: 'direct_debit', collector: 'Banco Galicia' });
  await inv('e-4', '00008-00000104', '2025-03-05', '15000.50');
  for (let i = 1; i <= 25; i++) {
    const day = `2024-${String(Math.ceil(i / 3)).padStart(2, '0')}-${String(((i - 1) % 3) * 9 + 1).padStart(2, '0')}`;
    await s.addMovement({ externalId: `p-${i}`, accountNumber: 'RS-0202', date: day, kind: 'adjustment', description: `Movimiento ${i}`, amount: '100.00' });
  }
  await serviceFor(portal, 'invother').upsertInvoice({ ...sampleInvoice('VA-0201', { typeCode: 11, total: '999.99' }), netAmount: '999.99', vatAmount: '0.00' });
});
afterAll(async () => portal?.dispose());

/** The statement table's rows as text cells. */
function rows(html: string): string[][] {
  const body = /<table class="table[^"]*\bstatement">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => unescapeHtml(c[1].replace(/<[^>]+>/g, '')).trim()),
  );
}

const money = (csv: string) => (csv ? `$ ${Number(csv.replace(',', '.')).toLocaleString('es-AR', { minimumFractionDigits: 2 })}` : '');

describe('statement page', () => {
  it('puts the current balance on top and the most recent movement first', async () => {
    const res = await eva.client.get('/invoices/statement');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/id="current-balance">\$ 20\.500,50</);
    expect(res.body).toContain('a pagar');
    const table = rows(res.body);
    expect(table.map((r) => r[0])).toEqual(EVA.map((r) => r[0]).reverse());
    expect(table.map((r) => r[4])).toEqual(EVA.map((r) => money(r[4])).reverse());
    expect(table[0]).toEqual(['05/03/2025', 'Factura B 00008-00000104', '$ 15.000,50', '', '$ 20.500,50']);
  });

  it('reads oldest first when asked, with the same running balances', async () => {
    const table = rows((await eva.client.get('/invoices/statement?order=asc')).body);
    expect(table.map((r) => r[4])).toEqual(EVA.map((r) => money(r[4])));
  });

  it('filters a date range and keeps the balance carried from before it', async () => {
    const res = await eva.client.get('/invoices/statement?from=2025-02-01&to=2025-02-28');
    const table = rows(res.body);
    expect(table.map((r) => r[0])).toEqual(['20/02/2025', '15/02/2025', '05/02/2025']);
    expect(table.map((r) => r[4])).toEqual(['$ 10.500,00', '$ 11.500,00', '$ 12.000,00']);
    expect(res.body).toMatch(/id="current-balance">\$ 20\.500,50</);
    expect(unescapeHtml(res.body)).toContain('href="/invoices/statement.csv?account=RS-0201&from=2025-02-01&to=2025-02-28&order=desc"');
  });

  it('says so when a filter cannot be read, and shows everything', async () => {
    const res = await eva.client.get('/invoices/statement?from=2025-02-31&order=sideways');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('alert-warning');
    expect(rows(res.body)).toHaveLength(EVA.length);
  });

  it('paginates, newest page first, keeping the filter in the links', async () => {
    const first = await paco.client.get('/invoices/statement');
    expect(first.body).toContain('25 movimientos · página 1 de 2');
    const table = rows(first.body);
    expect(table).toHaveLength(20);
    expect(table[0][1]).toBe('Movimiento 25');
    expect(table[0][4]).toBe('$ 2.500,00');
    const html = unescapeHtml(first.body);
    expect(html).toContain('href="/invoices/statement?account=RS-0202&order=desc&page=2"');
    const second = rows((await paco.client.get('/invoices/statement?order=desc&page=2')).body);
    expect(second.map((r) => r[1])).toEqual(['Movimiento 5', 'Movimiento 4', 'Movimiento 3', 'Movimiento 2', 'Movimiento 1']);
    expect(second.at(-1)![4]).toBe('$ 100,00');
    // Oldest first, the second page carries the balance of every line before it.
    const later = rows((await paco.client.get('/invoices/statement?order=asc&page=2')).body);
    expect(later.map((r) => [r[1], r[4]])).toEqual([21, 22, 23, 24, 25].map((n) => [`Movimiento ${n}`, `$ ${(n * 100).toLocaleString('es-AR')},00`]));
    const beyond = await paco.client.get('/invoices/statement?page=99');
    expect(beyond.body).toContain('página 2 de 2');
  });
});

describe('statement downloads', () => {
  it('CSV: BOM, semicolons, es-AR decimals, running balance, formulas defused, the selected order', async () => {
    const res = await eva.client.get('/invoices/statement.csv?order=asc');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cuenta-corriente-RS-0201.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Fecha;Concepto;Debe;Haber;Saldo');
    const parsed = lines.slice(1, -1).map(parseCsvLine);
    expect(parsed).toEqual(EVA);
    expect(lines.at(-1)).toBe('');
  });

  it('CSV: the selected range, newest first by default, headers in the reader’s language', async () => {
    const res = await eva.client.get('/invoices/statement.csv?from=2025-03-01');
    const lines = res.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines.slice(1).map(parseCsvLine)).toEqual([EVA[6], EVA[5]]);
    expect(res.headers['content-disposition']).toBe('attachment; filename="cuenta-corriente-RS-0201_2025-03-01_hoy.csv"');
    const en = await carla.client.get('/invoices/statement.csv');
    const enLines = en.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(enLines).toEqual(['Date;Description;Debit;Credit;Balance', '14/01/2025;Invoice C 00008-00068421;999,99;;999,99']);
  });

  it('XLSX: read back with exceljs, dates are dates and amounts are numbers', async () => {
    const res = await eva.client.get('/invoices/statement.xlsx?order=asc');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="cuenta-corriente-RS-0201.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Cuenta corriente');
    expect(sheet.getRow(2).values).toEqual([undefined, 'Cuenta', 'RS-0201 · Cliente RS-0201']);
    expect(sheet.getCell('B4').value).toBe('$ 20.500,50');
    expect(sheet.getRow(6).values).toEqual([undefined, 'Fecha', 'Concepto', 'Debe', 'Haber', 'Saldo']);
    const data = Array.from({ length: EVA.length }, (_, i) => sheet.getRow(7 + i).values as unknown[]);
    expect(data[0]).toEqual([undefined, new Date(Date.UTC(2025, 0, 5)), 'Factura B 00008-00000101', 10000, undefined, 10000]);
    expect(data[1]).toEqual([undefined, new Date(Date.UTC(2025, 0, 10)), 'Pago — Efectivo · Rapipago', undefined, 10000, 0]);
    expect(data.map((r) => r[5])).toEqual([10000, 0, 12000, 11500, 10500, 5500, 20500.5]);
    expect(sheet.getCell('A7').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getRow(7 + EVA.length).values).toEqual([]);
  });

  it('PDF: title, account, current balance and every movement', async () => {
    const res = await eva.client.get('/invoices/statement.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await readPdf(res.rawPayload)).text.join(' ');
    for (const s of ['Cuenta corriente', 'RS-0201', 'Saldo actual: $ 20.500,50', 'Factura B 00008-00000104', '$ 15.000,50', 'Pago — Efectivo · Rapipago', 'Página 1 de 1']) {
      expect(text).toContain(s);
    }
  });

  it('PDF: says which dates it covers, never "… – …": all movements and their span, or the range with its open end closed', async () => {
    const dates = async (query: string) => {
      const res = await eva.client.get(`/invoices/statement.pdf${query}`);
      expect(res.statusCode).toBe(200);
      const text = (await readPdf(res.rawPayload)).text.join(' ').replace(/\s+/g, ' ');
      expect(text).not.toContain('…');
      return /(?:Fechas|Dates): (.*?) (?:Saldo actual|Current balance)/.exec(text)?.[1];
    };
    expect(await dates('')).toBe('Todos los movimientos (05/01/2025 – 05/03/2025)');
    expect(await dates('?from=2025-02-01&to=2025-02-28')).toBe('01/02/2025 – 28/02/2025');
    expect(await dates('?from=2025-02-01')).toBe('01/02/2025 – 05/03/2025');
    expect(await dates('?to=2025-01-31')).toBe('05/01/2025 – 31/01/2025');
    expect(await dates('?from=2026-01-01')).toBe('Desde 01/01/2026');
    expect(await dates('?lang=en')).toBe('All movements (05/01/2025 – 05/03/2025)');
    expect(await dates('?lang=es-AR&to=2024-12-31')).toBe('Hasta 31/12/2024');
  });

  it('PDF: a long movement concept wraps whole instead of being cut', async () => {
    const text = 'Bonificación por interrupción del servicio del 3 al 9 de marzo por obras de la red troncal en el barrio, según resolución 45/2025 del ente regulador';
    await serviceFor(portal, 'invon').addMovement({ externalId: 'p-long', accountNumber: 'RS-0202', date: '2024-12-30', kind: 'adjustment', description: text, amount: '-100.00' });
    const pdf = (await readPdf((await paco.client.get('/invoices/statement.pdf')).rawPayload)).text.join(' ').replace(/\s+/g, ' ');
    expect(pdf).toContain(text);
    expect(pdf).toContain('Movimiento 25');
    expect(pdf).not.toContain('…');
  });

  it('XLSX: the same dates line', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await eva.client.get('/invoices/statement.xlsx?to=2025-01-31')).rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(3).values).toEqual([undefined, 'Fechas', '05/01/2025 – 31/01/2025']);
  });
});

/** Enough of RFC 4180 for these files: `;` separators, double-quoted fields with doubled quotes. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          break;
        } else {
          value += line[i++];
        }
      }
      out.push(value);
      i += 2;
    } else {
      const end = line.indexOf(';', i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}
