import type { JsonSchema, SettingsProblem } from 'portal/sdk';
import { INVOICE_TYPE_CODES, INVOICE_TYPES } from './domain/invoice-types.ts';
import { isValidCuit } from './domain/cuit.ts';
import { defaultTypesOf, issuerLetters, mayIssue } from './domain/issuer-letters.ts';

export const VAT_CONDITIONS = ['Responsable Inscripto', 'IVA Sujeto Exento', 'Responsable Monotributo', 'Monotributista Social'] as const;
export const EXPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface IssuerSettings {
  legalName?: string;
  cuit?: string;
  grossIncomeNumber?: string;
  activityStart?: string;
  vatCondition?: (typeof VAT_CONDITIONS)[number];
  address?: string;
}

export interface InvoicesSettings {
  periodsShown: number;
  issuer: IssuerSettings;
  /** As written in the tenant file; read it through issuedTypes(), which fills it from the VAT condition. */
  invoiceTypes?: number[];
  pdfTemplate: 'classic' | 'compact';
  pdfLogos: Record<string, string>;
  exportFormats: ExportFormat[];
  statementPageSize: number;
  defaultDelivery: 'email' | 'paper';
  notifyImported: boolean;
}

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    periodsShown: { type: 'integer', minimum: 1, maximum: 60, default: 6, description: 'Billing periods the invoice list shows, newest first' },
    issuer: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Fiscal data of the issuer printed on every generated invoice',
      properties: {
        legalName: { type: 'string', minLength: 1, description: 'Razón social' },
        cuit: { type: 'string', pattern: '^\\d{2}-?\\d{8}-?\\d$', description: 'CUIT, e.g. 33-69345023-9 (the check digit is verified)' },
        grossIncomeNumber: { type: 'string', minLength: 1, description: 'Ingresos Brutos number' },
        activityStart: { type: 'string', format: 'date', description: 'Inicio de actividades, YYYY-MM-DD' },
        vatCondition: { enum: [...VAT_CONDITIONS], description: 'Condición frente al IVA' },
        address: { type: 'string', minLength: 1, description: 'Domicilio comercial' },
      },
    },
    invoiceTypes: {
      type: 'array',
      items: { enum: INVOICE_TYPE_CODES },
      uniqueItems: true,
      minItems: 1,
      description:
        'AFIP voucher codes this provider issues; others are refused when loaded. Left out: those issuer.vatCondition allows ' +
        '(1, 2, 3, 6, 7, 8 for a Responsable Inscripto; 11, 12, 13 for exempt and monotributo issuers; all nine without a condition). ' +
        'A code the condition does not allow is an error',
    },
    pdfTemplate: { enum: ['classic', 'compact'], default: 'classic', description: 'Layout of generated invoice PDFs' },
    pdfLogos: {
      type: 'object',
      default: {},
      additionalProperties: { type: 'string', pattern: '^[\\w.-]+\\.(png|jpe?g)$' },
      description: 'Brand id → PNG or JPEG file in tenants/<id>/assets/ for PDFs; needed when the brand logo is SVG, which PDFs cannot embed',
    },
    exportFormats: {
      type: 'array',
      items: { enum: [...EXPORT_FORMATS] },
      uniqueItems: true,
      default: [...EXPORT_FORMATS],
      description: 'Formats the current-account statement can be downloaded in',
    },
    statementPageSize: { type: 'integer', minimum: 5, maximum: 200, default: 20, description: 'Movements per statement page' },
    defaultDelivery: { enum: ['email', 'paper'], default: 'paper', description: 'Delivery for accounts whose customer has not chosen one' },
    notifyImported: {
      type: 'boolean',
      default: false,
      description:
        'Email invoices loaded with `portal import <tenant> invoices <file>` as if loaded one by one through the API: each NEW invoice or debit note ' +
        '(not credit notes, not cancelled ones, not updates of invoices already loaded) goes with its PDF to accounts on electronic delivery, ' +
        'within about a minute, once. Turn it on for the monthly bulk load; leave it off while loading past invoices (a migration), which must stay silent',
    },
  },
};

/**
 * What JSON Schema cannot say: the CUIT's check digit, and voucher types the issuer's VAT
 * condition rules out (an exempt issuer's Factura A). The tenant loader turns each problem into
 * a file:line:field error, so a wrong CUIT never reaches a printed invoice.
 */
export function validateSettings(settings: Record<string, unknown>): SettingsProblem[] {
  const { issuer, invoiceTypes = [] } = settings as unknown as InvoicesSettings;
  const problems: SettingsProblem[] = [];
  if (issuer?.cuit && !isValidCuit(issuer.cuit)) problems.push({ path: ['issuer', 'cuit'], message: `"${issuer.cuit}" has a wrong check digit` });
  invoiceTypes.forEach((code, i) => {
    if (mayIssue(issuer?.vatCondition, code)) return;
    const letters = issuerLetters(issuer?.vatCondition).join(', ');
    const letter = INVOICE_TYPES.get(code)?.letter;
    problems.push({ path: ['invoiceTypes', i], message: `${code} is a type ${letter} voucher; an issuer "${issuer?.vatCondition}" (issuer.vatCondition) issues only ${letters}` });
  });
  return problems;
}

/** The voucher codes the provider issues: the tenant's list, or the common ones its VAT condition allows. */
export function issuedTypes(settings: Pick<InvoicesSettings, 'invoiceTypes' | 'issuer'>): number[] {
  return settings.invoiceTypes ?? defaultTypesOf(settings.issuer?.vatCondition);
}
