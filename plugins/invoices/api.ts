/**
 * What other plugins use of invoices: the service it provides (`portal.plugins.get<InvoicesProvides>('invoices')`),
 * the shapes that service takes and returns, and the PDF building blocks the payment coupon shares
 * with the invoice PDF. Import from here only; everything else in this folder may change.
 */
export type { InvoicesProvides } from './provides.ts';
export type { Receivables, ReceivableInvoice } from './data/receivables.ts';
export type { InvoiceInput, PaymentInput } from './data/input-schemas.ts';
export { pdfKit } from './pdf/pdfkit.ts';
export { useStandardFonts } from './pdf/standard-fonts.ts';
export { drawImage, type PdfImageAsset } from './pdf/pdf-image.ts';
export { printableLogo } from './pdf/printable-logo.ts';
export { recentCache } from './pdf/recent-cache.ts';
