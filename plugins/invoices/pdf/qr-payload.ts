import { cuitDigits, isValidCuit } from '../domain/cuit.ts';
import { CURRENCIES } from '../data/input-schemas.ts';
import type { InvoiceDocument } from '../data/invoice-document.ts';

export const AFIP_QR_BASE = 'https://www.afip.gob.ar/fe/qr/?p=';

/** The JSON object of AFIP's QR specification (RG 4892/2020), version 1, keys in the spec's order. */
export interface QrPayload {
  ver: 1;
  fecha: string;
  cuit: number;
  ptoVta: number;
  tipoCmp: number;
  nroCmp: number;
  importe: number;
  moneda: string;
  ctz: number;
  tipoDocRec?: number;
  nroDocRec?: number;
  tipoCodAut: 'E' | 'A';
  codAut: number;
}

/**
 * The payload of an authorised voucher. Without an authorisation code or a valid issuer CUIT
 * there is nothing AFIP could confirm, so there is no QR code at all (null), rather than one
 * that leads a customer to "comprobante inexistente".
 */
export function qrPayload(doc: InvoiceDocument, issuerCuit: string | undefined): QrPayload | null {
  if (!doc.authorizationCode || !issuerCuit || !isValidCuit(issuerCuit)) return null;
  const moneda = CURRENCIES[doc.currency];
  if (!moneda) return null;
  const { docType, docNumber } = doc.recipient;
  const recipient = docType !== null && docNumber && /^\d+$/.test(docNumber) ? { tipoDocRec: docType, nroDocRec: Number(docNumber) } : {};
  return {
    ver: 1,
    fecha: doc.issueDate,
    cuit: Number(cuitDigits(issuerCuit)),
    ptoVta: doc.pointOfSale,
    tipoCmp: doc.type.code,
    nroCmp: doc.number,
    importe: Number(doc.total),
    moneda,
    ctz: Number(doc.exchangeRate),
    ...recipient,
    tipoCodAut: doc.authorizationType,
    codAut: Number(doc.authorizationCode),
  };
}

/** The URL the QR code holds: the spec's base followed by the Base64 of the JSON. */
export function qrUrl(payload: QrPayload): string {
  return AFIP_QR_BASE + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64');
}

/** Reads a QR URL back (tests, and anyone checking a printed invoice). */
export function decodeQrUrl(url: string): QrPayload {
  if (!url.startsWith(AFIP_QR_BASE)) throw new Error(`not an AFIP QR URL: ${url}`);
  return JSON.parse(Buffer.from(url.slice(AFIP_QR_BASE.length), 'base64').toString('utf8')) as QrPayload;
}
