import type { FileStorage, Tenant } from 'portal/sdk';
import { originalPdf, type InvoiceDocument } from '../data/invoice-document.ts';
import type { Sql } from '../data/sql.ts';
import type { InvoicesSettings } from '../settings.ts';
import { invoicePdf } from './invoice-pdf.ts';
import { pdfBrand } from './pdf-brand.ts';

/** `factura-B-00008-00068421.pdf`: what the customer sees in their downloads folder. */
export function invoiceFileName(doc: InvoiceDocument): string {
  const kind = doc.type.kind === 'invoice' ? 'factura' : doc.type.kind === 'debit_note' ? 'nota-de-debito' : 'nota-de-credito';
  return `${kind}-${doc.type.letter}-${doc.fiscalNumber}.pdf`;
}

/** The provider's original PDF when there is one, otherwise one generated for the tenant's brand. */
export async function invoiceFile(sql: Sql, files: FileStorage, tenant: Tenant, settings: InvoicesSettings, doc: InvoiceDocument): Promise<{ filename: string; content: Buffer }> {
  const filename = invoiceFileName(doc);
  if (doc.hasOriginalPdf) {
    const original = await originalPdf(sql, files, tenant.id, doc.id);
    if (original) return { filename, content: original.content };
  }
  const content = await invoicePdf({ doc, issuer: settings.issuer, brand: pdfBrand(tenant, doc.brandId, settings.pdfLogos), template: settings.pdfTemplate });
  return { filename, content };
}
