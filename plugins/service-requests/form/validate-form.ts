import type { ErrorObject } from 'ajv';
import type { JsonSchema } from 'portal/sdk';
import type { Message } from '../types/contract.ts';
import { validatorFor } from './ajv.ts';

/**
 * Field name → what is wrong with it, as a key under `service-requests.form.errors` (the type's own
 * `fields.<name>.error` replaces it where the type has one, see field-views.ts).
 */
export function validateForm(schema: JsonSchema, data: Record<string, unknown>): Record<string, Message> {
  const validate = validatorFor(schema);
  if (validate(data)) return {};
  const errors: Record<string, Message> = {};
  for (const e of validate.errors ?? []) {
    const field = fieldOf(e);
    if (field && !errors[field]) errors[field] = messageOf(e);
  }
  return errors;
}

function fieldOf(e: ErrorObject): string | null {
  if (e.keyword === 'required') return String((e.params as { missingProperty: string }).missingProperty);
  return e.instancePath.split('/')[1] || null;
}

function messageOf(e: ErrorObject): Message {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { key: 'form.errors.required' };
    case 'const':
      return { key: p.allowedValue === true ? 'form.errors.mustAccept' : 'form.errors.choice' };
    case 'enum':
    case 'oneOf':
      return { key: 'form.errors.choice' };
    case 'format':
      return { key: p.format === 'email' ? 'form.errors.email' : 'form.errors.format' };
    case 'maxLength':
      return { key: 'form.errors.maxLength', params: { limit: p.limit } };
    case 'minLength':
      return { key: 'form.errors.minLength', params: { limit: p.limit } };
    case 'minimum':
      return { key: 'form.errors.minimum', params: { limit: p.limit } };
    case 'maximum':
      return { key: 'form.errors.maximum', params: { limit: p.limit } };
    case 'type':
      return { key: p.type === 'integer' || p.type === 'number' ? 'form.errors.number' : 'form.errors.format' };
    default:
      return { key: 'form.errors.format' };
  }
}
