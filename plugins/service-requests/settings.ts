import { localizedText, type JsonSchema, type LocalizedText } from 'portal/sdk';

export interface ServiceRequestsSettings {
  disabledTypes: string[];
  reconnectionFee: { amount: number; description?: LocalizedText };
  attentionAfterDays: number;
  maxDocumentsPerRequest: number;
  replyFileBytes: number;
  sla: RequestSla;
}

/** Promised times in plain hours from the filing; 0: no promise. */
export interface RequestSlaHours {
  /** Until an operator first acts on it (review, a question or a decision). */
  firstAnswerHours: number;
  /** Until it is approved or rejected. */
  resolutionHours: number;
}

export interface RequestSla extends RequestSlaHours {
  /** Per request type id, replacing the hours above. */
  types: Record<string, Partial<RequestSlaHours>>;
  warnHours: number;
  /** Who is mailed before a promise runs out; empty: the operators who decide requests. */
  notify: string[];
}

const slaHours = { type: 'integer', minimum: 0, maximum: 8760 };

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    disabledTypes: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
      uniqueItems: true,
      default: [],
      description: 'Request types this tenant does not offer, e.g. [reconnection]; types come from service-requests and the plugins that declare them',
    },
    reconnectionFee: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Charged on the statement when a reconnection is approved (needs the invoices plugin; otherwise nothing is charged)',
      properties: {
        amount: { type: 'number', minimum: 0, maximum: 10_000_000, default: 0, description: 'In the tenant currency; 0 charges nothing' },
        description: localizedText({ minLength: 1, maxLength: 120, description: 'Statement line, written in the tenant\'s default language; default "Cargo de reconexión (solicitud N° …)"' }),
      },
    },
    attentionAfterDays: {
      type: 'integer',
      minimum: 1,
      maximum: 60,
      default: 3,
      description: 'An open request older than this many days highlights the back-office overview card',
    },
    maxDocumentsPerRequest: {
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: 12,
      description: 'Files one request may hold in all, counting those added when more information was asked',
    },
    replyFileBytes: { type: 'integer', minimum: 100_000, maximum: 5_000_000, default: 5_000_000, description: 'Largest file a customer may add to an answer' },
    sla: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Promised times, in plain hours counted from the filing (nights and weekends included); 0: no promise',
      properties: {
        firstAnswerHours: { ...slaHours, default: 0, description: 'Hours until an operator first acts on a request (review, question or decision)' },
        resolutionHours: { ...slaHours, default: 0, description: 'Hours until a request is approved or rejected' },
        warnHours: { type: 'integer', minimum: 1, maximum: 168, default: 4, description: 'Mail the team this many hours before a promise runs out' },
        notify: { type: 'array', uniqueItems: true, maxItems: 20, items: { type: 'string', format: 'email' }, default: [], description: 'Who gets those mails; empty: the operators who decide requests' },
        types: {
          type: 'object',
          default: {},
          description: 'Per request type id: { firstAnswerHours, resolutionHours } replacing the hours above',
          propertyNames: { pattern: '^[a-z][a-z0-9-]{1,62}$' },
          additionalProperties: { type: 'object', additionalProperties: false, properties: { firstAnswerHours: slaHours, resolutionHours: slaHours } },
        },
      },
    },
  },
};
