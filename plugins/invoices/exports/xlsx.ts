import { formatMoney, lazyModule } from 'portal/sdk';
import { rangeText, type StatementExport } from './statement-export.ts';

const MONEY = '#,##0.00;[Red]-#,##0.00';

/** Loaded with the first export asked for, not at every start. */
const excel = lazyModule(async () => (await import('exceljs')).default);

/**
 * A real spreadsheet: dates are dates and amounts are numbers (Excel shows them with the
 * reader's own separators), a frozen header row and a filter, and the running balance per line.
 */
export async function statementXlsx(data: StatementExport): Promise<Buffer> {
  const ExcelJS = await excel();
  const book = new ExcelJS.Workbook();
  book.creator = data.brandName;
  const sheet = book.addWorksheet(data.labels.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 6 }] });
  sheet.columns = [{ width: 12 }, { width: 48 }, { width: 16 }, { width: 16 }, { width: 16 }];
  const l = data.labels;

  sheet.addRow([`${l.title} — ${data.brandName}`]).font = { bold: true, size: 14 };
  sheet.addRow([l.account, `${data.accountNumber} · ${data.holderName}`]);
  sheet.addRow([l.range, rangeText(data)]);
  const balanceRow = sheet.addRow([l.currentBalance, formatMoney(data.balance)]);
  balanceRow.getCell(2).font = { bold: true };
  sheet.addRow([l.generatedAt, data.generatedAt]);

  const header = sheet.addRow([l.date, l.concept, l.debit, l.credit, l.balance]);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const m of data.movements) {
    const [y, mo, d] = m.day.split('-').map(Number);
    sheet.addRow([
      new Date(Date.UTC(y, mo - 1, d)),
      m.concept,
      m.debit === null ? null : Number(m.debit),
      m.credit === null ? null : Number(m.credit),
      Number(m.balance),
    ]);
  }
  sheet.getColumn(1).numFmt = 'dd/mm/yyyy';
  for (const c of [3, 4, 5]) sheet.getColumn(c).numFmt = MONEY;
  sheet.autoFilter = { from: { row: 6, column: 1 }, to: { row: 6 + data.movements.length, column: 5 } };
  return Buffer.from(await book.xlsx.writeBuffer());
}
