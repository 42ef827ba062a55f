import type { FastifyReply } from 'fastify';
import type { JsonSchema } from '../plugins/define-plugin.ts';

/**
 * The body of `PUT /<resource>/{key}` from the one schema of a record: the key moves to the path.
 * Validation, the OpenAPI document and bulk import then all read the same rules.
 */
export function withoutKey(schema: JsonSchema, key: string): JsonSchema {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  delete properties[key];
  return { ...schema, properties, required: ((schema.required as string[]) ?? []).filter((r) => r !== key) };
}

export const externalIdParam = (name = 'externalId', description = 'Your id of the record.') => ({
  type: 'object',
  required: [name],
  properties: { [name]: { type: 'string', minLength: 1, maxLength: 64, description } },
});

export const upsertResultSchema = {
  type: 'object',
  required: ['key', 'created', 'changed'],
  properties: {
    key: { type: 'string', description: 'Your id of the record, as in the path.' },
    created: { type: 'boolean', description: 'The record is new.' },
    changed: { type: 'boolean', description: 'Something was written; false when the same content had been sent before.' },
  },
} as const;

export const problemSchema = {
  type: 'object',
  required: ['statusCode', 'error', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    problems: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, in: { type: 'string' }, message: { type: 'string' } } },
    },
    requestId: { type: 'string' },
  },
} as const;

/** Responses every upsert documents. */
export function upsertResponses() {
  return { 200: upsertResultSchema, 201: upsertResultSchema, 400: problemSchema, 422: problemSchema };
}

/** 201 for a new record, 200 otherwise. */
export function sendUpsert(reply: FastifyReply, key: string, result: { created: boolean; changed: boolean }) {
  return reply.code(result.created ? 201 : 200).send({ key, created: result.created, changed: result.changed });
}

export const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max });
export const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
export const providerId = { type: 'string', minLength: 1, maxLength: 64 };
