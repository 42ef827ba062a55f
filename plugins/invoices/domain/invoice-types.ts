export type DocumentKind = 'invoice' | 'debit_note' | 'credit_note';

export interface InvoiceType {
  code: number;
  letter: 'A' | 'B' | 'C' | 'M';
  kind: DocumentKind;
  /** MiPyME electronic credit invoice (FCE), RG 4367. */
  mipyme: boolean;
}

/** AFIP/ARCA voucher codes ("tipos de comprobante") the portal knows how to show. */
const TABLE: [number, InvoiceType['letter'], DocumentKind, boolean][] = [
  [1, 'A', 'invoice', false], [2, 'A', 'debit_note', false], [3, 'A', 'credit_note', false],
  [6, 'B', 'invoice', false], [7, 'B', 'debit_note', false], [8, 'B', 'credit_note', false],
  [11, 'C', 'invoice', false], [12, 'C', 'debit_note', false], [13, 'C', 'credit_note', false],
  [51, 'M', 'invoice', false], [52, 'M', 'debit_note', false], [53, 'M', 'credit_note', false],
  [201, 'A', 'invoice', true], [202, 'A', 'debit_note', true], [203, 'A', 'credit_note', true],
  [206, 'B', 'invoice', true], [207, 'B', 'debit_note', true], [208, 'B', 'credit_note', true],
  [211, 'C', 'invoice', true], [212, 'C', 'debit_note', true], [213, 'C', 'credit_note', true],
];

export const INVOICE_TYPES: ReadonlyMap<number, InvoiceType> = new Map(
  TABLE.map(([code, letter, kind, mipyme]) => [code, { code, letter, kind, mipyme }]),
);

export const INVOICE_TYPE_CODES = [...INVOICE_TYPES.keys()];

export function invoiceType(code: number): InvoiceType {
  const type = INVOICE_TYPES.get(code);
  if (!type) throw new Error(`unknown invoice type code ${code}`);
  return type;
}

/** Spanish name as printed on the document itself (fiscal documents are always in Spanish). */
export function fiscalName(type: InvoiceType): string {
  if (type.mipyme) {
    const base = type.kind === 'invoice' ? 'FACTURA DE CRÉDITO' : type.kind === 'debit_note' ? 'NOTA DE DÉBITO' : 'NOTA DE CRÉDITO';
    return `${base} ELECTRÓNICA MiPyMEs (FCE)`;
  }
  return type.kind === 'invoice' ? 'FACTURA' : type.kind === 'debit_note' ? 'NOTA DE DÉBITO' : 'NOTA DE CRÉDITO';
}

/** Three-digit code printed under the letter box ("COD. 006"). */
export function typeCodeLabel(code: number): string {
  return String(code).padStart(3, '0');
}

export function codesOfKind(kind: DocumentKind): number[] {
  return [...INVOICE_TYPES.values()].filter((t) => t.kind === kind).map((t) => t.code);
}
