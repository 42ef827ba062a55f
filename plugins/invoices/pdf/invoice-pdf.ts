import { formatMoney } from 'portal/sdk';
import { formatDay, periodLabel } from '../domain/days.ts';
import { fiscalName } from '../domain/invoice-types.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';
import type { IssuerSettings } from '../settings.ts';
import { PAGE, box, field, line, onColor, wrapped, wrappedField, wrappedHeight, INK, MUTED } from './draw.ts';
import { recipientDocument } from './fiscal-labels.ts';
import { classicHeader, compactHeader } from './invoice-header.ts';
import type { PdfBrand } from './pdf-brand.ts';
import { drawImage, type PdfImageAsset } from './pdf-image.ts';
import { qrImage } from './qr-image.ts';
import { qrPayload, qrUrl } from './qr-payload.ts';
import { renderPdf, type Pdf } from './render-pdf.ts';

export interface InvoicePdfInput {
  doc: InvoiceDocument;
  issuer: IssuerSettings;
  brand: PdfBrand;
  template: 'classic' | 'compact';
}

/** Space the footer (QR code, CAE, contact line) needs at the bottom of the last page. */
const FOOTER_HEIGHT = 128;
const ROW = 16;

/**
 * The invoice as a fiscal PDF: header by template, period and recipient boxes, the lines,
 * the totals, and the CAE with AFIP's QR code. Printed in Spanish whatever the page language:
 * it is the same legal document for every reader.
 */
export async function invoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const payload = qrPayload(input.doc, input.issuer.cuit);
  const url = payload ? qrUrl(payload) : null;
  const qr = url ? qrImage(url) : null;
  const { doc: inv, brand } = input;
  const title = `${fiscalName(inv.type)} ${inv.type.letter} ${inv.fiscalNumber}`;
  return renderPdf({ title, author: input.issuer.legalName ?? brand.name, lang: 'es-AR' }, (pdf) => {
    const header = () => (input.template === 'compact' ? compactHeader(pdf, input) : classicHeader(pdf, input));
    let y = header();
    y = periodBox(pdf, inv, y + 6);
    y = recipientBox(pdf, inv, y + 6);
    y = linesTable(pdf, input, y + 10, () => {
      pdf.addPage();
      return header() + 10;
    });
    if (y > PAGE.bottom - FOOTER_HEIGHT - totalsHeight(inv)) {
      pdf.addPage();
      y = header() + 10;
    }
    totals(pdf, inv, y + 8);
    footer(pdf, input, qr, url);
    if (inv.cancelled) watermark(pdf, 'ANULADA');
  });
}

function money(doc: InvoiceDocument, amount: string | number): string {
  return formatMoney(amount, doc.currency);
}

/** Service dates and due dates; a second row for the second due date or the document a note refers to. */
function periodBox(pdf: Pdf, inv: InvoiceDocument, y: number): number {
  const { left, width } = PAGE;
  const twoRows = Boolean(inv.secondDueDate || inv.related);
  const height = twoRows ? 36 : 22;
  box(pdf, left, y, width, height);
  const split = width * 0.6;
  const right = width - split - 8;
  if (inv.serviceFrom && inv.serviceTo) {
    field(pdf, 'Período Facturado Desde', formatDay(inv.serviceFrom), left + 8, y + 7, split / 2 + 20);
    field(pdf, 'Hasta', formatDay(inv.serviceTo), left + split / 2 + 36, y + 7, split / 2 - 44);
  } else {
    field(pdf, 'Período', periodLabel(inv.period, 'es-AR'), left + 8, y + 7, split - 16);
  }
  field(pdf, 'Fecha de Vto. para el pago', formatDay(inv.dueDate), left + split, y + 7, right);
  if (inv.secondDueDate) {
    const amount = inv.secondDueTotal ? ` (${money(inv, inv.secondDueTotal)})` : '';
    field(pdf, '2º vencimiento', `${formatDay(inv.secondDueDate)}${amount}`, left + split, y + 21, right);
  }
  if (inv.related) {
    field(pdf, 'Comprobante asociado', `${fiscalName(inv.related.type)} ${inv.related.type.letter} ${inv.related.fiscalNumber}`, left + 8, y + 21, split - 16);
  }
  return y + height;
}

