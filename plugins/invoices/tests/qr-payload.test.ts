import { describe, expect, it } from 'vitest';
import { decodeQrUrl, qrPayload, qrUrl } from '../pdf/qr-payload.ts';
import { invoiceType } from '../domain/invoice-types.ts';
import { formatCuit, isValidCuit } from '../domain/cuit.ts';
import { parseFiscalNumber, formatFiscalNumber } from '../domain/fiscal-number.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';

function doc(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    id: 1, externalId: 'x', accountId: 1, accountNumber: '1', brandId: null, type: invoiceType(1), pointOfSale: 10, number: 94,
    fiscalNumber: '00010-00000094', issueDate: '2020-10-13', period: '2020-10', serviceFrom: null, serviceTo: null, dueDate: '2020-10-20',
    secondDueDate: null, secondDueTotal: null, currency: 'USD', exchangeRate: '65.000000', netAmount: '10000.00', exemptAmount: '0.00',
    vatAmount: '2100.00', otherTaxes: '0.00', total: '12100.00', paidAmount: '0.00', creditedAmount: '0.00', balance: '12100.00',
    cancelled: false, related: null, authorizationType: 'E', authorizationCode: '70417054367476', authorizationDueDate: '2020-10-23',
    serviceType: null, product: null, recipient: { name: 'X', docType: 80, docNumber: '20000000001', vatCondition: null, address: null },
    lines: [], payments: [], hasOriginalPdf: false, ...overrides,
  };
}

describe('AFIP QR payload (RG 4892/2020)', () => {
  it('builds the spec’s own example, numbers as JSON numbers, in the spec’s key order', () => {
    const payload = qrPayload(doc(), '30000000007');
    expect(JSON.stringify(payload)).toBe(
      '{"ver":1,"fecha":"2020-10-13","cuit":30000000007,"ptoVta":10,"tipoCmp":1,"nroCmp":94,"importe":12100,"moneda":"DOL","ctz":65,' +
        '"tipoDocRec":80,"nroDocRec":20000000001,"tipoCodAut":"E","codAut":70417054367476}',
    );
    const url = qrUrl(payload!);
    expect(url.startsWith('https://www.afip.gob.ar/fe/qr/?p=')).toBe(true);
    expect(decodeQrUrl(url)).toEqual(payload);
  });

  it('uses PES and rate 1 for pesos, CAEA as type A, and leaves out an unknown recipient', () => {
    const payload = qrPayload(doc({ currency: 'ARS', exchangeRate: '1.000000', authorizationType: 'A', recipient: { name: 'X', docType: null, docNumber: null, vatCondition: null, address: null } }), '33-69345023-9');
    expect(payload).toMatchObject({ moneda: 'PES', ctz: 1, tipoCodAut: 'A', cuit: 33693450239 });
    expect(payload).not.toHaveProperty('tipoDocRec');
  });

  it('has no QR without a CAE or with an issuer CUIT whose check digit is wrong', () => {
    expect(qrPayload(doc({ authorizationCode: null }), '30000000007')).toBeNull();
    expect(qrPayload(doc(), '30000000008')).toBeNull();
    expect(qrPayload(doc(), undefined)).toBeNull();
  });
});

describe('fiscal identifiers', () => {
  it('checks CUIT check digits', () => {
    expect(isValidCuit('33-69345023-9')).toBe(true);
    expect(isValidCuit('30000000007')).toBe(true);
    expect(isValidCuit('20-12345678-6')).toBe(true);
    expect(isValidCuit('33-69345023-8')).toBe(false);
    expect(isValidCuit('3369345023')).toBe(false);
    expect(formatCuit('33693450239')).toBe('33-69345023-9');
  });

  it('reads five- and four-digit points of sale as the same voucher', () => {
    expect(parseFiscalNumber('00008-00068421')).toEqual({ pointOfSale: 8, number: 68421 });
    expect(parseFiscalNumber('0008-00068421')).toEqual({ pointOfSale: 8, number: 68421 });
    expect(parseFiscalNumber('8-68421')).toEqual({ pointOfSale: 8, number: 68421 });
    expect(parseFiscalNumber('00000-00000001')).toBeNull();
    expect(parseFiscalNumber('000008-00068421')).toBeNull();
    expect(formatFiscalNumber(8, 68421)).toBe('00008-00068421');
  });
});
