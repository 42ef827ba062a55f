import { bitmapImage, type PdfImageAsset } from './pdf-image.ts';
import { qrMatrix } from './qr-matrix.ts';
import { recentCache } from './recent-cache.ts';

/** Pixels per module: sharp when a viewer or printer scales the 88-point square. */
const SCALE = 4;

/**
 * The QR code of a URL as a one-bit image, kept for the last invoices asked for (an invoice is
 * downloaded, mailed and downloaded again). The URL is the whole payload, so nothing is stale.
 */
export const qrImage: (url: string) => PdfImageAsset = recentCache(2000, (url) => {
  const { size, dark } = qrMatrix(url);
  return bitmapImage(size, (col, row) => dark[row * size + col] === 1, SCALE);
});
