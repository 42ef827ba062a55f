import { localizedText, type JsonSchema, type LocalizedText } from 'portal/sdk';

export interface Plan {
  id: string;
  kind: string;
  /** The name in the tenant's default language is the one its billing system gives services on this plan. */
  name: LocalizedText;
  description?: LocalizedText;
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
  { id: 'fibra-100', kind: 'internet', name: { 'es-AR': 'Fibra Hogar 100 Mb', en: 'Home Fibre 100 Mb' }, description: { 'es-AR': '100 Mb de bajada, 50 Mb de subida, wifi incluido', en: '100 Mb down, 50 Mb up, wifi included' } },
  { id: 'fibra-300', kind: 'internet', name: { 'es-AR': 'Fibra Hogar 300 Mb', en: 'Home Fibre 300 Mb' }, description: { 'es-AR': '300 Mb de bajada, 150 Mb de subida, wifi 6 incluido', en: '300 Mb down, 150 Mb up, wifi 6 included' } },
  { id: 'fibra-600', kind: 'internet', name: { 'es-AR': 'Fibra Hogar 600 Mb', en: 'Home Fibre 600 Mb' }, description: { 'es-AR': '600 Mb simétricos, wifi 6 mesh', en: '600 Mb symmetric, wifi 6 mesh' } },
  { id: 'rural-20', kind: 'internet', name: { 'es-AR': 'Inalámbrico Rural 20 Mb', en: 'Rural Wireless 20 Mb' }, description: { 'es-AR': 'Enlace inalámbrico fijo para zonas sin fibra', en: 'Fixed wireless link where there is no fibre' } },
  { id: 'rural-40', kind: 'internet', name: { 'es-AR': 'Inalámbrico Rural 40 Mb', en: 'Rural Wireless 40 Mb' }, description: { 'es-AR': 'Enlace inalámbrico fijo para zonas sin fibra', en: 'Fixed wireless link where there is no fibre' } },
  { id: 'empresas-100', kind: 'internet', name: { 'es-AR': 'Fibra Empresas 100 Mb', en: 'Business Fibre 100 Mb' }, description: { 'es-AR': '100 Mb simétricos con soporte prioritario', en: '100 Mb symmetric with priority support' } },
  { id: 'empresas-500', kind: 'internet', name: { 'es-AR': 'Fibra Empresas 500 Mb simétrico', en: 'Business Fibre 500 Mb symmetric' }, description: { 'es-AR': '500 Mb simétricos con soporte prioritario', en: '500 Mb symmetric with priority support' } },
  { id: 'telefonia-hogar', kind: 'phone', name: { 'es-AR': 'Telefonía IP Hogar', en: 'Home IP Telephony' }, description: { 'es-AR': 'Línea fija con llamadas locales libres', en: 'Landline with free local calls' } },
  { id: 'ip-fija', kind: 'ip', name: { 'es-AR': 'IP fija', en: 'Static IP' }, description: { 'es-AR': 'Una dirección IPv4 pública fija', en: 'One static public IPv4 address' } },
];

const plan = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'name'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'Stable id; requests store it' },
    kind: { type: 'string', minLength: 1, maxLength: 32, description: 'Kind of service, as the provider loads services (internet, phone, water, hosting…)' },
    name: localizedText({
      minLength: 1,
      maxLength: 255,
      description: 'As the service shows it: a service whose plan has this name (in any language) is on this plan; one per language: { es-AR: …, en: … }, the default language\'s as the billing system names it',
    }),
    description: localizedText({ maxLength: 255 }),
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
