import { localize, localizedText, type JsonSchema, type Locale, type LocalizedText, type UploadKind } from 'portal/sdk';

export interface Category {
  id: string;
  label: LocalizedText;
}

export interface TicketsSettings {
  categories: Category[];
  services: {
    /** Service kinds a ticket may be about; empty: every kind. */
    kinds: string[];
    statuses: string[];
    /** A ticket must name one of the customer's services (when the customer has any). */
    required: boolean;
  };
  /** Tickets waiting for the customer this many days are closed; 0 never closes them. */
  autoCloseDays: number;
  /** A closed ticket can be reopened for this many days; 0: always. */
  reopenDays: number;
  attachments: {
    maxFiles: number;
    maxBytes: number;
    kinds: UploadKind[];
  };
  /** Who hears of new tickets, and of customer replies to tickets nobody is assigned to. */
  notify: string[];
  /** Show the operator's name on replies; otherwise "the support team". */
  showStaffNames: boolean;
  /** Where numbering starts for a tenant that brings its old numbers along. */
  firstNumber: number;
  sla: SlaSettings;
}

/** Promised times in plain hours from the opening; 0: no promise. */
export interface SlaHours {
  firstAnswerHours: number;
  resolutionHours: number;
}

export interface SlaSettings extends SlaHours {
  /** Per category id, replacing the tenant-wide hours. */
  categories: Record<string, Partial<SlaHours>>;
  /** How long before a promise runs out the operator (or the team) is mailed. */
  warnHours: number;
}

const hours = { type: 'integer', minimum: 0, maximum: 8760 };
const slaHours = { ...hours, default: 0 };

export const DEFAULT_CATEGORIES: Category[] = [
  { id: 'technical', label: { 'es-AR': 'Problema técnico', en: 'Technical problem' } },
  { id: 'billing', label: { 'es-AR': 'Facturación y pagos', en: 'Billing and payments' } },
  { id: 'service-change', label: { 'es-AR': 'Cambios en el servicio', en: 'Changes to a service' } },
  { id: 'other', label: { 'es-AR': 'Otra consulta', en: 'Other question' } },
];

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    categories: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      default: DEFAULT_CATEGORIES,
      description: 'What a customer can open a ticket about; `id` is stored with the ticket, so keep it when renaming the label',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,47}$' },
          label: localizedText({ minLength: 1, maxLength: 80 }),
        },
      },
    },
    services: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Which of the customer’s services a ticket can be about',
      properties: {
        kinds: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, default: [], description: 'Service kinds offered (internet, water, hosting…); empty: all' },
        statuses: {
          type: 'array',
          items: { enum: ['active', 'suspended', 'cut', 'cancelled'] },
          uniqueItems: true,
          default: ['active', 'suspended', 'cut'],
        },
        required: { type: 'boolean', default: false, description: 'Customers with services must choose one' },
      },
    },
    autoCloseDays: { type: 'integer', minimum: 0, maximum: 365, default: 7, description: 'Close tickets waiting this many days for the customer’s answer; 0: never' },
    reopenDays: { type: 'integer', minimum: 0, maximum: 3650, default: 30, description: 'Days after closing during which the customer can reopen a ticket; 0: always' },
    attachments: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxFiles: { type: 'integer', minimum: 0, maximum: 5, default: 3, description: 'Files per message; 0: no attachments' },
        maxBytes: { type: 'integer', minimum: 10_000, maximum: 10_000_000, default: 5_000_000, description: 'Size limit of each file' },
        kinds: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: ['pdf', 'jpg', 'png', 'webp'] },
          default: ['pdf', 'jpg', 'png'],
        },
      },
    },
    notify: {
      type: 'array',
      uniqueItems: true,
      maxItems: 20,
      items: { type: 'string', format: 'email' },
      default: [],
      description: 'Staff addresses told of new tickets, and of customer replies on tickets nobody is assigned to; empty: the operators who answer tickets (support role), or the administrators while there are none',
    },
    showStaffNames: { type: 'boolean', default: true, description: 'Customers see the operator’s name on replies' },
    firstNumber: { type: 'integer', minimum: 1, maximum: 100_000_000, default: 1, description: 'Number of the first ticket (for providers bringing old numbers); later changes have no effect' },
    sla: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Promised times, in plain hours counted from the opening (nights and weekends included); 0: no promise',
      properties: {
        firstAnswerHours: { ...slaHours, description: 'Hours until the first answer of the provider' },
        resolutionHours: { ...slaHours, description: 'Hours until the ticket is closed' },
        warnHours: { type: 'integer', minimum: 1, maximum: 168, default: 2, description: 'Mail the assigned operator (or the team) this many hours before a promise runs out' },
        categories: {
          type: 'object',
          default: {},
          description: 'Per category id: { firstAnswerHours, resolutionHours } replacing the hours above',
          propertyNames: { pattern: '^[a-z0-9][a-z0-9-]{0,47}$' },
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: { firstAnswerHours: hours, resolutionHours: hours },
          },
        },
      },
    },
  },
};

/** The label in the asked language, else the id (a category the tenant since removed). */
export function localised(text: LocalizedText | undefined, locale: Locale, fallback: string): string {
  return text === undefined ? fallback : localize(text, locale) || fallback;
}

export function categoryLabel(settings: TicketsSettings, id: string, locale: Locale): string {
  return localised(settings.categories.find((c) => c.id === id)?.label, locale, id);
}
