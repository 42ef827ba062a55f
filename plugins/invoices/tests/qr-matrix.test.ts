import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrUrl, type QrPayload } from '../pdf/qr-payload.ts';
import { qrMatrix } from '../pdf/qr-matrix.ts';

/** Invoices unlike each other: dates, issuers, points of sale, types, amounts with and without cents, with and without a recipient. */
function urls(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const payload: QrPayload = {
      ver: 1, fecha: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, cuit: 30546671530 + (i % 9) * 1001,
      ptoVta: 1 + (i % 40), tipoCmp: [1, 6, 11, 3, 8, 201][i % 6], nroCmp: 1 + i * 7919, importe: i % 4 ? 24500 + i * 13.17 : 1000 * i, moneda: i % 10 ? 'PES' : 'DOL',
      ctz: i % 10 ? 1 : 1045.5, ...(i % 3 ? { tipoDocRec: i % 2 ? 96 : 80, nroDocRec: 20000000 + i * 31 } : {}), tipoCodAut: i % 7 ? 'E' : 'A', codAut: 70000000000000 + i * 1013,
    };
    return qrUrl(payload);
  });
}

describe('AFIP QR symbol', () => {
  it('is, module for module, the symbol the qrcode library makes for the URL as one byte segment, mask choice included', () => {
    const masks = new Set<number>();
    for (const url of urls(400)) {
      const reference = QRCode.create([{ data: Buffer.from(url, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M' });
      masks.add(reference.maskPattern!);
      const mine = qrMatrix(url);
      expect(mine.size, url).toBe(reference.modules.size);
      expect(Buffer.from(mine.dark).equals(Buffer.from(reference.modules.data)), url).toBe(true);
    }
    // The sample reaches most masks, so the choice among them is what is compared.
    expect(masks.size).toBeGreaterThanOrEqual(6);
  });

  it('is no bigger than with the library’s own segmentation search', () => {
    for (const url of urls(100)) expect(qrMatrix(url).size, url).toBeLessThanOrEqual(QRCode.create(url, { errorCorrectionLevel: 'M' }).modules.size);
  });
});
