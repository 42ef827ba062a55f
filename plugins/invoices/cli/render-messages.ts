import type { PdfBrandSource } from '../pdf/pdf-brand.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';
import type { IssuerSettings } from '../settings.ts';

/** What every render worker starts with: the tenant's fixed part of each PDF. */
export interface RenderWorkerSetup {
  issuer: IssuerSettings;
  template: 'classic' | 'compact';
  /** By brand id; '' is the brand of accounts without one (the tenant's first). */
  brands: Record<string, PdfBrandSource>;
}

export interface RenderBatch {
  id: number;
  jobs: { doc: InvoiceDocument; file: string }[];
}

export interface RenderBatchResult {
  id: number;
  written: number;
  bytes: number;
  failed: { file: string; error: string }[];
}
