import { formatCuit } from '../domain/cuit.ts';
import { formatDay } from '../domain/days.ts';
import { fiscalName, typeCodeLabel } from '../domain/invoice-types.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';
import type { IssuerSettings } from '../settings.ts';
import { PAGE, box, field, line, onColor, MUTED } from './draw.ts';
import type { PdfBrand } from './pdf-brand.ts';
import { drawImage } from './pdf-image.ts';
import type { Pdf } from './render-pdf.ts';

export interface HeaderInput {
  doc: InvoiceDocument;
  issuer: IssuerSettings;
  brand: PdfBrand;
}

/** The letter box AFIP requires in the middle of the header: letter, and the type code under it. */
function letterBox(doc: Pdf, x: number, y: number, letter: string, code: number, fill: string | null): void {
  if (fill) doc.rect(x, y, 46, 50).fill(fill);
  box(doc, x, y, 46, 50);
  line(doc, letter, x, y + 5, 46, { size: 30, bold: true, align: 'center' });
  line(doc, `COD. ${typeCodeLabel(code)}`, x, y + 38, 46, { size: 7, bold: true, align: 'center' });
}

/** The issuer's half: logo (or name in the brand colour), legal name, address, VAT condition. */
function issuerBlock(doc: Pdf, input: HeaderInput, x: number, y: number, width: number): void {
  const { issuer, brand } = input;
  let top = y;
  if (brand.logo) {
    drawImage(doc, brand.logo, { x, y: top, fit: [150, 40] });
    top += 46;
  } else {
    line(doc, brand.name, x, top + 4, width, { size: 16, bold: true, color: brand.colors.primary });
    top += 30;
  }
  line(doc, issuer.legalName ?? brand.name, x, top, width, { size: 10, bold: true });
  if (issuer.address) field(doc, 'Domicilio comercial', issuer.address, x, top + 15, width, 8);
  if (issuer.vatCondition) field(doc, 'Condición frente al IVA', issuer.vatCondition, x, top + 27, width, 8);
}

/** The voucher's half: what it is, its number and date, and the issuer's tax ids. */
function voucherBlock(doc: Pdf, input: HeaderInput, x: number, y: number, width: number): void {
  const { doc: inv, issuer } = input;
  line(doc, fiscalName(inv.type), x, y, width, { size: inv.type.mipyme ? 10 : 16, bold: true });
  const [pos, num] = inv.fiscalNumber.split('-');
  line(doc, `Punto de Venta: ${pos}     Comp. Nro: ${num}`, x, y + 24, width, { size: 9, bold: true });
  field(doc, 'Fecha de Emisión', formatDay(inv.issueDate), x, y + 38, width);
  if (issuer.cuit) field(doc, 'CUIT', formatCuit(issuer.cuit), x, y + 52, width);
  if (issuer.grossIncomeNumber) field(doc, 'Ingresos Brutos', issuer.grossIncomeNumber, x, y + 64, width);
  if (issuer.activityStart) field(doc, 'Fecha de Inicio de Actividades', formatDay(issuer.activityStart), x, y + 76, width);
}

/** AFIP's own layout: "ORIGINAL" strip, one box split in two halves with the letter box between. */
export function classicHeader(doc: Pdf, input: HeaderInput): number {
  const { left, width } = PAGE;
  const top = PAGE.top;
  box(doc, left, top, width, 18);
  line(doc, 'ORIGINAL', left, top + 5, width, { size: 10, bold: true, align: 'center' });
  const y = top + 18;
  const height = 112;
  box(doc, left, y, width, height);
  const mid = left + width / 2;
  doc.moveTo(mid, y + 50).lineTo(mid, y + height).strokeColor('#9aa3ad').stroke();
  letterBox(doc, mid - 23, y, input.doc.type.letter, input.doc.type.code, '#ffffff');
  issuerBlock(doc, input, left + 10, y + 8, width / 2 - 45);
  voucherBlock(doc, input, mid + 32, y + 10, width / 2 - 42);
  return y + height;
}

/** A brand band across the top with the letter box on it; the fiscal fields below in two columns. */
export function compactHeader(doc: Pdf, input: HeaderInput): number {
  const { left, width } = PAGE;
  const { brand } = input;
  const top = PAGE.top;
  const band = 58;
  doc.rect(left, top, width, band).fill(brand.colors.primary);
  const ink = onColor(brand.colors.primary, brand.colors.primaryText);
  if (brand.logo) {
    doc.rect(left + 8, top + 8, 162, band - 16).fill('#ffffff');
    drawImage(doc, brand.logo, { x: left + 14, y: top + 11, fit: [150, band - 22] });
  } else {
    line(doc, brand.name, left + 12, top + 18, width / 2 - 40, { size: 18, bold: true, color: ink });
  }
  letterBox(doc, left + width / 2 - 23, top + 4, input.doc.type.letter, input.doc.type.code, '#ffffff');
  line(doc, 'ORIGINAL', left + width - 160, top + 22, 148, { size: 9, bold: true, align: 'right', color: ink });
  const y = top + band + 10;
  voucherBlock(doc, input, left + width / 2 + 10, y, width / 2 - 10);
  const { issuer } = input;
  const half = width / 2 - 20;
  line(doc, issuer.legalName ?? brand.name, left, y, half, { size: 10, bold: true });
  let row = y + 22;
  if (issuer.address) {
    field(doc, 'Domicilio comercial', issuer.address, left, row, half, 8);
    row += 13;
  }
  if (issuer.vatCondition) {
    field(doc, 'Condición frente al IVA', issuer.vatCondition, left, row, half, 8);
    row += 13;
  }
  line(doc, [brand.contact.phone, brand.contact.email].filter(Boolean).join(' · '), left, row, half, { size: 8, color: MUTED });
  doc.moveTo(left, y + 92).lineTo(left + width, y + 92).strokeColor(brand.colors.primary).lineWidth(1.5).stroke();
  return y + 96;
}
