import { pdfKit, useStandardFonts } from '../../invoices/api.ts';

export type Pdf = PDFKit.PDFDocument;

/** Runs a drawing function on a fresh A4 document and returns the finished file. */
export async function renderPdf(meta: { title: string; author: string; lang: string }, draw: (doc: Pdf) => void): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 36, left: 36, right: 36, bottom: 18 },
    lang: meta.lang,
    displayTitle: true,
    info: { Title: meta.title, Author: meta.author, Creator: meta.author },
    // No default font: useStandardFonts sets Helvetica up without parsing it again.
    font: null as unknown as string,
  });
  useStandardFonts(doc);
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
