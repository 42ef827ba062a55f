import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { numbered } from './run-sql.ts';

/**
 * The rows of a read, fetched `batch` at a time through a server-side cursor, so an export of
 * 100,000 rows holds one batch in this process, never the whole result. `?` placeholders and their values as in `sql`.
 *
 * WITH HOLD: the result is kept by PostgreSQL (spilled to disk when large) once the statement has
 * run, so no transaction stays open while the rows go out at the reader's pace. On the embedded
 * database an open transaction would hold its one session, and every other request with it, for
 * the whole download. The cursor is closed when the loop ends, breaks (a cancelled download) or throws.
 */
export async function* sqlCursor<Row extends object = never>(em: EntityManager, query: string, params: readonly unknown[] = [], batch = 500): AsyncGenerator<Row> {
  const { text, values } = numbered(query, params);
  const size = Math.max(1, Math.floor(batch));
  // The embedded database shares one session among its connections: a name of its own per export.
  const name = `export_${randomBytes(6).toString('hex')}`;
  // A cursor belongs to its connection: one of the pool's, held until the last row.
  const pool = (await em.getConnection().getNativeClient()) as Pick<Pool, 'connect'>;
  const client = await pool.connect();
  let declared = false;
  try {
    await client.query(`DECLARE ${name} NO SCROLL CURSOR WITH HOLD FOR ${text}`, values);
    declared = true;
    for (;;) {
      const { rows } = await client.query<Row>(`FETCH ${size} FROM ${name}`);
      for (const row of rows) yield row;
      if (rows.length < size) break;
    }
  } finally {
    if (declared) await client.query(`CLOSE ${name}`).catch(() => undefined);
    client.release();
  }
}
