import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { addFormats } from 'portal/sdk';
import { INVOICE_TYPE_CODES } from '../domain/invoice-types.ts';

const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

export type Amount = number | string;

export const PAYMENT_METHODS = ['cash', 'debit_card', 'credit_card', 'transfer', 'direct_debit', 'online', 'check', 'other'] as const;
export const MOVEMENT_KINDS = ['invoice', 'debit_note', 'credit_note', 'payment', 'adjustment'] as const;
/** ISO codes the portal formats, and the AFIP code each one has in the QR payload. */
export const CURRENCIES: Record<string, string> = { ARS: 'PES', USD: 'DOL', EUR: '060', BRL: '012' };

export interface InvoiceLineInput {
  description: string;
  quantity?: Amount;
  unitPrice: Amount;
  vatRate?: Amount | null;
  amount: Amount;
}

export interface InvoiceInput {
  externalId: string;
  accountNumber: string;
  typeCode: number;
  /** `00008-00068421` or the older `0008-00068421`. */
  number: string;
  issueDate: string;
  /** Billing period, `YYYY-MM`. */
  period: string;
  serviceFrom?: string;
  serviceTo?: string;
  dueDate: string;
  secondDueDate?: string;
  secondDueTotal?: Amount;
  currency?: keyof typeof CURRENCIES;
  exchangeRate?: Amount;
  netAmount?: Amount;
  exemptAmount?: Amount;
  vatAmount?: Amount;
  otherTaxes?: Amount;
  total: Amount;
  cancelled?: boolean;
  /** For debit and credit notes: the invoice they adjust. */
  relatedInvoiceExternalId?: string;
  authorization?: { type?: 'E' | 'A'; code: string; dueDate: string };
  serviceType?: string;
  product?: string;
  recipient?: { name?: string; docType?: number; docNumber?: string; vatCondition?: string; address?: string };
  lines?: InvoiceLineInput[];
  /** The provider's own PDF; served instead of a generated one. Base64 over JSON. */
  originalPdf?: { filename?: string; content: Buffer | string };
}

export interface PaymentInput {
  externalId: string;
  accountNumber: string;
  invoiceExternalId?: string;
  paidOn: string;
  amount: Amount;
  method: (typeof PAYMENT_METHODS)[number];
  /** Who took the money: a bank, Rapipago, Pago Fácil, an online gateway… */
  collector?: string;
  reference?: string;
}

export interface MovementInput {
  externalId: string;
  accountNumber: string;
  date: string;
  kind: (typeof MOVEMENT_KINDS)[number];
  description: string;
  /** Signed: positive is a charge to the customer, negative a credit. */
  amount: Amount;
}

const id = { type: 'string', minLength: 1, maxLength: 64 };
const day = { type: 'string', format: 'date' };
const amount = { type: ['number', 'string'], pattern: '^-?\\d{1,12}(\\.\\d{1,2})?$' };
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });

const invoiceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['externalId', 'accountNumber', 'typeCode', 'number', 'issueDate', 'period', 'dueDate', 'total'],
  properties: {
    externalId: id,
    accountNumber: id,
    typeCode: { enum: INVOICE_TYPE_CODES },
    number: { type: 'string', pattern: '^\\d{1,5}-\\d{1,8}$' },
    issueDate: day,
    period: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' },
    serviceFrom: day,
    serviceTo: day,
    dueDate: day,
    secondDueDate: day,
    secondDueTotal: amount,
    currency: { enum: Object.keys(CURRENCIES) },
    exchangeRate: { type: ['number', 'string'], pattern: '^\\d{1,8}(\\.\\d{1,6})?$' },
    netAmount: amount,
    exemptAmount: amount,
    vatAmount: amount,
    otherTaxes: amount,
    total: amount,
    cancelled: { type: 'boolean' },
    relatedInvoiceExternalId: id,
    authorization: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'dueDate'],
      properties: { type: { enum: ['E', 'A'] }, code: { type: 'string', pattern: '^\\d{14}$' }, dueDate: day },
    },
    serviceType: text(64),
    product: text(255),
    recipient: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: text(255),
        docType: { type: 'integer', minimum: 0, maximum: 99 },
        docNumber: { type: 'string', pattern: '^\\d{1,20}$' },
        vatCondition: text(64),
        address: text(255),
      },
    },
    lines: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['description', 'unitPrice', 'amount'],
        properties: {
          description: text(255),
          quantity: { type: ['number', 'string'], pattern: '^\\d{1,9}(\\.\\d{1,3})?$' },
          unitPrice: amount,
          vatRate: { type: ['number', 'string', 'null'], pattern: '^\\d{1,3}(\\.\\d{1,2})?$' },
          amount,
        },
      },
    },
    originalPdf: {
      type: 'object',
      additionalProperties: false,
      required: ['content'],
      properties: { filename: { type: 'string', pattern: '^[\\w.\\- ]{1,200}\\.pdf$' }, content: {} },
    },
  },
};

const paymentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['externalId', 'accountNumber', 'paidOn', 'amount', 'method'],
  properties: {
    externalId: id,
    accountNumber: id,
    invoiceExternalId: id,
    paidOn: day,
    amount,
    method: { enum: [...PAYMENT_METHODS] },
    collector: text(64),
    reference: text(64),
  },
};

const movementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['externalId', 'accountNumber', 'date', 'kind', 'description', 'amount'],
  properties: {
    externalId: id,
    accountNumber: id,
    date: day,
    kind: { enum: [...MOVEMENT_KINDS] },
    description: text(255),
    amount,
  },
};

/** Published so the provider API can answer with the same rules it is checked against. */
export const inputSchemas = { invoice: invoiceSchema, payment: paymentSchema, movement: movementSchema };

// Compiled on first use: every CLI command and portal start loads this module, and compiling the
// three at import was about 6% of a `tenant validate`, which never checks an invoice.
const validators: Partial<Record<keyof typeof inputSchemas, ValidateFunction>> = {};

/** Every problem of `value` against one of the input schemas, as `field: message`. */
export function schemaProblems(kind: keyof typeof inputSchemas, value: unknown): string[] {
  const validate = (validators[kind] ??= ajv.compile(inputSchemas[kind]));
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(root)';
  if (error.keyword === 'additionalProperties') return `${field}: unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'required') return `${field === '(root)' ? '' : `${field}.`}${String(error.params.missingProperty)}: required`;
  return `${field}: ${error.message ?? 'invalid'}`;
}
