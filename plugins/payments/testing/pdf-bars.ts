import { inflateSync } from 'node:zlib';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Every filled rectangle (`x y w h re`) drawn in a PDF's content streams, read straight from the
 * file (inflating FlateDecode streams): the bars of a vector barcode, as a scanner would meet them.
 */
export function pdfRects(pdf: Buffer): Rect[] {
  const text = pdf.toString('latin1');
  const rects: Rect[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streams.exec(text))) {
    const start = m.index + m[0].length;
    const length = Number(/\/Length (\d+)/.exec(m[1])?.[1] ?? -1);
    if (length < 0) continue;
    const raw = pdf.subarray(start, start + length);
    let content: string;
    try {
      content = (/FlateDecode/.test(m[1]) ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      continue;
    }
    for (const r of content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
      rects.push({ x: Number(r[1]), y: Number(r[2]), w: Number(r[3]), h: Number(r[4]) });
    }
  }
  return rects;
}
