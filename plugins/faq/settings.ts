import type { JsonSchema } from 'portal/sdk';

export interface FaqEntry {
  question: string;
  answer: string;
  category?: string;
}

export interface FaqSettings {
  entries: FaqEntry[];
  showOnDashboard: boolean;
}

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    entries: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['question', 'answer'],
        properties: {
          question: { type: 'string', minLength: 1 },
          answer: { type: 'string', minLength: 1, description: 'Plain text; blank lines separate paragraphs' },
          category: { type: 'string' },
        },
      },
    },
    showOnDashboard: { type: 'boolean', default: true, description: 'Show the first three questions on the dashboard' },
  },
};
