import type { Ajv } from 'ajv';
import { LOCALES } from '../i18n/locales.ts';
import type { JsonSchema } from '../plugins/define-plugin.ts';

/** Where a schema written as data (a theme's `theme.yaml`) points with `$ref` for a LocalizedText. */
export const LOCALIZED_TEXT_ID = 'https://portal.example/schemas/localized-text.json';

/** Marks a LocalizedText in a schema, so the tenant loader finds every map a file writes, wherever. */
const KEYWORD = 'localizedText';

export interface TextLimits {
  minLength?: number;
  maxLength?: number;
  description?: string;
}

/**
 * The JSON Schema of a LocalizedText: a string, or `{ es-AR: …, en: … }` with at least one
 * language; the limits apply to each text. For core's tenant schema and plugins' settings
 * schemas (`localizedText({ minLength: 1, maxLength: 80 })` from portal/sdk).
 */
export function localizedText(limits: TextLimits = {}): JsonSchema {
  const { description, ...lengths } = limits;
  const text = { type: 'string', ...lengths };
  return {
    [KEYWORD]: true,
    description: description ?? 'Text, or one per language: { es-AR: …, en: … }',
    anyOf: [
      text,
      { type: 'object', additionalProperties: false, minProperties: 1, properties: Object.fromEntries(LOCALES.map((l) => [l, text])) },
    ],
  };
}

/** The same, `$ref`-able by id (`$ref: https://portal.example/schemas/localized-text.json`): any non-empty text. */
export const localizedTextSchema: JsonSchema = { $id: LOCALIZED_TEXT_ID, title: 'LocalizedText', ...localizedText({ minLength: 1 }) };

/** A map by language found while validating, at `instancePath` (a JSON pointer) of the validated data. */
export type FoundText = (map: Record<string, string>, instancePath: string) => void;

/**
 * Teaches an ajv instance LocalizedText: the marking keyword (which never fails; the `anyOf`
 * does the checking) and the `$ref`-able schema. `found` hears of every map validated.
 */
export function addLocalizedText(ajv: Ajv, found?: FoundText): Ajv {
  ajv.addKeyword({
    keyword: KEYWORD,
    schemaType: 'boolean',
    errors: false,
    validate: (on: boolean, data: unknown, _parent: unknown, cxt?: { instancePath: string }) => {
      if (on && found && data && typeof data === 'object' && !Array.isArray(data)) found(data as Record<string, string>, cxt?.instancePath ?? '');
      return true;
    },
  });
  ajv.addSchema(localizedTextSchema);
  return ajv;
}

/** A schema for editors, which know no `$id` of ours: each `$ref` to it points into the document's `$defs`. */
export function withLocalizedTextDefs(schema: JsonSchema): JsonSchema {
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = key === '$ref' && value === LOCALIZED_TEXT_ID ? '#/$defs/localizedText' : inline(value);
    return out;
  };
  const { $id: _id, ...definition } = localizedTextSchema;
  return { ...(inline(schema) as JsonSchema), $defs: { ...(schema.$defs as object | undefined), localizedText: definition } };
}
