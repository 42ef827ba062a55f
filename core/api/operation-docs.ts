import { problemSchema } from './schemas.ts';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A stable id for the operation, from its method and path: `GET /api/v1/invoices/:externalId`
 * gives `getInvoicesByExternalId`. Client generators name their functions after it.
 */
export function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment));
  return [method.toLowerCase(), ...words.flatMap((w) => w.split(/[-_]/))].map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('');
}

/**
 * The route's responses plus what the API in front of every route answers: 401 (no valid key),
 * 403 (the key lacks the scope), 429 (rate limit), and 413 for a body over the size limit.
 * Object schemas that name no `required` fields get all of theirs: a view always sends every
 * field it lists (null when empty); a view that leaves one out somewhere says `required` itself.
 */
export function documentedResponses(method: string, responses: Record<string, unknown> = {}): Record<string, unknown> {
  const always: Record<string, unknown> = { 401: problemSchema, 403: problemSchema, 429: problemSchema, ...(WITH_BODY.has(method) ? { 413: problemSchema } : {}) };
  return Object.fromEntries(Object.entries({ ...always, ...responses }).map(([code, schema]) => [code, withRequired(schema)]));
}

function withRequired(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withRequired);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, k === 'properties' ? mapValues(v, withRequired) : k === 'items' || k === 'content' || k === 'schema' ? withRequired(v) : v]));
  if (copy.properties && typeof copy.properties === 'object' && !('required' in copy)) copy.required = Object.keys(copy.properties);
  return copy;
}

function mapValues(value: unknown, fn: (v: unknown) => unknown): unknown {
  return value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fn(v)])) : value;
}
