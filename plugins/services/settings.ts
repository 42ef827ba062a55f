import type { JsonSchema } from 'portal/sdk';

export interface Plan {
  id: string;
  kind: string;
  name: string;
  description?: string;
  price?: number;
}

export interface ServicesSettings {
  plans: Plan[];
}

/**
 * What an internet provider typically sells, named as the provider's own billing system names its
 * plans (a service whose plan has this name is on this plan). Utilities and hosting providers set
 * their own catalogue; see README.md.
 */
export const DEFAULT_PLANS: Plan[] = [
  { id: 'fibra-100', kind: 'internet', name: 'Fibra Hogar 100 Mb', description: '100 Mb de bajada, 50 Mb de subida, wifi incluido' },
  { id: 'fibra-300', kind: 'internet', name: 'Fibra Hogar 300 Mb', description: '300 Mb de bajada, 150 Mb de subida, wifi 6 incluido' },
  { id: 'fibra-600', kind: 'internet', name: 'Fibra Hogar 600 Mb', description: '600 Mb simétricos, wifi 6 mesh' },
  { id: 'rural-20', kind: 'internet', name: 'Inalámbrico Rural 20 Mb', description: 'Enlace inalámbrico fijo para zonas sin fibra' },
  { id: 'rural-40', kind: 'internet', name: 'Inalámbrico Rural 40 Mb', description: 'Enlace inalámbrico fijo para zonas sin fibra' },
  { id: 'empresas-100', kind: 'internet', name: 'Fibra Empresas 100 Mb', description: '100 Mb simétricos con soporte prioritario' },
  { id: 'empresas-500', kind: 'internet', name: 'Fibra Empresas 500 Mb simétrico', description: '500 Mb simétricos con soporte prioritario' },
  { id: 'telefonia-hogar', kind: 'phone', name: 'Telefonía IP Hogar', description: 'Línea fija con llamadas locales libres' },
  { id: 'ip-fija', kind: 'ip', name: 'IP fija', description: 'Una dirección IPv4 pública fija' },
];

const plan = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'Stable id; requests store it' },
    kind: { type: 'string', minLength: 1, maxLength: 32, description: 'Kind of service, as the provider loads services (internet, phone, water, hosting…)' },
    name: { type: 'string', minLength: 1, maxLength: 255, description: 'As the service shows it: a service whose plan has this name is on this plan' },
    description: { type: 'string', maxLength: 255 },
    price: { type: 'number', minimum: 0, description: 'Monthly price in the tenant currency, shown to customers' },
  },
};

export const settingsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    plans: {
      type: 'array',
      items: plan,
      maxItems: 200,
      default: DEFAULT_PLANS,
      description: 'Plans the tenant offers: customers change to another plan of the same kind, or contract a new one',
    },
  },
};
