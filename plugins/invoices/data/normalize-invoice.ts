import { parseFiscalNumber } from '../domain/fiscal-number.ts';
import { invoiceType, type DocumentKind } from '../domain/invoice-types.ts';
import { InvoiceInputError } from './input-error.ts';
import { schemaProblems, type InvoiceInput } from './input-schemas.ts';
import { readAmount, readOptionalAmount } from './amounts.ts';

export interface NormalizedLine {
  lineNo: number;
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string | null;
  amount: string;
}

export interface NormalizedInvoice {
  externalId: string;
  accountNumber: string;
  typeCode: number;
  kind: DocumentKind;
  pointOfSale: number;
  number: number;
  issueDate: string;
  period: string;
  serviceFrom: string | null;
  serviceTo: string | null;
  dueDate: string;
  secondDueDate: string | null;
  secondDueTotal: string | null;
  currency: string;
  exchangeRate: string;
  netAmount: string;
  exemptAmount: string;
  vatAmount: string;
  otherTaxes: string;
  total: string;
  cancelled: boolean;
  relatedInvoiceExternalId: string | null;
  authorizationType: 'E' | 'A';
  authorizationCode: string | null;
  authorizationDueDate: string | null;
  serviceType: string | null;
  product: string | null;
  recipient: { name: string | null; docType: number | null; docNumber: string | null; vatCondition: string | null; address: string | null };
  lines: NormalizedLine[];
  originalPdf: { filename: string | null; content: Buffer } | null;
}

/**
 * Checks an invoice the provider sent and turns it into exact column values. `schemaChecked`: the
 * caller already validated `input` against the same schema (the bulk import does, for every row).
 */
export function normalizeInvoice(input: InvoiceInput, allowedTypes: number[], opts: { schemaChecked?: boolean } = {}): NormalizedInvoice {
  const problems = opts.schemaChecked ? [] : schemaProblems('invoice', input);
  if (problems.length) throw new InvoiceInputError(problems);
  if (!allowedTypes.includes(input.typeCode)) problems.push(`typeCode: ${input.typeCode} is not among this provider's invoice types (${allowedTypes.join(', ')})`);
  const fiscal = parseFiscalNumber(input.number);
  if (!fiscal) problems.push('number: must look like 00008-00068421');
  if (input.serviceFrom && input.serviceTo && input.serviceFrom > input.serviceTo) problems.push('serviceTo: before serviceFrom');
  if (input.secondDueDate && input.secondDueDate < input.dueDate) problems.push('secondDueDate: before dueDate');
  const kind = invoiceType(input.typeCode).kind;
  if (input.relatedInvoiceExternalId && kind === 'invoice') problems.push('relatedInvoiceExternalId: only debit and credit notes refer to an invoice');
  const pdf = input.originalPdf ? readPdf(input.originalPdf.content, problems) : null;

  const normalized: NormalizedInvoice = {
    externalId: input.externalId,
    accountNumber: input.accountNumber,
    typeCode: input.typeCode,
    kind,
    pointOfSale: fiscal?.pointOfSale ?? 0,
    number: fiscal?.number ?? 0,
    issueDate: input.issueDate,
    period: input.period,
    serviceFrom: input.serviceFrom ?? null,
    serviceTo: input.serviceTo ?? null,
    dueDate: input.dueDate,
    secondDueDate: input.secondDueDate ?? null,
    secondDueTotal: readOptionalAmount(input.secondDueTotal, 'secondDueTotal', problems),
    currency: input.currency ?? 'ARS',
    exchangeRate: Number(input.exchangeRate ?? 1).toFixed(6),
    netAmount: readAmount(input.netAmount ?? 0, 'netAmount', problems),
    exemptAmount: readAmount(input.exemptAmount ?? 0, 'exemptAmount', problems),
    vatAmount: readAmount(input.vatAmount ?? 0, 'vatAmount', problems),
    otherTaxes: readAmount(input.otherTaxes ?? 0, 'otherTaxes', problems),
    total: readAmount(input.total, 'total', problems),
    cancelled: input.cancelled ?? false,
    relatedInvoiceExternalId: input.relatedInvoiceExternalId ?? null,
    authorizationType: input.authorization?.type ?? 'E',
    authorizationCode: input.authorization?.code ?? null,
    authorizationDueDate: input.authorization?.dueDate ?? null,
    serviceType: input.serviceType ?? null,
    product: input.product ?? null,
    recipient: {
      name: input.recipient?.name ?? null,
      docType: input.recipient?.docType ?? null,
      docNumber: input.recipient?.docNumber ?? null,
      vatCondition: input.recipient?.vatCondition ?? null,
      address: input.recipient?.address ?? null,
    },
    lines: (input.lines ?? []).map((line, i) => ({
      lineNo: i + 1,
      description: line.description,
      quantity: Number(line.quantity ?? 1).toFixed(3),
      unitPrice: readAmount(line.unitPrice, `lines.${i}.unitPrice`, problems),
      vatRate: line.vatRate === undefined || line.vatRate === null ? null : Number(line.vatRate).toFixed(2),
      amount: readAmount(line.amount, `lines.${i}.amount`, problems),
    })),
    originalPdf: pdf ? { filename: input.originalPdf?.filename ?? null, content: pdf } : null,
  };
  if (normalized.total.startsWith('-')) problems.push('total: must not be negative (credit notes carry their type, not a sign)');
  if (problems.length) throw new InvoiceInputError(problems);
  return normalized;
}

/** Only real PDFs are kept: the file is later served to customers as a PDF download. */
function readPdf(content: unknown, problems: string[]): Buffer | null {
  const buffer = Buffer.isBuffer(content) ? content : typeof content === 'string' ? Buffer.from(content, 'base64') : null;
  if (!buffer || buffer.subarray(0, 5).toString('latin1') !== '%PDF-') {
    problems.push('originalPdf.content: not a PDF file');
    return null;
  }
  if (buffer.length > 10 * 1024 * 1024) {
    problems.push('originalPdf.content: larger than 10 MB');
    return null;
  }
  return buffer;
}
