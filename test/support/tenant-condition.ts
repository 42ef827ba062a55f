import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tables with a `tenant_id` column, read from the migrations of core and the plugins (test
 * fixtures' included): `CREATE TABLE name (… tenant_id …);`.
 */
export function tenantOwnedTables(migrationDirs: string[]): Set<string> {
  const tables = new Set<string>();
  for (const dir of migrationDirs) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"? \(([\s\S]*?)\n\);/gi)) {
        if (/^\s*tenant_id\b/im.test(m[2])) tables.add(m[1].toLowerCase());
      }
    }
  }
  return tables;
}

/** A deliberate query across tenants: what it must contain, and why it may. */
export interface CrossTenantQuery {
  /** Tested against the statement with its whitespace collapsed to single spaces. */
  match: RegExp;
  reason: string;
}

/** The SQL with comments and string literals blanked, identifiers unquoted, lower case. */
function normalise(text: string): string {
  // One pass, whichever starts first: a literal holding `--` (an inlined token or payload) is not
  // a comment, and a comment holding a quote opens no literal.
  return text
    .replace(/'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => (m.startsWith("'") ? "''" : ' '))
    .replace(/"(\w+)"/g, '$1')
    .toLowerCase();
}

const TABLE_REF = /\b(?:from|join|update|into|delete\s+from|truncate(?:\s+table)?)\s+(?:only\s+)?(?:public\.)?(\w+)/g;
/**
 * `tenant_id` compared with a value (`= ?`, `= $1`, `= 'acme'`, `= ANY(…)`, `IN (…)`), or among an
 * INSERT's columns. `a.tenant_id = b.tenant_id` alone keeps a join inside one tenant but picks none.
 */
const CONSTRAINS = /\btenant_id\s*(?:=\s*(?:\?|\$\d+|''|any\s*\()|in\s*\(|is\s+not\s+distinct\s+from\s+(?:\?|\$\d+))|\(\s*(?:\w+\s*,\s*)*tenant_id\s*[,)]/;
/**
 * MikroORM's unit of work writes an entity it loaded through the tenant filter by primary key, with
 * quoted identifiers no hand-written query here uses: `update "x" set … where "id" = $1` (or the
 * value inlined) and `delete from "x" where "id" in (…)`. A hand-written write by id is checked.
 */
const KEY_VALUE = String.raw`(?:\$\d+|\d+|'\d+')`;
const ORM_WRITE_BY_ID = new RegExp(
  String.raw`^\s*(?:update\s+"\w+"\s+set\s+[\s\S]*?|delete\s+from\s+"\w+"\s+)where\s+"id"\s*(?:=\s*${KEY_VALUE}|in\s*\(\s*${KEY_VALUE}(?:\s*,\s*${KEY_VALUE})*\s*\))\s*(?:returning[\s\S]*)?$`,
  'i',
);

/**
 * Why a statement on a tenant-owned table does not constrain `tenant_id`, or null when it does,
 * touches no such table, or is an allowed cross-tenant query. A statement-level check: a query
 * naming `tenant_id = ?` anywhere passes, joins included.
 */
export function tenantConditionProblem(text: string, owned: ReadonlySet<string>, allowed: readonly CrossTenantQuery[]): string | null {
  const sql = normalise(text);
  if (/^\s*(?:create|alter|drop|comment|grant|set|show|begin|commit|rollback|savepoint|release|lock|listen|notify|select\s+pg_|deallocate|discard|prepare|execute|copy)\b/.test(sql)) return null;
  const tables = [...new Set([...sql.matchAll(TABLE_REF)].map((m) => m[1]))].filter((t) => owned.has(t));
  if (tables.length === 0 || CONSTRAINS.test(sql) || ORM_WRITE_BY_ID.test(text)) return null;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (allowed.some((a) => a.match.test(oneLine))) return null;
  return `no tenant_id condition on ${tables.join(', ')}`;
}
