import { readFileSync } from 'node:fs';
import { invoiceType } from '../domain/invoice-types.ts';
import { invoicePdf } from '../pdf/invoice-pdf.ts';
import type { PdfBrand } from '../pdf/pdf-brand.ts';
import type { InvoiceDocument } from '../queries/invoice-document.ts';
import type { IssuerSettings } from '../settings.ts';

export interface PdfBenchResult {
  template: string;
  pdfs: number;
  seconds: number;
  pdfsPerSecond: number;
  averageBytes: number;
}

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
 * Invoice PDFs generated one after another on one core for `seconds` (each with its own QR
 * code, nothing cached but the logo): what the "Bajar" button and the new-invoice email cost.
 */
export async function benchInvoicePdfs(options: { seconds?: number; template?: 'classic' | 'compact' } = {}): Promise<PdfBenchResult> {
  const seconds = options.seconds ?? 5;
  const template = options.template ?? 'classic';
  const brand: PdfBrand = {
    name: 'Red Bench Internet',
    colors: { primary: '#0b5cad', primaryText: '#ffffff', accent: '#f2a900', background: '#f5f7fa', surface: '#ffffff', text: '#1b2430' },
    contact: { phone: '0800-222-3333', email: 'ayuda@invbench.test' },
    logo: readFileSync(new URL('../test-fixtures/tenants/invon/assets/logo.png', import.meta.url)),
  };
  for (let i = 0; i < 20; i++) await invoicePdf({ doc: sampleDocument(i), issuer: ISSUER, brand, template });
  let pdfs = 0;
  let bytes = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    bytes += (await invoicePdf({ doc: sampleDocument(pdfs), issuer: ISSUER, brand, template })).length;
    pdfs++;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { template, pdfs, seconds: elapsed, pdfsPerSecond: pdfs / elapsed, averageBytes: bytes / pdfs };
}
