import { fileURLToPath } from 'node:url';
import { invoiceType } from '../domain/invoice-types.ts';
import { invoicePdf } from '../pdf/invoice-pdf.ts';
import type { PdfBrand } from '../pdf/pdf-brand.ts';
import { printableLogo } from '../pdf/printable-logo.ts';
import { renderPdf } from '../pdf/render-pdf.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';
import type { IssuerSettings } from '../settings.ts';

export interface PdfBenchResult {
  template: string;
  pdfs: number;
  seconds: number;
  pdfsPerSecond: number;
  /** PDFs per second of this process's CPU time: what one core gives, whatever else runs on the machine. */
  pdfsPerCpuSecond: number;
  averageBytes: number;
}

/** The invoices plugin's goal (issue 17): a monthly run of 300k PDFs in well under an hour on a few cores. */
export const PDF_GOAL_PER_CORE = 200;

const ISSUER: IssuerSettings = {
  legalName: 'Red Bench Internet S.A.', cuit: '33-69345023-9', grossIncomeNumber: '901-234567-8',
  activityStart: '2004-03-01', vatCondition: 'Responsable Inscripto', address: 'Av. Corrientes 1234, CABA',
};

/** A typical ISP invoice: three lines, CAE and QR, the fixture tenant's logo. */
function sampleDocument(n: number): InvoiceDocument {
  return {
    id: n, externalId: `bench-${n}`, accountId: 1, accountNumber: '0001-004512', brandId: null, type: invoiceType(6), pointOfSale: 8,
    number: 68421 + n, fiscalNumber: `00008-${String(68421 + n).padStart(8, '0')}`, issueDate: '2025-01-14', period: '2025-01',
    serviceFrom: '2025-01-01', serviceTo: '2025-01-31', dueDate: '2025-01-24', secondDueDate: '2025-02-03', secondDueTotal: '25725.00',
    currency: 'ARS', exchangeRate: '1.000000', netAmount: '20247.93', exemptAmount: '0.00', vatAmount: '4252.07', otherTaxes: '0.00',
    total: '24500.00', paidAmount: '0.00', creditedAmount: '0.00', balance: '24500.00', cancelled: false, related: null,
    authorizationType: 'E', authorizationCode: String(75012345678901 + n), authorizationDueDate: '2025-01-24', serviceType: 'Internet',
    product: 'Fibra 300 Mb', recipient: { name: 'María Fernández', docType: 96, docNumber: '30123456', vatCondition: 'Consumidor Final', address: 'Av. Siempreviva 742, Rosario' },
    lines: [
      { lineNo: 1, description: 'Abono mensual Fibra 300 Mb', quantity: '1.000', unitPrice: '22000.00', vatRate: null, amount: '22000.00' },
      { lineNo: 2, description: 'Alquiler de módem', quantity: '1.000', unitPrice: '1500.00', vatRate: null, amount: '1500.00' },
      { lineNo: 3, description: 'IP fija', quantity: '1.000', unitPrice: '1000.00', vatRate: null, amount: '1000.00' },
    ],
    payments: [], hasOriginalPdf: false,
  };
}

/**
 * Invoice PDFs generated one after another on one core for `seconds`, each a different invoice
 * (its own number, CAE and so its own QR code, so the QR cache never hits): what the "Bajar"
 * button, the new-invoice email and a bulk render cost per document.
 */
export async function benchInvoicePdfs(options: { seconds?: number; template?: 'classic' | 'compact' } = {}): Promise<PdfBenchResult> {
  const template = options.template ?? 'classic';
  const brand: PdfBrand = {
    name: 'Red Bench Internet',
    colors: { primary: '#0b5cad', primaryText: '#ffffff', accent: '#f2a900', background: '#f5f7fa', surface: '#ffffff', text: '#1b2430' },
    contact: { phone: '0800-222-3333', email: 'ayuda@invbench.test' },
    logo: printableLogo(fileURLToPath(new URL('../test-fixtures/tenants/invon/assets/logo.png', import.meta.url))),
  };
  // Warm-up by count, not time (on a busy machine half a second is a few PDFs): the JIT settles
  // on each template's code. Numbers far from the measured ones, so the QR cache holds none of those.
  for (let n = 0; n < 300; n++) await invoicePdf({ doc: sampleDocument(1_000_000 + n), issuer: ISSUER, brand, template });
  return measure(template, options.seconds ?? 5, (n) => invoicePdf({ doc: sampleDocument(n), issuer: ISSUER, brand, template }));
}

/**
 * The floor under any generated PDF, measured in the same run for comparison: pdfkit writing an
 * A4 page with one line of text. Machines and load change the rates; the ratio hardly moves.
 */
export async function benchBlankPdfs(seconds = 2): Promise<PdfBenchResult> {
  const blank = (n: number) => renderPdf({ title: `Bench ${n}`, author: 'Bench', lang: 'es-AR' }, (pdf) => void pdf.text(`Documento ${n}`, 36, 36));
  for (let n = 0; n < 1000; n++) await blank(n);
  return measure('blank', seconds, blank);
}

async function measure(template: string, seconds: number, render: (n: number) => Promise<Buffer>): Promise<PdfBenchResult> {
  let pdfs = 0;
  let bytes = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    bytes += (await render(pdfs)).length;
    pdfs++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { template, pdfs, seconds: elapsed, pdfsPerSecond: pdfs / elapsed, pdfsPerCpuSecond: pdfs / cpuSeconds, averageBytes: bytes / pdfs };
}
