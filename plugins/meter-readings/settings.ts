import type { JsonSchema } from 'portal/sdk';

export type MeterKind = 'water' | 'electricity' | 'gas';
export type PhotoPolicy = 'off' | 'optional' | 'required';

export interface WindowSettings {
  /** `daysBefore`: from N days before each scheduled reading date to that date; `fixedDays`: the same days every month. */
  rule: 'daysBefore' | 'fixedDays';
  daysBefore: number;
  fromDay: number;
  toDay: number;
}

export interface MeterReadingsSettings {
  window: WindowSettings;
  plausibilityFactor: number;
  photo: PhotoPolicy;
  photoMaxBytes: number;
  units: Record<MeterKind, string>;
  chartPeriods: number;
  reminders: boolean;
}

const dayOfMonth = { type: 'integer', minimum: 1, maximum: 31 };

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    window: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'When customers may submit a reading, in the tenant time zone',
      properties: {
        rule: {
          enum: ['daysBefore', 'fixedDays'],
          default: 'daysBefore',
          description: 'daysBefore: N days before each scheduled reading date up to that date; fixedDays: fromDay..toDay of every month',
        },
        daysBefore: { type: 'integer', minimum: 1, maximum: 28, default: 5 },
        fromDay: { ...dayOfMonth, default: 20, description: 'First day of the monthly window; 31 means the last day of shorter months' },
        toDay: { ...dayOfMonth, default: 25, description: 'Last day of the monthly window; smaller than fromDay wraps into the next month' },
      },
    },
    plausibilityFactor: {
      type: 'number',
      minimum: 1.1,
      maximum: 20,
      default: 3,
      description: 'A daily consumption this many times above (or below) the usual one asks the customer to confirm the reading',
    },
    photo: { enum: ['off', 'optional', 'required'], default: 'optional', description: 'Photo of the meter with the reading' },
    photoMaxBytes: { type: 'integer', minimum: 100_000, maximum: 20_000_000, default: 5_000_000 },
    units: {
      type: 'object',
      additionalProperties: false,
      default: {},
      description: 'Unit shown for each kind of meter when the provider does not send one',
      properties: {
        water: { type: 'string', minLength: 1, maxLength: 16, default: 'm³' },
        electricity: { type: 'string', minLength: 1, maxLength: 16, default: 'kWh' },
        gas: { type: 'string', minLength: 1, maxLength: 16, default: 'm³' },
      },
    },
    chartPeriods: { type: 'integer', minimum: 12, maximum: 24, default: 12, description: 'Periods drawn in the consumption chart' },
    reminders: { type: 'boolean', default: true, description: 'Offer customers an email when their reading window opens' },
  },
};
