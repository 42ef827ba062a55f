import { Ajv } from 'ajv';
import { addFormats } from 'portal/sdk';
import type { MeterKind } from '../settings.ts';
import type { LocalDate } from '../domain/local-date.ts';

export interface MeterInput {
  /** The provider's id of the meter: loading it again updates it. */
  externalId: string;
  accountNumber: string;
  /** The provider's id of the account service (water supply, electricity supply) it measures. */
  serviceExternalId?: string | null;
  number: string;
  kind: MeterKind;
  /** Leave out to use the tenant's unit for the kind. */
  unit?: string | null;
  digits: number;
  /** Register codes, e.g. ["peak", "offpeak"]; ["total"] when left out. */
  registers?: string[];
  route?: string | null;
  address?: string | null;
}

/**
 * Scheduled reading dates of a route or of one meter. The dates given replace that route's (or
 * meter's) dates on and after `replaceFrom` (default: the earliest date given), so a date moved
 * to another day does not leave the old one behind.
 */
export interface ScheduleInput {
  route?: string;
  meterExternalId?: string;
  dates: LocalDate[];
  replaceFrom?: LocalDate;
}

export interface ReadingInput {
  externalId: string;
  meterExternalId: string;
  register?: string;
  readOn: LocalDate;
  value: number;
  source: 'company' | 'estimated' | 'telemetry';
  /** The provider's id of an estimated reading that this real one corrects. */
  replaces?: string | null;
}

export class ProviderInputError extends Error {}

const id = { type: 'string', minLength: 1, maxLength: 64 };
const code = { type: 'string', pattern: '^[a-z][a-z0-9-]{0,15}$' };
const date = { type: 'string', format: 'date' };
const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max });

// strictRequired is off because oneOf names properties declared beside it, which ajv's strict mode cannot see.
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));

/** One meter, schedule entry and reading as loaded; exported so the provider API and bulk import check the same rules. */
export const inputSchemas = {
  meter: {
    type: 'object',
    additionalProperties: false,
    required: ['externalId', 'accountNumber', 'number', 'kind', 'digits'],
    properties: {
      externalId: id,
      accountNumber: id,
      serviceExternalId: { type: ['string', 'null'], minLength: 1, maxLength: 64 },
      number: id,
      kind: { enum: ['water', 'electricity', 'gas'] },
      unit: nullableText(16),
      digits: { type: 'integer', minimum: 1, maximum: 12 },
      registers: { type: 'array', items: code, minItems: 1, maxItems: 6, uniqueItems: true },
      route: nullableText(64),
      address: nullableText(255),
    },
  },
  schedule: {
    type: 'object',
    additionalProperties: false,
    required: ['dates'],
    oneOf: [{ required: ['route'] }, { required: ['meterExternalId'] }],
    properties: { route: id, meterExternalId: id, dates: { type: 'array', items: date, uniqueItems: true }, replaceFrom: date },
  },
  reading: {
    type: 'object',
    additionalProperties: false,
    required: ['externalId', 'meterExternalId', 'readOn', 'value', 'source'],
    properties: {
      externalId: id,
      meterExternalId: id,
      register: code,
      readOn: date,
      value: { type: 'integer', minimum: 0, maximum: 999_999_999_999 },
      source: { enum: ['company', 'estimated', 'telemetry'] },
      replaces: { type: ['string', 'null'], minLength: 1, maxLength: 64 },
    },
  },
};

const validators = {
  meters: ajv.compile({ type: 'array', items: inputSchemas.meter }),
  schedule: ajv.compile({ type: 'array', items: inputSchemas.schedule }),
  readings: ajv.compile({ type: 'array', items: inputSchemas.reading }),
};

/** Throws ProviderInputError naming each bad item and field (`/3/digits must be <= 12`). */
export function validateInput(kind: keyof typeof validators, input: unknown): void {
  const validate = validators[kind];
  if (validate(input)) return;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  throw new ProviderInputError(`invalid ${kind}: ${[...new Set(problems)].join('; ')}`);
}
