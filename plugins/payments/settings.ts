import { localizedText, type JsonSchema, type LocalizedText } from 'portal/sdk';

/** What every gateway entry in a tenant file may say, whatever the adapter. */
export interface GatewaySettings {
  /** Shown to customers when choosing how to pay; the adapter's own name when left out. */
  label?: LocalizedText;
  /** Recorded on the invoice as the collecting entity ("cobrado por"); the adapter's when left out. */
  collector?: string;
  /** AFIP voucher codes payable through this gateway; every type when left out. */
  invoiceTypes?: number[];
  /** Adapter-specific keys: names of environment variables holding secrets, API base URL… */
  [key: string]: unknown;
}

export type CouponField = 'company' | 'reference' | 'amount' | 'dueDate' | 'surcharge' | 'secondDueDays' | 'secondDueDate' | 'fixed' | 'check';

export interface CouponBlock {
  field: CouponField;
  /** Digits of the block; dates (`yyddd`) and check digits have their own width. */
  length?: number;
  /** Digits of a `fixed` block. */
  value?: string;
}

export interface CouponSettings {
  enabled: boolean;
  companyCode: string;
  /** What the `reference` block carries: the account number's digits or the invoice number. */
  reference: 'account' | 'invoice';
  layout: CouponBlock[];
  /** Due date printed on a coupon for an amount (no invoice): days from today. */
  validDays: number;
  collectors: string[];
}

export interface PaymentsSettings {
  gateways: Record<string, GatewaySettings>;
  /** Seed 002: online payment of invoices only while the account's balance is below this; pay in advance only above it (or with nothing owed). */
  payButtonLimit: number;
  advance: { enabled: boolean; min: number; max: number };
  signatureToleranceSeconds: number;
  reconcile: { afterMinutes: number; forDays: number; expireAfterHours: number };
  coupon: CouponSettings;
  reports: { enabled: boolean; maxBytes: number };
  agreements: { enabled: boolean; minInstalments: number; maxInstalments: number; minDownPaymentPercent: number; minDebt: number };
}

const envName = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,63}$', description: 'Name of an environment variable (its value is the secret; never put the secret here)' };
const httpUrl = { type: 'string', pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', description: 'Base URL of the gateway API; the public one when left out' };

const common = {
  label: localizedText({ minLength: 1, maxLength: 64, description: 'Name customers choose ("Mercado Pago", or { es-AR: Tarjeta de crédito, en: Credit card })' }),
  collector: { type: 'string', minLength: 1, maxLength: 64, description: 'Collecting entity recorded on the paid invoice' },
  invoiceTypes: {
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 999 },
    uniqueItems: true,
    minItems: 1,
    description: 'AFIP voucher codes payable through this gateway; all when left out',
  },
};

const gatewaysSchema = {
  type: 'object',
  default: {},
  description: 'Enabled gateways, in the order customers see them; each key is an adapter id',
  properties: {
    mercadopago: {
      type: 'object',
      additionalProperties: false,
      required: ['accessTokenEnv', 'webhookSecretEnv'],
      properties: { ...common, accessTokenEnv: envName, webhookSecretEnv: envName, apiBase: httpUrl },
    },
    stripe: {
      type: 'object',
      additionalProperties: false,
      required: ['secretKeyEnv', 'webhookSecretEnv'],
      properties: { ...common, secretKeyEnv: envName, webhookSecretEnv: envName, apiBase: httpUrl },
    },
    sandbox: { type: 'object', additionalProperties: false, properties: { ...common } },
  },
  // Gateways other plugins register: their own keys, checked by their adapter when used.
  additionalProperties: { type: 'object', properties: { ...common } },
};

const couponBlock = {
  type: 'object',
  additionalProperties: false,
  required: ['field'],
  properties: {
    field: { enum: ['company', 'reference', 'amount', 'dueDate', 'surcharge', 'secondDueDays', 'secondDueDate', 'fixed', 'check'] },
    length: { type: 'integer', minimum: 1, maximum: 20 },
    value: { type: 'string', pattern: '^\\d{1,20}$' },
  },
};

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    gateways: gatewaysSchema,
    payButtonLimit: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 500000,
      description: 'Online payment of invoices shows only when 0 < the account balance < this; pay in advance only when nothing is owed or more than this',
    },
    advance: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Paying an amount on account ("pago a cuenta")',
      properties: {
        enabled: { type: 'boolean', default: true },
        min: { type: 'number', exclusiveMinimum: 0, default: 1000 },
        max: { type: 'number', exclusiveMinimum: 0, default: 2000000 },
      },
    },
    signatureToleranceSeconds: { type: 'integer', minimum: 30, maximum: 3600, default: 300, description: 'Older signed notifications are refused' },
    reconcile: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'The job that asks gateways about payments left pending',
      properties: {
        afterMinutes: { type: 'integer', minimum: 1, maximum: 1440, default: 10 },
        forDays: { type: 'integer', minimum: 1, maximum: 60, default: 7 },
        expireAfterHours: { type: 'integer', minimum: 1, maximum: 720, default: 48 },
      },
    },
    coupon: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Printable payment coupon with an Interleaved 2 of 5 barcode for cash networks',
      properties: {
        enabled: { type: 'boolean', default: false },
        companyCode: { type: 'string', pattern: '^\\d{1,10}$', default: '0000', description: 'Code the collector assigned to the provider' },
        reference: { enum: ['account', 'invoice'], default: 'account' },
        layout: {
          type: 'array',
          items: couponBlock,
          minItems: 2,
          maxItems: 16,
          default: [
            { field: 'company', length: 4 },
            { field: 'reference', length: 10 },
            { field: 'amount', length: 8 },
            { field: 'dueDate' },
            { field: 'surcharge', length: 6 },
            { field: 'secondDueDays', length: 2 },
            { field: 'check' },
          ],
          description: 'Blocks of the barcode digits, in order',
        },
        validDays: { type: 'integer', minimum: 1, maximum: 60, default: 10 },
        collectors: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 40 }, default: ['Rapipago', 'Pago Fácil'] },
      },
    },
    reports: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Customers telling about a payment made elsewhere, with the receipt',
      properties: {
        enabled: { type: 'boolean', default: true },
        maxBytes: { type: 'integer', minimum: 100_000, maximum: 5_000_000, default: 3_000_000 },
      },
    },
    agreements: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Payment agreements ("planes de pago") customers may request',
      properties: {
        enabled: { type: 'boolean', default: true },
        minInstalments: { type: 'integer', minimum: 1, maximum: 60, default: 2 },
        maxInstalments: { type: 'integer', minimum: 1, maximum: 60, default: 12 },
        minDownPaymentPercent: { type: 'number', minimum: 0, maximum: 90, default: 10 },
        minDebt: { type: 'number', minimum: 0, default: 10000, description: 'Balance needed to ask for an agreement' },
      },
    },
  },
};
