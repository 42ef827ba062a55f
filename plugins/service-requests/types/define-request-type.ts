import { UPLOAD_KINDS, type JsonSchema } from 'portal/sdk';
import { validatorFor } from '../form/ajv.ts';
import type { RequestType, RequestTypeDefinition } from './contract.ts';

const ID = /^[a-z][a-z0-9-]{1,62}$/;
const FIELD = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;
/** Core's multipart limits (5 files, 20 fields) bound one submission; `_csrf` takes a field. */
export const MAX_DOCUMENTS = 5;
export const MAX_FIELDS = 15;
const MAX_DOCUMENT_BYTES = 5_000_000;

/**
 * Checks a request type once, when the declaring plugin loads, so a mistake stops the host at
 * start naming the type rather than surfacing as a broken form later.
 */
export function defineRequestType<D = Record<string, any>, S = Record<string, any>>(definition: RequestTypeDefinition<D, S>): RequestType {
  const where = `request type "${definition.id}"`;
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`);
  };
  if (!ID.test(definition.id ?? '')) fail('id must be 2–63 lowercase letters, digits and dashes');
  if (!/^[a-z][a-z0-9-]*$/.test(definition.plugin ?? '')) fail('plugin must name the declaring plugin');
  if (!definition.labels) fail('labels (an i18n prefix) is required');
  if (definition.target !== 'account' && definition.target !== 'service') fail('target must be "account" or "service"');
  if (typeof definition.onApprove !== 'function') fail('onApprove is required');

  const documents = definition.requiredDocuments ?? [];
  if (documents.length > MAX_DOCUMENTS) fail(`at most ${MAX_DOCUMENTS} documents`);
  const ids = new Set<string>();
  for (const doc of documents) {
    if (!/^[a-z][a-zA-Z0-9-]{0,39}$/.test(doc.id) || doc.id === 'reply') fail(`document id "${doc.id}" is not allowed`);
    if (ids.has(doc.id)) fail(`document "${doc.id}" is declared twice`);
    ids.add(doc.id);
    if (!doc.kinds?.length || doc.kinds.some((k) => !(k in UPLOAD_KINDS))) fail(`document "${doc.id}" kinds must be among ${Object.keys(UPLOAD_KINDS).join(', ')}`);
    if (!Number.isInteger(doc.maxBytes) || doc.maxBytes < 1 || doc.maxBytes > MAX_DOCUMENT_BYTES) fail(`document "${doc.id}" maxBytes must be 1–${MAX_DOCUMENT_BYTES}`);
  }
  if (typeof definition.formSchema !== 'function') checkFormSchema(definition.formSchema, fail);

  return Object.freeze({ ...definition, requiredDocuments: Object.freeze(documents.map((d) => Object.freeze({ ...d }))), kind: 'service-request-type' as const }) as RequestType;
}

/** The generic form draws one field per property of a flat object; anything else cannot be drawn. */
export function checkFormSchema(schema: JsonSchema, fail: (problem: string) => never): void {
  if (schema?.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) fail('formSchema must be an object schema with properties');
  const names = Object.keys(schema.properties as object);
  if (names.length > MAX_FIELDS) fail(`formSchema may have at most ${MAX_FIELDS} fields`);
  for (const name of names) if (!FIELD.test(name)) fail(`field "${name}" must be letters and digits`);
  try {
    validatorFor(schema);
  } catch (err) {
    fail(`formSchema does not compile: ${(err as Error).message}`);
  }
}
