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
