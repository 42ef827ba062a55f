import { Ajv, type ErrorObject } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * The API's own ajv, unlike fastify's default: bodies are not coerced and unknown fields are
 * reported rather than silently dropped (a typo in a field name must not lose data), and every
 * problem is reported at once. Query strings and path parameters are text, so they are coerced.
 */
export function apiValidatorCompiler(formats: Record<string, (value: string) => boolean>): FastifySchemaCompiler<any> {
  const make = (coerce: boolean) => {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: coerce, useDefaults: true, removeAdditional: false }));
    for (const [name, validate] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate });
    return ajv;
  };
  const body = make(false);
  const text = make(true);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
}

export interface FieldProblem {
  /** Dotted path inside the part: `lines.0.amount`; the part itself for whole-object problems. */
  field: string;
  /** `body`, `querystring`, `params`. */
  in: string;
  message: string;
}

/** ajv's errors as fields a provider's developer recognises. */
export function fieldProblems(errors: ErrorObject[], part: string): FieldProblem[] {
  return errors.map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required') {
      const missing = String(e.params.missingProperty);
      return { field: path ? `${path}.${missing}` : missing, in: part, message: 'is required' };
    }
    if (e.keyword === 'additionalProperties') {
      const extra = String(e.params.additionalProperty);
      return { field: path ? `${path}.${extra}` : extra, in: part, message: 'is not a known field' };
    }
    return { field: path || part, in: part, message: e.message ?? 'is invalid' };
  });
}
