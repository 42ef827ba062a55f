import type { Pdf } from './render-pdf.ts';

export const PAGE = { left: 36, right: 559.28, top: 36, bottom: 805.89, width: 523.28 };
export const INK = '#1b2430';
export const MUTED = '#5b6573';
export const RULE = '#9aa3ad';

/** One line of text that never wraps: a long value is cut with an ellipsis instead of pushing the layout down. */
export function line(doc: Pdf, text: string, x: number, y: number, width: number, opts: { size?: number; bold?: boolean; align?: 'left' | 'right' | 'center'; color?: string } = {}): void {
  const size = opts.size ?? 9;
  // pdfkit only cuts with an ellipsis inside a fixed height; without one it wraps anyway.
  doc
    .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(size)
    .fillColor(opts.color ?? INK)
    .text(text, x, y, { width, height: size * 1.25, align: opts.align ?? 'left', ellipsis: true });
}

/** `Label: value` with the label bold, as fiscal documents print their fields. */
export function field(doc: Pdf, label: string, value: string, x: number, y: number, width: number, size = 9): void {
  doc.font('Helvetica-Bold').fontSize(size).fillColor(INK);
  const labelText = `${label}: `;
  const labelWidth = Math.min(doc.widthOfString(labelText), width);
  doc.text(labelText, x, y, { width: labelWidth + 1, lineBreak: false });
  line(doc, value, x + labelWidth, y, Math.max(0, width - labelWidth), { size });
}

/**
 * `Label: value` that wraps instead of cutting: the value starts after the label and continues
 * under it at `x`. Returns the y under its last line. A value that fits takes the one-line path,
 * so a document of short values pays nothing for the wrapping.
 */
export function wrappedField(doc: Pdf, label: string, value: string, x: number, y: number, width: number, size = 9): number {
  const labelText = `${label}: `;
  doc.font('Helvetica-Bold').fontSize(size).fillColor(INK);
  const labelWidth = doc.widthOfString(labelText);
  doc.font('Helvetica');
  const room = width - labelWidth;
  if (doc.widthOfString(value) <= room) {
    field(doc, label, value, x, y, width, size);
    return y + size * LINE;
  }
  const words = value.split(' ');
  let fits = 0;
  while (fits < words.length && doc.widthOfString(words.slice(0, fits + 1).join(' ')) <= room) fits++;
  doc.font('Helvetica-Bold').text(labelText, x, y, { lineBreak: false });
  doc.font('Helvetica');
  if (fits) doc.text(words.slice(0, fits).join(' '), x + labelWidth, y, { lineBreak: false });
  return wrapped(doc, words.slice(fits).join(' '), x, y + size * LINE, width, { size });
}

/** Text on as many lines as it needs within `width` (a word longer than a line is broken); returns the y under it. */
export function wrapped(doc: Pdf, text: string, x: number, y: number, width: number, opts: { size?: number; bold?: boolean; color?: string } = {}): number {
  const size = opts.size ?? 9;
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(opts.color ?? INK);
  doc.text(text, x, y, { width, lineGap: gap(doc, size) });
  return doc.y;
}

/** Height `wrapped` takes for `text`: one line without running pdfkit's line wrapper when it fits. */
export function wrappedHeight(doc: Pdf, text: string, width: number, opts: { size?: number; bold?: boolean } = {}): number {
  const size = opts.size ?? 9;
  doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
  if (doc.widthOfString(text) <= width) return size * LINE;
  return doc.heightOfString(text, { width, lineGap: gap(doc, size) });
}

/** Lines of wrapped text sit `LINE` font sizes apart, as rows of single-line fields do. */
const LINE = 1.25;

function gap(doc: Pdf, size: number): number {
  return Math.max(0, size * LINE - doc.currentLineHeight());
}

export function box(doc: Pdf, x: number, y: number, w: number, h: number, color = RULE): void {
  doc.lineWidth(0.8).strokeColor(color).rect(x, y, w, h).stroke();
}

/** Readable text colour on a brand colour, for brands whose primary text colour is not set sensibly. */
export function onColor(background: string, preferred: string): string {
  return contrast(background, preferred) >= 3 ? preferred : contrast(background, '#ffffff') >= contrast(background, INK) ? '#ffffff' : INK;
}

function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
