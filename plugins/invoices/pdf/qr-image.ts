import QRCode from 'qrcode';
import { bitmapImage, type PdfImageAsset } from './pdf-image.ts';
import { recentCache } from './recent-cache.ts';

/** Pixels per module: sharp when a viewer or printer scales the 88-point square. */
const SCALE = 4;

/**
 * The QR code of a URL as a one-bit image, kept for the last invoices asked for (an invoice is
 * downloaded, mailed and downloaded again). The URL is the whole payload, so nothing is stale.
 * One byte-mode segment: the base64 in AFIP's URL would end up in byte mode anyway, and letting
 * the library search for a mixed segmentation cost more than drawing the code.
 */
export const qrImage: (url: string) => PdfImageAsset = recentCache(2000, (url) => {
  const { modules } = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
  return bitmapImage(modules.size, (col, row) => Boolean(modules.get(row, col)), SCALE);
});
