// A worker thread of `portal invoices render`: gets batches of invoice documents, writes each
// one's PDF to the file the main thread named, and answers with what it wrote.
import { writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { invoicePdf } from '../pdf/invoice-pdf.ts';
import { brandFromSource, type PdfBrand } from '../pdf/pdf-brand.ts';
import type { RenderBatch, RenderBatchResult, RenderWorkerSetup } from './render-messages.ts';

const setup = workerData as RenderWorkerSetup;
// Logos are decoded here once, on the first invoice of each brand.
const brands = new Map<string, PdfBrand>();
const brandOf = (brandId: string | null) => {
  const key = brandId ?? '';
  let brand = brands.get(key);
  if (!brand) brands.set(key, (brand = brandFromSource(setup.brands[key] ?? setup.brands[''])));
  return brand;
};

parentPort!.on('message', async (batch: RenderBatch) => {
  const result: RenderBatchResult = { id: batch.id, written: 0, bytes: 0, failed: [] };
  for (const { doc, file } of batch.jobs) {
    try {
      const content = await invoicePdf({ doc, issuer: setup.issuer, brand: brandOf(doc.brandId), template: setup.template });
      await writeFile(file, content);
      result.written++;
      result.bytes += content.length;
    } catch (err) {
      result.failed.push({ file, error: (err as Error).message });
    }
  }
  parentPort!.postMessage(result);
});
