import { localizedText, type JsonSchema, type LocalizedText } from 'portal/sdk';

export interface FaqEntry {
  question: LocalizedText;
  answer: LocalizedText;
  category?: LocalizedText;
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
          question: localizedText({ minLength: 1 }),
          answer: localizedText({ minLength: 1, description: 'Plain text (blank lines separate paragraphs), or one per language: { es-AR: …, en: … }' }),
          category: localizedText({ minLength: 1 }),
        },
      },
    },
    showOnDashboard: { type: 'boolean', default: true, description: 'Show the first three questions on the dashboard' },
  },
};
