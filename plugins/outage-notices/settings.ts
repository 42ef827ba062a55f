import type { JsonSchema } from 'portal/sdk';

export interface Area {
  id: string;
  name: string;
}

export interface OutageNoticesSettings {
  areas: Area[];
  showOnDashboard: boolean;
}

/** `plugins.outage-notices` in a tenant file; ajv fills in the defaults. */
export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    areas: {
      type: 'array',
      default: [],
      description: 'The areas a notice can be for, and a customer can choose as theirs',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', description: 'Kept in the notices: never rename it' },
          name: { type: 'string', minLength: 1, maxLength: 80, description: 'What customers and operators read' },
        },
      },
    },
    showOnDashboard: { type: 'boolean', default: true, description: 'Show the current notices of the customer\'s area on the dashboard' },
  },
};

export function findArea(settings: OutageNoticesSettings, id: string | null | undefined): Area | undefined {
  return settings.areas.find((area) => area.id === id);
}
