import { Ajv, type ValidateFunction } from 'ajv';
import { addFormats, type JsonSchema } from 'portal/sdk';

// `x-widget` and the like are display hints for the generic form, so unknown keywords are allowed.
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();
/** Schemas built per request (plans on offer) repeat; keep a bounded number compiled. */
const TEXT_CACHE_LIMIT = 500;

/** A compiled validator; static schemas are compiled once, built ones once per distinct content. */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  const known = byObject.get(schema);
  if (known) return known;
  const text = JSON.stringify(schema);
  let fn = byText.get(text);
  if (!fn) {
    fn = ajv.compile(schema);
    if (byText.size >= TEXT_CACHE_LIMIT) byText.delete(byText.keys().next().value!);
    byText.set(text, fn);
  }
  byObject.set(schema, fn);
  return fn;
}