/** Who the invoice is for; a long name, address or service wraps and the box grows with it. */
function recipientBox(pdf: Pdf, inv: InvoiceDocument, y: number): number {
  const { left, width } = PAGE;
  const half = width / 2;
  const r = inv.recipient;
  const document = recipientDocument(r.docType, r.docNumber);
  const service = [inv.serviceType, inv.product].filter(Boolean).join(' — ');
  const leftBottom = fieldColumn(pdf, [
    [document.label, document.value],
    ['Condición frente al IVA', r.vatCondition ?? 'Consumidor Final'],
    ['Nº de cuenta', inv.accountNumber],
  ], left + 8, y + 7, half - 16);
  const rightBottom = fieldColumn(pdf, [
    ['Apellido y Nombre / Razón Social', r.name],
    ['Domicilio', r.address ?? '-'],
    ['Servicio', service || '-'],
  ], left + half, y + 7, half - 8);
  const height = Math.max(leftBottom, rightBottom) + 3 - y;
  box(pdf, left, y, width, height);
  return y + height;
}

/** Fields one under the other, 14 pt apart while they fit on one line; returns the y under the last. */
function fieldColumn(pdf: Pdf, fields: [string, string][], x: number, y: number, width: number): number {
  let top = y;
  let bottom = y;
  for (const [label, value] of fields) {
    bottom = wrappedField(pdf, label, value, x, top, width);
    top = Math.max(top + 14, bottom + 3);
  }
  return bottom;
}

interface Column {
  title: string;
  width: number;
  align: 'left' | 'right';
  value: (l: InvoiceDocument['lines'][number]) => string;
}

/** Type A discriminates VAT per line; B and C show prices with VAT included. */
function columns(input: InvoicePdfInput): Column[] {
  const inv = input.doc;
  const qty = (q: string) => String(Number(q)).replace('.', ',');
  const cols: Column[] = [
    { title: 'Descripción', width: 0, align: 'left', value: (l) => l.description },
    { title: 'Cantidad', width: 58, align: 'right', value: (l) => qty(l.quantity) },
    { title: 'Precio unit.', width: 88, align: 'right', value: (l) => money(inv, l.unitPrice) },
  ];
  if (inv.type.letter === 'A' || inv.type.letter === 'M') {
    cols.push({ title: '% IVA', width: 48, align: 'right', value: (l) => (l.vatRate === null ? '-' : `${qty(l.vatRate)} %`) });
  }
  cols.push({ title: 'Subtotal', width: 96, align: 'right', value: (l) => money(inv, l.amount) });
  cols[0].width = PAGE.width - cols.slice(1).reduce((a, c) => a + c.width, 0);
  return cols;
}

function linesTable(pdf: Pdf, input: InvoicePdfInput, top: number, nextPage: () => number): number {
  const cols = columns(input);
  const { brand } = input;
  const headerRow = (y: number) => {
    pdf.rect(PAGE.left, y, PAGE.width, ROW + 2).fill(brand.colors.primary);
    const ink = onColor(brand.colors.primary, brand.colors.primaryText);
    let x = PAGE.left;
    for (const c of cols) {
      line(pdf, c.title, x + 6, y + 5, c.width - 12, { size: 8.5, bold: true, align: c.align, color: ink });
      x += c.width;
    }
    return y + ROW + 2;
  };
  let y = headerRow(top);
  const [description, ...figures] = cols;
  input.doc.lines.forEach((l, i) => {
    // A long description wraps inside its column and the row grows; the figures stay on its first line.
    const height = Math.max(ROW, wrappedHeight(pdf, l.description, description.width - 12, { size: 8.5 }) + 5);
    if (y + height > PAGE.bottom - FOOTER_HEIGHT) y = headerRow(nextPage());
    if (i % 2 === 1) pdf.rect(PAGE.left, y, PAGE.width, height).fill('#f2f4f7');
    wrapped(pdf, l.description, PAGE.left + 6, y + 4, description.width - 12, { size: 8.5 });
    let x = PAGE.left + description.width;
    for (const c of figures) {
      line(pdf, c.value(l), x + 6, y + 4, c.width - 12, { size: 8.5, align: c.align });
      x += c.width;
    }
    y += height;
  });
  pdf.moveTo(PAGE.left, y).lineTo(PAGE.right, y).lineWidth(0.8).strokeColor('#9aa3ad').stroke();
  return y;
}

