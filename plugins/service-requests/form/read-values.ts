import type { JsonSchema } from 'portal/sdk';

type Property = Record<string, any>;

export function propertiesOf(schema: JsonSchema): [string, Property][] {
  return Object.entries((schema.properties ?? {}) as Record<string, Property>);
}

/** A browser sends "on" for a ticked box and nothing for an unticked one. */
const TICKED = new Set(['on', 'true', 'yes', '1']);

/**
 * Turns what a form posted (all strings) into the data the schema describes: ticks become
 * booleans, numbers numbers, and an empty optional field is left out rather than stored as "".
 * Only the schema's own fields are read, so nothing else ever reaches a type's data.
 */
export function readValues(schema: JsonSchema, posted: Record<string, string>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, prop] of propertiesOf(schema)) {
    const raw = posted[name];
    if (prop.type === 'boolean') {
      data[name] = typeof raw === 'string' && TICKED.has(raw.toLowerCase());
      continue;
    }
    if (typeof raw !== 'string') continue;
    const value = raw.replace(/\r\n/g, '\n').trim();
    if (value === '') continue;
    if (prop.type === 'integer' || prop.type === 'number') {
      const n = Number(value.replace(',', '.'));
      data[name] = Number.isFinite(n) ? n : value;
    } else {
      data[name] = value;
    }
  }
  return data;
}
