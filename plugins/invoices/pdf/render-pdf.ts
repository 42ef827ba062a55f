import { pdfKit } from './pdfkit.ts';
import { useStandardFonts } from './standard-fonts.ts';

export type Pdf = PDFKit.PDFDocument;

export interface PdfMeta {
  title: string;
  author: string;
  lang: string;
}

/** Runs a drawing function on a fresh A4 document and returns the finished file. */
export async function renderPdf(meta: PdfMeta, draw: (doc: Pdf) => void): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    // A small bottom margin: footers are drawn at fixed positions and must not trigger a page break.
    margins: { top: 36, left: 36, right: 36, bottom: 18 },
    bufferPages: true,
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
