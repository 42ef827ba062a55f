import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { wrapClientQuery } from './wrap-client-query.ts';

/** A text run this often is worth a name: a one-off (a report, a migration step) stays unnamed. */
const HOT_AFTER = 2;
/** Each name is a statement kept on every connection of the pool; texts past this stay unnamed. */
const MAX_NAMES = 2_000;

type Statements = Record<string, string>;
interface PgConnection {
  parsedStatements: Statements;
  submittedNamedStatements: Statements;
}
const connectionOf = (client: PoolClient) => (client as unknown as { connection: PgConnection }).connection;

/**
 * Sends each parameterised statement the portal runs again and again as a named one, so every
 * connection parses and plans its text once and then only binds and runs it. Planning the
 * session lookup or a dashboard card's query costs the server several times what running it
 * does, on every page.
 *
 * `sharedSession`: the embedded database's connections all talk to one PostgreSQL session, where
 * a name one connection prepared is already taken for the next, and which outlives them. There
 * each live connection holds a slot whose names carry its number, and a connection that takes a
 * slot over inherits what its predecessors prepared in it (the session still has those).
 */
export function prepareStatements(pool: Pool, opts: { sharedSession?: boolean } = {}): void {
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
  const slots = opts.sharedSession ? sessionSlots(pool) : undefined;
  wrapClientQuery(pool, (query, client) => {
    const prefix = slots ? slots.take(client) : '';
    return (...args) => {
      const [text, values] = args;
      // Only the (text, values) form: a config object, a cursor or a callback goes through as it came.
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0) {
        const name = nameOf(text);
        if (name) return query({ name: prefix + name, text, values });
      }
      return query(...args);
    };
  });
}

/**
 * Slot numbers for the connections of a pool sharing one session. A slot is given back when its
 * connection leaves the pool, unless a statement of it was still being prepared then: whether the
 * session kept that one is unknown, so the slot is never handed out again (a few names left behind).
 */
function sessionSlots(pool: Pool) {
  const free: number[] = [];
  const prepared: Statements[] = [];
  const held = new Map<PoolClient, number>();
  pool.on('remove', (client) => {
    const slot = held.get(client);
    if (slot === undefined) return;
    held.delete(client);
    if (Object.keys(connectionOf(client).submittedNamedStatements).length === 0) free.push(slot);
  });
  return {
    take(client: PoolClient): string {
      const slot = free.pop() ?? prepared.push({}) - 1;
      held.set(client, slot);
      // The same object, so what this connection prepares stays known to the slot's next holder.
      connectionOf(client).parsedStatements = prepared[slot];
      return `s${slot}_`;
    },
  };
}
