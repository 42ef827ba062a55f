import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import type { Pdf } from './render-pdf.ts';

/**
 * An image decoded and compressed once, ready to be written into any number of PDFs as is.
 * pdfkit decodes a PNG with transparency and compresses it again for every document that shows
 * it; for a logo printed on every invoice that was most of the cost of the file.
 */
export interface PdfImageAsset {
  id: number;
  width: number;
  height: number;
  /** The image dictionary's entries besides type and size: colour space, bits, filter. */
  format: Record<string, unknown>;
  /** The stream, already encoded as `format.Filter` says. */
  data: Buffer;
  /** Deflated 8-bit soft mask, when some pixel is not opaque. */
  alpha: Buffer | null;
}

export interface ImagePlacement {
  x: number;
  y: number;
  /** Scale to fit inside this box, keeping the proportions (as pdfkit's `fit`). */
  fit?: [number, number];
  width?: number;
  height?: number;
  /** A URL the image links to. */
  link?: string;
}

let nextId = 0;

/** A PNG (any colour type, with or without transparency) or a baseline/progressive JPEG. */
export function prepareImage(bytes: Buffer): PdfImageAsset {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegAsset(bytes);
  const png = PNG.sync.read(bytes);
  const pixels = png.width * png.height;
  const rgb = Buffer.allocUnsafe(pixels * 3);
  const alpha = Buffer.allocUnsafe(pixels);
  let translucent = false;
  for (let p = 0; p < pixels; p++) {
    rgb[p * 3] = png.data[p * 4];
    rgb[p * 3 + 1] = png.data[p * 4 + 1];
    rgb[p * 3 + 2] = png.data[p * 4 + 2];
    alpha[p] = png.data[p * 4 + 3];
    if (alpha[p] !== 255) translucent = true;
  }
  return {
    id: ++nextId, width: png.width, height: png.height,
    format: { ColorSpace: 'DeviceRGB', BitsPerComponent: 8, Filter: 'FlateDecode' },
    data: deflateSync(rgb, { level: 9 }), alpha: translucent ? deflateSync(alpha, { level: 9 }) : null,
  };
}

/** A one-bit black-on-white square bitmap (`dark(col, row)`), e.g. a QR code, `scale` pixels per cell. */
export function bitmapImage(cells: number, dark: (col: number, row: number) => boolean, scale: number): PdfImageAsset {
  const side = cells * scale;
  const rowBytes = Math.ceil(side / 8);
  // DeviceGray at one bit: 1 is white, so start all white and clear the dark pixels of one pixel
  // row per row of cells, then repeat it `scale` times.
  const data = Buffer.alloc(rowBytes * side, 0xff);
  for (let row = 0; row < cells; row++) {
    const first = row * scale * rowBytes;
    for (let col = 0; col < cells; col++) {
      if (!dark(col, row)) continue;
      for (let px = col * scale; px < (col + 1) * scale; px++) data[first + (px >> 3)] &= ~(0x80 >> (px & 7));
    }
    for (let copy = 1; copy < scale; copy++) data.copy(data, first + copy * rowBytes, first, first + rowBytes);
  }
  return { id: ++nextId, width: side, height: side, format: { ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'FlateDecode' }, data: deflateSync(data), alpha: null };
}

/** What pdfkit's `image()` also accepts besides bytes: an opened image with a label and `embed`. */
interface EmbeddableImage {
  label: string;
  width: number;
  height: number;
  obj: unknown;
  embed(doc: Pdf): void;
}

/** Each document gets its own image object, written once however many pages show it. */
const perDocument = new WeakMap<Pdf, Map<number, EmbeddableImage>>();

export function drawImage(doc: Pdf, asset: PdfImageAsset, at: ImagePlacement): void {
  let images = perDocument.get(doc);
  if (!images) perDocument.set(doc, (images = new Map<number, EmbeddableImage>()));
  let image = images.get(asset.id);
  if (!image) images.set(asset.id, (image = embeddable(asset)));
  const { x, y, ...options } = at;
  // pdfkit's typings only admit bytes or a path, but its `image()` takes an opened image as well.
  doc.image(image as unknown as Buffer, x, y, options);
}

function embeddable(asset: PdfImageAsset): EmbeddableImage {
  return {
    label: `Img${asset.id}`,
    width: asset.width,
    height: asset.height,
    obj: null,
    embed(doc) {
      const size = { Type: 'XObject', Subtype: 'Image', Width: asset.width, Height: asset.height };
      const obj = doc.ref({ ...size, ...asset.format });
      if (asset.alpha) {
        const mask = doc.ref({ ...size, BitsPerComponent: 8, ColorSpace: 'DeviceGray', Filter: 'FlateDecode', Decode: [0, 1] });
        mask.end(asset.alpha);
        (obj as unknown as { data: Record<string, unknown> }).data.SMask = mask;
      }
      obj.end(asset.data);
      this.obj = obj;
    },
  };
}

const JPEG_COLOR_SPACES: Record<number, string> = { 1: 'DeviceGray', 3: 'DeviceRGB', 4: 'DeviceCMYK' };

/** A JPEG goes into the PDF as it is (DCTDecode); only its frame header is read, for size and colours. */
function jpegAsset(bytes: Buffer): PdfImageAsset {
  let pos = 2;
  while (pos + 9 < bytes.length) {
    if (bytes[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    // SOF0–SOF15 carry the frame, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const colorSpace = JPEG_COLOR_SPACES[bytes[pos + 9]];
      if (!colorSpace) break;
      return {
        id: ++nextId, height: bytes.readUInt16BE(pos + 5), width: bytes.readUInt16BE(pos + 7),
        // Adobe writes CMYK JPEGs inverted, as pdfkit assumes too.
        format: { ColorSpace: colorSpace, BitsPerComponent: bytes[pos + 4], Filter: 'DCTDecode', ...(colorSpace === 'DeviceCMYK' ? { Decode: [1, 0, 1, 0, 1, 0, 1, 0] } : {}) },
        data: bytes, alpha: null,
      };
    }
    pos += 2 + bytes.readUInt16BE(pos + 2);
  }
  throw new Error('not a readable JPEG: no frame header');
}
