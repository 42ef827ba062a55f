import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQRModule from 'jsqr';
import type { TestPortal } from 'portal/testing';
import { decodeQrUrl, AFIP_QR_BASE } from '../pdf/qr-payload.ts';
import { HOSTS, serviceFor, signedInCustomer, startInvoicesPortal, type SignedIn } from '../testing/invoices-portal.ts';
import { readPdf, type PdfImage } from '../testing/read-pdf.ts';
import { sampleInvoice } from '../testing/sample-invoice.ts';

let portal: TestPortal;
let ana: SignedIn;
let carla: SignedIn;

beforeAll(async () => {
  portal = await startInvoicesPortal();
  ana = await signedInCustomer(portal, 'invon', HOSTS.on, 'RS-0101');
  carla = await signedInCustomer(portal, 'invother', HOSTS.other, 'VA-0101');
});
afterAll(async () => portal?.dispose());

const sql = (q: string, params: unknown[] = []) => portal.db.orm.em.getConnection().execute(q, params);

async function download(client: SignedIn['client'], id: number) {
  const res = await client.get(`/invoices/${id}/pdf`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return { res, pdf: await readPdf(res.rawPayload) };
}

// jsQR is a CommonJS bundle typed as an ES module's default export; imported, the default is the function itself.
const jsQR = jsQRModule as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/**
 * What a phone reads from an image of the PDF: the pixels handed to an independent decoder
 * (jsQR), with the white margin a printed page gives around the code.
 */
function decodeQr(image: PdfImage): string | null {
  const darkAt = pixelReader(image);
  if (!darkAt) return null;
  const margin = 16;
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (!darkAt(x, y)) continue;
      const i = ((y + margin) * width + x + margin) * 4;
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
    }
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

/** Whether a pixel is dark, for the image kinds pdf.js gives: 1-bit grey (rows padded to bytes, 1 white), RGB, RGBA. */
function pixelReader(image: PdfImage): ((x: number, y: number) => boolean) | null {
  if (image.kind === 1) {
    const rowBytes = Math.ceil(image.width / 8);
    return (x, y) => (image.data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7))) === 0;
  }
  const channels = image.kind === 3 ? 4 : image.kind === 2 ? 3 : 0;
  if (!channels) return null;
  return (x, y) => image.data[(y * image.width + x) * channels] < 128;
}

