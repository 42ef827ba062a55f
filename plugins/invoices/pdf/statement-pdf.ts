import { formatMoney } from 'portal/sdk';
import { rangeText, type StatementExport } from '../exports/statement-export.ts';
import { PAGE, line, onColor, wrapped, wrappedHeight, MUTED } from './draw.ts';
import type { PdfBrand } from './pdf-brand.ts';
import { drawImage } from './pdf-image.ts';
import { renderPdf, type Pdf } from './render-pdf.ts';

const ROW = 15;
const COLS = [
  { key: 'date', width: 62, align: 'left' },
  { key: 'concept', width: 0, align: 'left' },
  { key: 'debit', width: 82, align: 'right' },
  { key: 'credit', width: 82, align: 'right' },
  { key: 'balance', width: 88, align: 'right' },
] as const;

/** The statement as a PDF in the reader's language: heading with the balance, then the movements page by page. */
export function statementPdf(data: StatementExport, brand: PdfBrand, lang: string): Promise<Buffer> {
  const widths = COLS.map((c) => c.width || PAGE.width - COLS.reduce((a, x) => a + x.width, 0));
  return renderPdf({ title: `${data.labels.title} ${data.accountNumber}`, author: brand.name, lang }, (pdf) => {
    let y = heading(pdf, data, brand);
    y = tableHeader(pdf, data, brand, widths, y);
    for (const [i, m] of data.movements.entries()) {
      // A long concept (a provider's adjustment text) wraps in its column and the row grows.
      const height = Math.max(ROW, wrappedHeight(pdf, m.concept, widths[1] - 10, { size: 8 }) + 5);
      if (y + height > PAGE.bottom - 24) {
        pdf.addPage();
        y = tableHeader(pdf, data, brand, widths, PAGE.top);
      }
      if (i % 2 === 1) pdf.rect(PAGE.left, y, PAGE.width, height).fill('#f2f4f7');
      const values = [m.dateLabel, '', m.debit ? formatMoney(m.debit) : '', m.credit ? formatMoney(m.credit) : '', formatMoney(m.balance)];
      cells(pdf, values, widths, y + 4, { size: 8 });
      wrapped(pdf, m.concept, PAGE.left + widths[0] + 5, y + 4, widths[1] - 10, { size: 8 });
      y += height;
    }
    const pages = pdf.bufferedPageRange();
    for (let i = 0; i < pages.count; i++) {
      pdf.switchToPage(pages.start + i);
      const label = data.labels.page.replace('{page}', String(i + 1)).replace('{pages}', String(pages.count));
      line(pdf, `${brand.name} · ${data.accountNumber}`, PAGE.left, PAGE.bottom - 10, 300, { size: 7, color: MUTED });
      line(pdf, label, PAGE.right - 150, PAGE.bottom - 10, 150, { size: 7, align: 'right', color: MUTED });
    }
  });
}

function heading(pdf: Pdf, data: StatementExport, brand: PdfBrand): number {
  const top = PAGE.top;
  if (brand.logo) drawImage(pdf, brand.logo, { x: PAGE.left, y: top, fit: [140, 36] });
  else line(pdf, brand.name, PAGE.left, top + 8, 260, { size: 16, bold: true, color: brand.colors.primary });
  line(pdf, data.labels.title, PAGE.left + 260, top + 2, PAGE.width - 260, { size: 16, bold: true, align: 'right' });
  line(pdf, `${data.labels.generatedAt}: ${data.generatedAt}`, PAGE.left + 260, top + 24, PAGE.width - 260, { size: 8, align: 'right', color: MUTED });
  const y = top + 52;
  line(pdf, `${data.labels.account}: ${data.accountNumber} · ${data.holderName}`, PAGE.left, y, PAGE.width, { size: 10 });
  line(pdf, `${data.labels.range}: ${rangeText(data)}`, PAGE.left, y + 15, PAGE.width, { size: 10 });
  line(pdf, `${data.labels.currentBalance}: ${formatMoney(data.balance)}`, PAGE.left, y + 32, PAGE.width, { size: 12, bold: true });
  return y + 56;
}

function tableHeader(pdf: Pdf, data: StatementExport, brand: PdfBrand, widths: number[], y: number): number {
  pdf.rect(PAGE.left, y, PAGE.width, ROW + 3).fill(brand.colors.primary);
  const l = data.labels;
  cells(pdf, [l.date, l.concept, l.debit, l.credit, l.balance], widths, y + 5, { size: 8.5, bold: true, color: onColor(brand.colors.primary, brand.colors.primaryText) });
  return y + ROW + 3;
}

function cells(pdf: Pdf, values: string[], widths: number[], y: number, opts: { size: number; bold?: boolean; color?: string }): void {
  let x = PAGE.left;
  values.forEach((v, i) => {
    line(pdf, v, x + 5, y, widths[i] - 10, { ...opts, align: COLS[i].align });
    x += widths[i];
  });
}
