import { createRequire } from 'node:module';
import pg from 'pg';

/** The ORM's own copy of pg (its dependency), the one every portal connection is made with. */
export const ORM_PG_CLIENT = (createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof pg).Client;
/** The copy everything else loads: pg-boss, the import's connections, tests' own clients. */
export const TOP_PG_CLIENT = pg.Client;

type Send = () => unknown;

/**
 * Puts `hook` around every `query` call of the Client class given, for calls that carry SQL text
 * (a string or a config with `text`): the hook sees the text and the client, and calls `send` to
 * pass the call on, returning what it returns.
 */
export function hookPgQuery(Client: typeof pg.Client, hook: (text: string, client: pg.Client, send: Send) => unknown): void {
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function hookedQuery(this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const send = () => query.apply(this, args);
    return typeof text === 'string' ? hook(text, this, send) : send();
  } as typeof Client.prototype.query;
}
