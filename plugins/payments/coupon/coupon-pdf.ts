import { formatMoney } from 'portal/sdk';
import { formatDay } from '../domain/days.ts';
import { fromCents } from '../domain/money.ts';
import { drawImage, type PdfImageAsset } from '../../invoices/api.ts';
import { interleaved2of5 } from './barcode.ts';
import { renderPdf, type Pdf } from './render-pdf.ts';
import type { CouponTerms } from './terms.ts';

export interface CouponLabels {
  title: string;
  customerStub: string;
  collectorStub: string;
  holder: string;
  account: string;
  document: string;
  issued: string;
  firstDue: string;
  secondDue: string;
  dueOnly: string;
  payAt: string;
  cutHere: string;
}

export interface CouponDocument {
  lang: string;
  brandName: string;
  primaryColor: string;
  /** Prepared once per logo file (see invoices' printable-logo.ts); SVG logos cannot be printed. */
  logo: PdfImageAsset | null;
  holderName: string;
  accountNumber: string;
  /** "Factura B 00008-00068421", or what an amount coupon is for. */
  documentName: string;
  issuedOn: string;
  currency: string;
  terms: CouponTerms;
  /** The layout's digits, printed under the bars. */
  digits: string;
  /** The same, with the leading 0 Interleaved 2 of 5 needs for an odd count. */
  barcode: string;
  collectors: string[];
  labels: CouponLabels;
}

const LEFT = 36;
const WIDTH = 523;
const STUB_HEIGHT = 250;
/** Narrow bar width in points (0.42 mm): well above what counter scanners resolve. */
const NARROW = 1.2;
const BAR_HEIGHT = 52;
const QUIET_ZONE = 10 * NARROW;

/**
 * A payment coupon for cash networks: the customer's stub and the collector's, each with the
 * amounts, due dates and the Interleaved 2 of 5 barcode of the tenant's layout, separated by a
 * cut line. One A4 page, printable on any home printer.
 */
export function couponPdf(c: CouponDocument): Promise<Buffer> {
  return renderPdf({ title: `${c.labels.title} ${c.accountNumber}`, author: c.brandName, lang: c.lang }, (doc) => {
    drawStub(doc, c, 36, c.labels.customerStub);
    doc.save().dash(4, { space: 3 }).strokeColor('#8a94a3').moveTo(LEFT, 36 + STUB_HEIGHT + 14).lineTo(LEFT + WIDTH, 36 + STUB_HEIGHT + 14).stroke().restore();
    doc.font('Helvetica').fontSize(7).fillColor('#8a94a3').text(c.labels.cutHere, LEFT, 36 + STUB_HEIGHT + 17, { width: WIDTH, align: 'center' });
    drawStub(doc, c, 36 + STUB_HEIGHT + 34, c.labels.collectorStub);
  });
}

function drawStub(doc: Pdf, c: CouponDocument, top: number, stubLabel: string): void {
  const money = (cents: number) => formatMoney(fromCents(cents), c.currency);
  doc.save().rect(LEFT, top, WIDTH, 4).fill(c.primaryColor).restore();
  let nameX = LEFT;
  // An unreadable logo file has already become null: the name alone still makes a valid coupon.
  if (c.logo) {
    drawImage(doc, c.logo, { x: LEFT, y: top + 12, height: 30 });
    nameX = LEFT + 110;
  }
  doc.font('Helvetica-Bold').fontSize(14).fillColor('#15212e').text(c.brandName, nameX, top + 18, { width: 250 });
  doc.font('Helvetica-Bold').fontSize(12).text(c.labels.title.toUpperCase(), LEFT + 280, top + 14, { width: WIDTH - 280, align: 'right' });
  doc.font('Helvetica').fontSize(8).fillColor('#5b6573').text(stubLabel, LEFT + 280, top + 30, { width: WIDTH - 280, align: 'right' });

  const rows: [string, string][] = [
    [c.labels.holder, c.holderName],
    [c.labels.account, c.accountNumber],
    [c.labels.document, c.documentName],
    [c.labels.issued, formatDay(c.issuedOn)],
  ];
  let y = top + 56;
  for (const [label, value] of rows) {
    doc.font('Helvetica').fontSize(8).fillColor('#5b6573').text(label, LEFT, y, { width: 90 });
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#15212e').text(value, LEFT + 90, y - 0.5, { width: 230 });
    y += 15;
  }

  const dues: [string, string, number][] = c.terms.secondDueDate
    ? [[c.labels.firstDue, c.terms.dueDate, c.terms.amountCents], [c.labels.secondDue, c.terms.secondDueDate, c.terms.secondAmountCents!]]
    : [[c.labels.dueOnly, c.terms.dueDate, c.terms.amountCents]];
  let boxY = top + 54;
  for (const [label, day, cents] of dues) {
    doc.save().roundedRect(LEFT + 330, boxY, WIDTH - 330, 28, 3).lineWidth(0.8).strokeColor('#c5ccd6').stroke().restore();
    doc.font('Helvetica').fontSize(8).fillColor('#5b6573').text(`${label} ${formatDay(day)}`, LEFT + 338, boxY + 10, { width: 100 });
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#15212e').text(money(cents), LEFT + 420, boxY + 8, { width: WIDTH - 428, align: 'right' });
    boxY += 34;
  }

  if (c.collectors.length) {
    doc.font('Helvetica').fontSize(8).fillColor('#5b6573').text(`${c.labels.payAt} ${c.collectors.join(' · ')}`, LEFT, top + 128, { width: WIDTH });
  }
  drawBars(doc, c.barcode, LEFT + QUIET_ZONE, top + 150);
  doc.font('Courier').fontSize(9).fillColor('#15212e').text(c.digits, LEFT + QUIET_ZONE, top + 150 + BAR_HEIGHT + 6, { characterSpacing: 0.6 });
}

function drawBars(doc: Pdf, digits: string, x0: number, y: number): void {
  const { widths } = interleaved2of5(digits);
  // Long layouts get thinner bars rather than running off the page.
  const units = widths.reduce((a, b) => a + b, 0);
  const narrow = Math.min(NARROW, (WIDTH - 2 * QUIET_ZONE) / units);
  let x = x0;
  doc.save().fillColor('#000000');
  widths.forEach((w, i) => {
    const width = w * narrow;
    // Even positions are bars, odd ones the spaces between them.
    if (i % 2 === 0) doc.rect(x, y, width, BAR_HEIGHT).fill();
    x += width;
  });
  doc.restore();
}