function totalRows(inv: InvoiceDocument): [string, string][] {
  const discriminated = inv.type.letter === 'A' || inv.type.letter === 'M';
  const rows: [string, string][] = discriminated
    ? [
        ['Importe Neto Gravado', money(inv, inv.netAmount)],
        ['IVA', money(inv, inv.vatAmount)],
        ['Importe Exento', money(inv, inv.exemptAmount)],
      ]
    : [['Subtotal', money(inv, fromCents(toCents(inv.netAmount) + toCents(inv.vatAmount) + toCents(inv.exemptAmount)))]];
  rows.push(['Importe Otros Tributos', money(inv, inv.otherTaxes)]);
  return rows;
}

function totalsHeight(inv: InvoiceDocument): number {
  return totalRows(inv).length * 14 + 30;
}

function totals(pdf: Pdf, inv: InvoiceDocument, y: number): void {
  const width = 250;
  const x = PAGE.right - width;
  const rows = totalRows(inv);
  box(pdf, x, y, width, rows.length * 14 + 28);
  rows.forEach(([label, value], i) => {
    line(pdf, `${label}:`, x + 8, y + 6 + i * 14, 140, { size: 9, bold: true });
    line(pdf, value, x + 140, y + 6 + i * 14, width - 148, { size: 9, align: 'right' });
  });
  const ty = y + 8 + rows.length * 14;
  line(pdf, 'Importe Total:', x + 8, ty, 130, { size: 11, bold: true });
  line(pdf, money(inv, inv.total), x + 120, ty, width - 128, { size: 11, bold: true, align: 'right' });
}

function footer(pdf: Pdf, input: InvoicePdfInput, qr: PdfImageAsset | null, url: string | null): void {
  const { doc: inv, brand } = input;
  const pages = pdf.bufferedPageRange();
  pdf.switchToPage(pages.start + pages.count - 1);
  const y = PAGE.bottom - FOOTER_HEIGHT + 18;
  pdf.moveTo(PAGE.left, y - 8).lineTo(PAGE.right, y - 8).lineWidth(0.8).strokeColor('#9aa3ad').stroke();
  const textX = qr ? PAGE.left + 100 : PAGE.left;
  if (qr && url) {
    // The image links to the same URL it encodes, so a reader of the file can follow it too.
    drawImage(pdf, qr, { x: PAGE.left, y, width: 88, height: 88, link: url });
    line(pdf, 'ARCA', textX, y + 2, 120, { size: 16, bold: true });
    line(pdf, 'Comprobante Autorizado', textX, y + 22, 170, { size: 9, bold: true });
    pdf.font('Helvetica-Oblique').fontSize(6.5).fillColor(MUTED)
      .text('Esta Agencia no se responsabiliza por los datos ingresados en el detalle de la operación', textX, y + 36, { width: 170 });
  } else {
    line(pdf, 'Comprobante sin código de autorización: no válido como factura', textX, y + 22, 300, { size: 9, bold: true, color: '#b42318' });
  }
  if (inv.authorizationCode) {
    const label = inv.authorizationType === 'A' ? 'CAEA' : 'CAE';
    line(pdf, `${label} Nº: ${inv.authorizationCode}`, PAGE.right - 220, y + 22, 220, { size: 10, bold: true, align: 'right' });
    if (inv.authorizationDueDate) {
      line(pdf, `Fecha de Vto. de ${label}: ${formatDay(inv.authorizationDueDate)}`, PAGE.right - 220, y + 37, 220, { size: 9, align: 'right' });
    }
  }
  const contact = [brand.contact.phone && `Tel. ${brand.contact.phone}`, brand.contact.email, brand.contact.web].filter(Boolean).join('   ·   ');
  if (contact) line(pdf, contact, PAGE.left, PAGE.bottom - 12, PAGE.width, { size: 8, align: 'center', color: MUTED });
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    line(pdf, `Pág. ${i + 1}/${pages.count}`, PAGE.right - 80, PAGE.bottom - 12, 80, { size: 7, align: 'right', color: MUTED });
  }
  pdf.fillColor(INK);
}

function watermark(pdf: Pdf, text: string): void {
  const pages = pdf.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    pdf.switchToPage(pages.start + i);
    pdf.save();
    pdf.rotate(-35, { origin: [297, 421] });
    pdf.font('Helvetica-Bold').fontSize(96).fillColor('#b42318').fillOpacity(0.15);
    pdf.text(text, 0, 370, { width: 595, align: 'center', lineBreak: false });
    pdf.restore();
  }
}
