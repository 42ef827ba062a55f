import { fileURLToPath } from 'node:url';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

const FONTS = fileURLToPath(new URL('../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

export interface PdfImage {
  width: number;
  height: number;
  /** pdf.js image kind: 1 grey 1bpp, 2 RGB 24bpp, 3 RGBA 32bpp. */
  kind: number;
  data: Uint8ClampedArray;
}

export interface ReadPdf {
  pages: number;
  /** Text of each page, items joined by spaces. */
  text: string[];
  /** Link annotations' URLs, all pages. */
  links: string[];
  images: PdfImage[];
}

/** Opens a PDF the way a reader would and returns what a test needs to look at. */
export async function readPdf(content: Buffer | Uint8Array): Promise<ReadPdf> {
  const task = getDocument({ data: new Uint8Array(content), standardFontDataUrl: FONTS, verbosity: 0 });
  const doc = await task.promise;
  const out: ReadPdf = { pages: doc.numPages, text: [], links: [], images: [] };
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    out.text.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
    for (const a of (await page.getAnnotations()) as { url?: string }[]) if (a.url) out.links.push(a.url);
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
      const [id] = ops.argsArray[i] as [string];
      // pdf.js keeps an image that several pages show among the document's objects (ids `g_…`), not the page's.
      const objects = id.startsWith('g_') ? page.commonObjs : page.objs;
      const img = await new Promise<PdfImage>((resolve) => void objects.get(id, resolve));
      out.images.push({ width: img.width, height: img.height, kind: img.kind, data: img.data });
    }
  }
  await task.destroy();
  return out;
}
