import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { wrapClientQuery } from './wrap-client-query.ts';

/** A text run this often is worth a name: a one-off (a report, a migration step) stays unnamed. */
const HOT_AFTER = 2;
/** Each name is a statement kept on every connection of the pool; texts past this stay unnamed. */
const MAX_NAMES = 2_000;

/**
 * Sends each parameterised statement the portal runs again and again as a named one, so every
 * connection parses and plans its text once and then only binds and runs it. Planning the
 * session lookup or a dashboard card's query costs the server several times what running it
 * does, on every page. On the embedded database every connection shares PGlite's one session;
 * its wire server keeps each connection's statement names apart (see serveWire).
 */
export function prepareStatements(pool: Pool): void {
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known || names.size >= MAX_NAMES) return known;
    const runs = (seen.get(text) ?? 0) + 1;
    if (runs < HOT_AFTER) {
      if (seen.size < MAX_NAMES * 4) seen.set(text, runs);
      return undefined;
    }
    seen.delete(text);
    const name = `portal_${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
    return name;
  };
  wrapClientQuery(pool, (query) => (...args) => {
    const [text, values] = args;
    // Only the (text, values) form: a config object, a cursor or a callback goes through as it came.
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameOf(text);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  });
}
