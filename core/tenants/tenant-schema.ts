import type { JsonSchema } from '../plugins/define-plugin.ts';
import { LOCALES } from '../i18n/locales.ts';
import { localizedText } from '../schema/localized-text-schema.ts';

export { LOCALES };

const color = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', description: 'CSS colour as #rrggbb' };
/** Font stacks reach a <style> block: letters, digits, spaces, commas, quotes and dashes only. */
const fontStack = { type: 'string', pattern: '^[A-Za-z0-9 ,"\'_-]+$', description: 'CSS font-family list' };
const hostname = {
  type: 'string',
  pattern: '^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$',
  description: 'A hostname without scheme or port',
};

const branding = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    logo: { type: 'string', description: 'File in tenants/<id>/assets/ (e.g. logo.svg)' },
    colors: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        primary: { ...color, default: '#1f5fa8' },
        primaryText: { ...color, default: '#ffffff' },
        accent: { ...color, default: '#f2a900' },
        background: { ...color, default: '#f5f7fa' },
        surface: { ...color, default: '#ffffff' },
        text: { ...color, default: '#1b2430' },
      },
    },
    fonts: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        body: { ...fontStack, default: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
        heading: { ...fontStack, default: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
      },
    },
  },
};

/** Brands name only what they change; the tenant's values fill the rest, so no defaults here. */
function withoutDefaults(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDefaults);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).filter(([k]) => k !== 'default').map(([k, v]) => [k, withoutDefaults(v)]),
  );
}

const contact = {
  type: 'object',
  additionalProperties: false,
  default: {},
  properties: {
    phone: { type: 'string' },
    email: { type: 'string', format: 'email' },
    whatsapp: { type: 'string' },
    address: { type: 'string' },
    web: { type: 'string' },
    hours: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['days', 'from', 'to'],
        properties: {
          days: localizedText({ minLength: 1, maxLength: 120, description: 'e.g. "Lunes a viernes", or { es-AR: Lunes a viernes, en: Monday to Friday }' }),
          from: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
          to: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' },
        },
      },
    },
  },
};

/** Who the customer sees emails coming from; the address part defaults to the host's `mail.from`. */
const mail = {
  type: 'object',
  additionalProperties: false,
  default: {},
  description: "Sender of this provider's emails. Without it: the brand's name with the host's mail.from address, replies to contact.email.",
  properties: {
    fromName: { type: 'string', minLength: 1, maxLength: 100, description: 'Display name; default: the brand name' },
    fromAddress: { type: 'string', format: 'email', description: 'An address your mail server may send as (SPF/DKIM)' },
    replyTo: { type: 'string', format: 'email', description: 'Where customer replies go; default: contact.email' },
    logo: {
      type: 'string',
      pattern: '\\.(png|jpe?g|gif)$',
      description:
        'PNG, JPEG or GIF in tenants/<id>/assets/ shown at the top of emails, sent inside the message. Most mail clients (Gmail, Outlook) show no SVG. Default: branding.logo when it is one of these; else the brand name alone.',
    },
  },
};

/**
 * The core part of a tenant file. Plugin settings under `plugins.<name>` are validated by each
 * plugin's own schema; `tenantFileSchema()` merges both for editors.
 */
export const tenantCoreSchema: JsonSchema = {
  $id: 'https://portal.example/schemas/tenant.json',
  title: 'Portal tenant file',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'hostnames'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Must equal the file name' },
    name: { type: 'string', minLength: 1 },
    hostnames: { type: 'array', items: hostname, minItems: 1, uniqueItems: true },
    locale: { enum: [...LOCALES], default: 'es-AR' },
    locales: { type: 'array', items: { enum: [...LOCALES] }, uniqueItems: true, minItems: 1, default: [...LOCALES] },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', default: 'ARS' },
    timezone: { type: 'string', default: 'America/Argentina/Buenos_Aires' },
    theme: { type: 'string', default: 'default' },
    themeSettings: { type: 'object', default: {} },
    branding,
    contact,
    mail,
    brands: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'hostnames'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
          name: { type: 'string', minLength: 1 },
          hostnames: { type: 'array', items: hostname, minItems: 1, uniqueItems: true },
          branding: withoutDefaults(branding),
          contact: withoutDefaults(contact),
          mail: withoutDefaults(mail),
        },
      },
    },
    plugins: {
      type: 'object',
      default: {},
      description: 'Enabled plugins: name → settings ({} or null for the defaults)',
      additionalProperties: { type: ['object', 'null'] },
    },
  },
};

/** The schema published for editors: core plus every known plugin's settings. */
export function tenantFileSchema(pluginSchemas: Record<string, JsonSchema | undefined>): JsonSchema {
  const pluginProps: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(pluginSchemas)) {
    pluginProps[name] = { anyOf: [schema ?? { type: 'object' }, { type: 'null' }] };
  }
  const core = tenantCoreSchema as { properties: Record<string, JsonSchema> };
  return {
    ...tenantCoreSchema,
    properties: {
      ...core.properties,
      plugins: { ...core.properties.plugins, properties: pluginProps, additionalProperties: false },
    },
  };
}
