import { get } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { exportFormat, sendTableExport, type ExportColumn } from '../../core/exports/table-export.ts';

interface Row {
  n: number;
  name: string;
  amount: string;
  day: string;
  at: Date;
}

const TOTAL = 100_000;
let pulled = 0;

/** The big export's rows are long (250 bytes) so kernel socket buffers cannot hold half of them. */
const padding = (count: number) => (count > 1000 ? ' ' + 'x'.repeat(200) : '');

async function* rows(count: number): AsyncGenerator<Row> {
  for (let n = 1; n <= count; n++) {
    pulled = n;
    yield { n, name: n === 2 ? '=HYPERLINK("x")' : `Gómez; "Lucía" ${n}${padding(count)}`, amount: `${n}.5`, day: '2026-03-09', at: new Date('2026-03-09T17:30:00Z') };
  }
}

const columns: ExportColumn<Row>[] = [
  { header: 'Número', value: (r) => r.n, type: 'number' },
  { header: 'Nombre', value: (r) => r.name },
  { header: 'Importe', value: (r) => r.amount, type: 'money' },
  { header: 'Día', value: (r) => r.day, type: 'date' },
  { header: 'Hora', value: (r) => r.at, type: 'datetime' },
];

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = Fastify();
  app.get<{ Params: { format: string; count: string } }>('/export/:count.:format', (request, reply) => {
    const format = exportFormat(request.params.format);
    if (!format) return reply.code(404).send();
    return sendTableExport(reply, { format, fileName: 'lista prueba', columns, rows: rows(Number(request.params.count)), timezone: 'America/Argentina/Buenos_Aires' });
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => app?.close());

it('writes a CSV Excel in es-AR opens: BOM, semicolons, decimal comma, local dates, quoted text, no formulas', async () => {
  const res = await app.inject({ url: '/export/3.csv' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toBe('attachment; filename="lista_prueba.csv"');
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  expect(res.body.slice(1).split('\r\n')).toEqual([
    'Número;Nombre;Importe;Día;Hora',
    '1;"Gómez; ""Lucía"" 1";1,50;09/03/2026;09/03/2026 14:30',
    `2;"'=HYPERLINK(""x"")";2,50;09/03/2026;09/03/2026 14:30`,
    '3;"Gómez; ""Lucía"" 3";3,50;09/03/2026;09/03/2026 14:30',
    '',
  ]);
});

it('writes an XLSX with numbers as numbers and dates as the tenant’s wall-clock dates', async () => {
  const res = await app.inject({ url: '/export/3.xlsx' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  expect(sheet.name).toBe('lista prueba');
  expect(sheet.getRow(1).values).toEqual([undefined, 'Número', 'Nombre', 'Importe', 'Día', 'Hora']);
  expect(sheet.getRow(3).values).toEqual([undefined, 2, '=HYPERLINK("x")', 2.5, new Date('2026-03-09T00:00:00Z'), new Date('2026-03-09T14:30:00Z')]);
  expect(sheet.getRow(3).getCell(3).numFmt).toBe('#,##0.00');
  expect(sheet.rowCount).toBe(4);
});

it('answers 100,000 rows while pulling them, not after reading them all (CSV and XLSX)', async () => {
  for (const format of ['csv', 'xlsx']) {
    pulled = 0;
    // A slow client: it stops reading after the first bytes for a while, then reads the rest.
    const { pulledWhilePaused, bytes } = await new Promise<{ pulledWhilePaused: number; bytes: Buffer }>((resolve, reject) => {
      get(`${base}/export/${TOTAL}.${format}`, (res) => {
        let paused = -1;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (paused >= 0) return;
          paused = 0;
          res.pause();
          setTimeout(() => {
            paused = pulled;
            res.resume();
          }, 500);
        });
        res.on('end', () => resolve({ pulledWhilePaused: paused, bytes: Buffer.concat(chunks) }));
        res.on('error', reject);
      }).on('error', reject);
    });
    expect({ format, pulledWhilePaused }).toEqual({ format, pulledWhilePaused: expect.any(Number) });
    expect(pulledWhilePaused, format).toBeLessThan(TOTAL / 2);
    expect(pulled).toBe(TOTAL);
    if (format === 'csv') {
      const lines = bytes.toString('utf8').split('\r\n');
      expect(lines).toHaveLength(TOTAL + 2);
      expect(lines[TOTAL]).toBe(`${TOTAL};"Gómez; ""Lucía"" ${TOTAL}${padding(TOTAL)}";${TOTAL},50;09/03/2026;09/03/2026 14:30`);
    } else {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.worksheets[0].rowCount).toBe(TOTAL + 1);
      expect(book.worksheets[0].getRow(TOTAL + 1).getCell(1).value).toBe(TOTAL);
    }
  }
}, 120_000);

it('knows csv and xlsx only', () => {
  expect(['csv', 'xlsx', 'pdf', undefined].map(exportFormat)).toEqual(['csv', 'xlsx', null, null]);
});
