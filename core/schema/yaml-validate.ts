import type { ErrorObject } from 'ajv';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';

export type DataPath = (string | number)[];

export interface LocatedError {
  file: string;
  line: number;
  column: number;
  /** Dotted path such as `plugins.invoices.periods` or `hostnames[1]`; `(root)` for the document itself. */
  field: string;
  message: string;
}

/** Field name used for YAML syntax errors, which belong to no field. */
export const SYNTAX_FIELD = '(syntax)';

export class YamlValidationError extends Error {
  readonly errors: LocatedError[];

  constructor(errors: LocatedError[]) {
    super(formatLocatedErrors(errors));
    this.name = 'YamlValidationError';
    this.errors = errors;
  }
}

export interface ParsedYaml {
  file: string;
  data: unknown;
  /**
   * Where the value at `path` is written. Collections and empty values point at their key,
   * because that is the line a reader looks for; `target: 'key'` always asks for the key.
   * A path that does not exist in the file falls back to its nearest existing ancestor.
   */
  locate(path: DataPath, target?: 'key' | 'value'): { line: number; column: number };
}

export function formatLocatedErrors(errors: LocatedError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.field}: ${e.message}`).join('\n');
}

export function parseYaml(file: string, text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  // prettyErrors would append its own position and a code excerpt to each message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return line > 0 ? { line, column: col } : { line: 1, column: 1 };
  };

  if (doc.errors.length > 0) {
    throw new YamlValidationError(
      doc.errors.map((e) => ({ file, ...position(e.pos[0]), field: SYNTAX_FIELD, message: e.message })),
    );
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // e.g. an alias bomb beyond yaml's maxAliasCount; still report it against the file.
    throw new YamlValidationError([{ file, line: 1, column: 1, field: SYNTAX_FIELD, message: (err as Error).message }]);
  }

  return {
    file,
    data,
    locate: (path, target = 'value') => position(offsetOf(doc, path, target)),
  };
}

type Ranged = { range?: [number, number, number] | null };

function offsetOf(doc: Document, path: DataPath, target: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let key: Ranged | null = null;
  let complete = true;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: { node: unknown; key: Ranged | null } | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (pair) next = { node: pair.value, key: pair.key as Ranged };
    } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
      const item = node.items[Number(segment)];
      if (item !== undefined) next = { node: item, key: null };
    }
    if (!next) {
      complete = false;
      break;
    }
    ({ node, key } = next);
  }

  const value = node as Ranged | null;
  const valueIsWritten = isScalar(node) && value?.range && value.range[0] < value.range[1];
  if (key?.range && (target === 'key' || !complete || !valueIsWritten)) return key.range[0];
  return value?.range?.[0] ?? 0;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

export function locateAjvErrors(parsed: ParsedYaml, errors: ErrorObject[], pathPrefix: DataPath = []): LocatedError[] {
  const base = valueAt(parsed.data, pathPrefix);
  const seen = new Set<string>();
  const located: LocatedError[] = [];
  for (const error of simplify(errors)) {
    const path = [...pathPrefix, ...pointerToPath(error.instancePath, base)];
    const e = describe(parsed, error, path);
    const id = `${e.line}:${e.column} ${e.field}: ${e.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    located.push(e);
  }
  return located.sort((a, b) => a.line - b.line || a.column - b.column);
}

function describe(parsed: ParsedYaml, error: ErrorObject, path: DataPath): LocatedError {
  const { file } = parsed;
  const params = error.params as Record<string, string>;
  switch (error.keyword) {
    case 'required': {
      const field = fieldName([...path, params.missingProperty]);
      return { file, ...parsed.locate(path), field, message: 'is required' };
    }
    case 'additionalProperties': {
      const fieldPath = [...path, params.additionalProperty];
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const message = allowed.length > 0 ? `unknown field; allowed: ${allowed.join(', ')}` : 'unknown field';
      return { file, ...parsed.locate(fieldPath, 'key'), field: fieldName(fieldPath), message };
    }
    default:
      return { file, ...parsed.locate(path), field: fieldName(path), message: messageFor(error, valueAt(parsed.data, path)) };
  }
}

function messageFor(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'const':
      return `must be ${show(params.allowedValue)}`;
    case 'type':
      return `must be ${[params.type].flat().join(' or ')} (got ${typeOf(value)})`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/**
 * ajv reports every failed branch of an anyOf/oneOf plus the combinator itself. Keep only the
 * branch the author evidently meant (its type matched and it got furthest into the data), or,
 * when no branch's type matched, one error naming all accepted types. Innermost first, so an
 * outer combinator sees the already-reduced errors of an inner one.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  const combinators = out
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);

  for (const combinator of combinators) {
    const prefix = `${combinator.schemaPath}/`;
    const inside = out.filter((e) => e.schemaPath.startsWith(prefix));
    // No branch errors (e.g. oneOf matched twice): ajv's own message is the only explanation.
    if (inside.length === 0) continue;

    const branches = new Map<string, ErrorObject[]>();
    for (const e of inside) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[0];
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const typeMismatch = (e: ErrorObject) => e.keyword === 'type' && e.instancePath === combinator.instancePath;
    const fitting = [...branches.values()].filter((errs) => !errs.some(typeMismatch));
    const keep = fitting.length > 0 ? mostSpecific(fitting) : [mergeTypes(combinator, inside.filter(typeMismatch))];
    out = out.filter((e) => e !== combinator && !inside.includes(e)).concat(keep);
  }

  // An `if` error only says that then/else failed; the failing keyword's own error says what.
  return out.filter((e) => {
    if (e.keyword !== 'if') return true;
    const branch = `${e.schemaPath.replace(/if$/, '')}${(e.params as Record<string, any>).failingKeyword}/`;
    return !out.some((o) => o.schemaPath.startsWith(branch));
  });
}

function mostSpecific(branches: ErrorObject[][]): ErrorObject[] {
  const depth = (errs: ErrorObject[]) => Math.max(...errs.map((e) => e.instancePath.split('/').length));
  return branches.reduce((best, errs) =>
    depth(errs) > depth(best) || (depth(errs) === depth(best) && errs.length < best.length) ? errs : best,
  );
}

function mergeTypes(combinator: ErrorObject, typeErrors: ErrorObject[]): ErrorObject {
  const types = [...new Set(typeErrors.flatMap((e) => [(e.params as { type: string | string[] }).type].flat()))];
  return { ...combinator, keyword: 'type', params: { type: types }, message: `must be ${types.join(' or ')}` };
}

/** A JSON pointer of ajv (`/plugins/faq/entries/0`) as a path into `root` (array indexes as numbers). */
export function pointerToPath(pointer: string, root: unknown): DataPath {
  if (pointer === '') return [];
  const path: DataPath = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(current) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(step);
    current = (current as Record<string | number, unknown> | undefined)?.[step];
  }
  return path;
}

function valueAt(data: unknown, path: DataPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

export function fieldName(path: DataPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
