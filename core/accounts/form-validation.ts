import { Ajv } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';

// allErrors: a form shows every field that needs fixing at once, not one per round trip.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv, ['email']);

/** Field name → i18n key of the message shown under that field. */
export type FieldErrors = Record<string, string>;

/**
 * Checks a posted form against its JSON Schema and names one message per field, `<prefix>.<field>`,
 * which says what the field expects: a customer needs "enter an email like name@example.com",
 * not which schema keyword failed.
 */
export function formValidator(schema: Record<string, unknown>, prefix: string): (body: unknown) => FieldErrors {
  const validate = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return {};
    const errors: FieldErrors = {};
    for (const e of validate.errors ?? []) {
      const field = e.instancePath.split('/')[1] || (e.keyword === 'required' ? String(e.params.missingProperty) : '');
      if (field && !(field in errors)) errors[field] = `${prefix}.${field}`;
    }
    return errors;
  };
}

/** Form fields arrive as strings, or arrays when repeated; anything else counts as empty. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
