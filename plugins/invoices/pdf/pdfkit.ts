import type PDFDocument from 'pdfkit';
import { lazyModule } from 'portal/sdk';

/** pdfkit, loaded with the first PDF asked for: a portal starts without it. */
export const pdfKit = lazyModule(async (): Promise<typeof PDFDocument> => (await import('pdfkit')).default);
