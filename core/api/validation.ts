import { Ajv, type ErrorObject } from 'ajv';
import { addFormats } from '../schema/add-formats.ts';
import { SharedAjv } from '../schema/shared-ajv.ts';
import type { FastifySchemaCompiler } from 'fastify';

type Formats = Record<string, (value: string) => boolean>;

/**
 * The API's own ajv, unlike fastify's default: bodies are not coerced and unknown fields are
 * reported rather than silently dropped (a typo in a field name must not lose data), and every
 * problem is reported at once. Query strings and path parameters are text, so they are coerced.
 * Every portal of the process with the same formats shares the instances and what they compiled.
 */
export function apiValidatorCompiler(formats: Formats): FastifySchemaCompiler<any> {
  const { body, text } = compilersFor(formats);
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object) as ReturnType<FastifySchemaCompiler<unknown>>;
}

/** By the format functions themselves: a format of the same name may check something else. */
const compilers: { formats: Formats; body: SharedAjv; text: SharedAjv }[] = [];

function compilersFor(formats: Formats): { body: SharedAjv; text: SharedAjv } {
  const names = Object.keys(formats);
  const same = (known: Formats) => Object.keys(known).length === names.length && names.every((n) => known[n] === formats[n]);
  let found = compilers.find((c) => same(c.formats));
  if (!found) {
    const own = { ...formats };
    const make = (coerce: boolean) => () => {
      const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: coerce, useDefaults: true, removeAdditional: false }));
      for (const [name, validate] of Object.entries(own)) ajv.addFormat(name, { type: 'string', validate });
      return ajv;
    };
    found = { formats: own, body: new SharedAjv(make(false)), text: new SharedAjv(make(true)) };
    compilers.push(found);
  }
  return found;
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
