/**
 * `$1`, `$2`… of a statement replaced by quoted literals. A quoted literal has PostgreSQL's
 * `unknown` type, exactly like a parameter bound without a type (what node-postgres sends), so
 * the server resolves it the same way. Quotes, quoted identifiers, dollar-quoted bodies and
 * comments are skipped, so a `$1` inside them stays as it is.
 */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = closing(text, i, c);
      out += text.slice(i, end);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      out += text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '$') {
      const param = /^\$(\d+)/.exec(text.slice(i, i + 12));
      const tag = param ? null : /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
      if (param) {
        const n = Number(param[1]);
        if (n < 1 || n > values.length) throw new Error(`statement names $${n} but has ${values.length} values`);
        out += literal(values[n - 1]);
        i += param[0].length;
      } else if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? text.length : end + tag[0].length;
        out += text.slice(i, stop);
        i = stop;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return text.length;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return quote(asText(value));
}

function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** PostgreSQL's array input syntax: `{"a","b",NULL}`, nested for nested arrays. */
function arrayText(items: unknown[]): string {
  return `{${items
    .map((v) => (v === null || v === undefined ? 'NULL' : Array.isArray(v) ? arrayText(v) : `"${asText(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`))
    .join(',')}}`;
}

/** standard_conforming_strings is on (the default since PostgreSQL 9.1): only quotes need doubling. */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