describe('generated invoice PDF', () => {
  it('is an attachment named after the document, with number, CAE, totals and fiscal data', async () => {
    const { id } = await serviceFor(portal, 'invon').upsertInvoice(sampleInvoice('RS-0101'));
    const { res, pdf } = await download(ana.client, id);
    expect(res.headers['content-disposition']).toBe('attachment; filename="factura-B-00008-00068421.pdf"');
    const text = pdf.text.join('\n');
    for (const expected of [
      'FACTURA', 'COD. 006', '00008', '00068421', '14/01/2025', '33-69345023-9', '901-234567-8', '01/03/2004', 'Red Sur Internet S.A.',
      'Responsable Inscripto', 'RS-0101', 'Internet — Fibra 300 Mb', 'Consumidor Final', 'Av. Siempreviva 742, Rosario', 'Abono mensual Fibra 300 Mb', '$ 23.000,00',
      '$ 1.500,00', '$ 24.500,00', '75012345678901', '24/01/2025', '$ 25.725,00',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/B\s+COD\. 006/);
  });

  it('prints the account’s address when the invoice has none, and long names and lines whole, wrapped, in both layouts', async () => {
    const holder = 'Panadería La Salteña de los Hermanos Gutiérrez Sociedad de Responsabilidad Limitada';
    const plans = 'Energía T3 · Riego agrícola + Agua para riego · Turno eventual + Cloacas · Residencial';
    const line = `Abono mensual ${plans} + Alquiler de medidor bidireccional`;
    const cases = [
      { who: ana, tenant: 'invon', account: 'RS-0101', typeCode: 6 },
      { who: carla, tenant: 'invother', account: 'VA-0101', typeCode: 11 },
    ];
    for (const { who, tenant, account, typeCode } of cases) {
      await sql(`UPDATE accounts SET holder_name = ? WHERE tenant_id = ? AND number = ?`, [holder, tenant, account]);
      await sql(
        `INSERT INTO account_services (tenant_id, account_id, kind, plan, address, status) VALUES (?, ?, 'water', 'Agua para riego', NULL, 'active'), (?, ?, 'electricity', ?, 'Ruta Provincial 92 km 14, Vista Flores, Tunuyán', 'active')`,
        [tenant, who.accountId, tenant, who.accountId, plans],
      );
      const input = sampleInvoice(account, {
        externalId: `long-${tenant}`, number: '00008-00000800', typeCode, serviceType: 'Energía eléctrica', product: plans,
        recipient: { vatCondition: 'Consumidor Final' }, lines: [{ description: line, unitPrice: '24500.00', amount: '24500.00' }, { description: 'Cargo fijo', unitPrice: '0', amount: '0' }],
      });
      const { id } = await serviceFor(portal, tenant).upsertInvoice(input);
      const text = (await download(who.client, id)).pdf.text.join(' ').replace(/\s+/g, ' ');
      expect(text, tenant).not.toContain('…');
      for (const expected of [`Razón Social: ${holder}`, 'Domicilio: Ruta Provincial 92 km 14, Vista Flores, Tunuyán', `Servicio: Energía eléctrica — ${plans}`, line, 'Cargo fijo']) {
        expect(text, `${tenant}: ${expected}`).toContain(expected);
      }
    }
  });

  it('carries the AFIP QR code: its payload, decoded, is the invoice’s data, and the image encodes it', async () => {
    const { id } = await serviceFor(portal, 'invon').upsertInvoice(
      sampleInvoice('RS-0101', { externalId: 'qr-1', number: '0012-00000345', total: '121000.50', recipient: { docType: 80, docNumber: '20123456786' } }),
    );
    const { pdf } = await download(ana.client, id);
    const urls = pdf.links.filter((u) => u.startsWith(AFIP_QR_BASE));
    expect(urls).toHaveLength(1);
    expect(decodeQrUrl(urls[0])).toEqual({
      ver: 1, fecha: '2025-01-14', cuit: 33693450239, ptoVta: 12, tipoCmp: 6, nroCmp: 345, importe: 121000.5, moneda: 'PES', ctz: 1,
      tipoDocRec: 80, nroDocRec: 20123456786, tipoCodAut: 'E', codAut: 75012345678901,
    });
    expect(pdf.images.map(decodeQr).filter(Boolean)).toEqual([urls[0]]);
  });

  it('follows the tenant’s template and issuer (compact, type C, exempt issuer)', async () => {
    const { id } = await serviceFor(portal, 'invother').upsertInvoice({ ...sampleInvoice('VA-0101', { typeCode: 11, number: '00003-00000042' }), netAmount: '24500.00', vatAmount: '0.00' });
    const { pdf } = await download(carla.client, id);
    const text = pdf.text.join('\n');
    for (const expected of ['Valle Aguas S.E.', '30-54667153-0', 'IVA Sujeto Exento', 'COD. 011', '00003', '00000042', '$ 24.500,00']) expect(text).toContain(expected);
    const qr = decodeQrUrl(pdf.links.find((u) => u.startsWith(AFIP_QR_BASE))!);
    expect(qr).toMatchObject({ cuit: 30546671530, ptoVta: 3, tipoCmp: 11, nroCmp: 42, importe: 24500 });
    // The printable logo of `pdfLogos`: an image besides the QR code.
    expect(pdf.images.filter((img) => img.width === 240 && img.height === 60)).toHaveLength(1);
  });

  it('marks a cancelled invoice and leaves the QR out when there is no CAE', async () => {
    const service = serviceFor(portal, 'invon');
    const cancelled = await service.upsertInvoice(sampleInvoice('RS-0101', { externalId: 'x-1', number: '00008-00000501', cancelled: true }));
    expect((await download(ana.client, cancelled.id)).pdf.text.join(' ')).toContain('ANULADA');
    const unauthorised = await service.upsertInvoice(sampleInvoice('RS-0101', { externalId: 'x-2', number: '00008-00000502', authorization: undefined }));
    const { pdf } = await download(ana.client, unauthorised.id);
    expect(pdf.links.filter((u) => u.startsWith(AFIP_QR_BASE))).toEqual([]);
    expect(pdf.text.join(' ')).toContain('no válido como factura');
  });

  it('continues long invoices on more pages, header repeated, totals and CAE on the last', async () => {
    const lines = Array.from({ length: 70 }, (_, i) => ({ description: `Consumo adicional ${i + 1}`, unitPrice: '100.00', amount: '100.00' }));
    const { id } = await serviceFor(portal, 'invon').upsertInvoice(sampleInvoice('RS-0101', { externalId: 'long', number: '00008-00000600', lines, total: '7000.00' }));
    const { pdf } = await download(ana.client, id);
    expect(pdf.pages).toBeGreaterThan(1);
    for (const page of pdf.text) expect(page).toContain('00000600');
    expect(pdf.text.join(' ')).toContain('Consumo adicional 70');
    expect(pdf.text.at(-1)).toContain('$ 7.000,00');
    expect(pdf.text.at(-1)).toContain('75012345678901');
  });

  it('serves the provider’s own PDF unchanged when it sent one', async () => {
    const original = Buffer.from('%PDF-1.4\n% provider original\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const { id } = await serviceFor(portal, 'invon').upsertInvoice(
      sampleInvoice('RS-0101', { externalId: 'orig', number: '00008-00000700', originalPdf: { filename: 'F0008-700.pdf', content: original.toString('base64') } }),
    );
    const res = await ana.client.get(`/invoices/${id}/pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="factura-B-00008-00000700.pdf"');
    expect(res.rawPayload.equals(original)).toBe(true);
  });
});
