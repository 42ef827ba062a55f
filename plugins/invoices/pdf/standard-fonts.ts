import type PDFDocument from 'pdfkit';
import type { Pdf } from './render-pdf.ts';

/** The standard PDF fonts the portal's documents use; none is embedded, only their metrics are read. */
const FONTS = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Courier'];

/** The parts of pdfkit's document that hold its fonts (not in its public typings). */
interface FontTable {
  _fontFamilies: Record<string, object>;
  _fontCount: number;
}

let templates: Map<string, object> | undefined;

/**
 * pdfkit rebuilds a standard font's metrics (widths and thousands of kerning pairs) in every
 * document that uses it: about a tenth of an invoice's time. The metrics never change, so each
 * document gets font objects of its own (own id, own PDF dictionary) sharing one parsed copy.
 * Should a pdfkit release keep its fonts elsewhere, this only costs the speed: `doc.font()`
 * then parses them as before.
 */
export function useStandardFonts(doc: Pdf): void {
  // The document's own class: pdfkit is loaded on first use (render-pdf.ts), not imported here.
  const Document = doc.constructor as typeof PDFDocument;
  templates ??= new Map(FONTS.map((name) => [name, fontObject(new Document({ autoFirstPage: false }).font(name))]));
  const table = doc as unknown as FontTable;
  if (table._fontFamilies && typeof table._fontCount === 'number') {
    for (const [name, template] of templates) {
      if (table._fontFamilies[name]) continue;
      const font: object = Object.assign(Object.create(Object.getPrototypeOf(template) as object | null) as object, template, { document: doc, id: `F${++table._fontCount}` });
      table._fontFamilies[name] = font;
    }
  }
  doc.font('Helvetica');
}

function fontObject(doc: Pdf): object {
  return (doc as unknown as { _font: object })._font;
}
