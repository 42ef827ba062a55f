import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * With DATABASE_URL set (npm run test:pg), a database of its own on that server for a portal
 * process a test starts, so the run never writes into a database someone else uses.
 * Without DATABASE_URL: undefined, and the process uses its embedded database.
 */
export async function throwawayDatabase(opts: { /** A database to copy (already migrated) instead of an empty one. */ template?: string } = {}): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `portal_t_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, opts.template ? `CREATE DATABASE ${name} TEMPLATE ${opts.template}` : `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
