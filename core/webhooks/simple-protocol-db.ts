import pg from 'pg';
import { inlineParameters } from './inline-parameters.ts';

/**
 * pg-boss's database on the embedded PostgreSQL. The socket in front of PGlite runs one message
 * at a time but does not keep a connection's extended-protocol messages (Parse, Bind, Execute)
 * together, so another connection's statement can land between them and replace the unnamed
 * prepared statement ("unnamed prepared statement does not exist"). MikroORM inlines parameters
 * and never meets this; pg-boss binds them. Here every statement goes out as one simple-protocol
 * message with its parameters inlined, which the socket runs whole.
 */
export function simpleProtocolDb(url: string, max: number) {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'portal-webhooks' });
  pool.on('error', () => {});
  return {
    async executeSql(text: string, values?: unknown[]) {
      const client = await pool.connect();
      try {
        return (await client.query(values?.length ? inlineParameters(text, values) : text)) as never;
      } catch (err) {
        // A failed multi-statement block may leave its transaction open; the next user of this
        // connection must not inherit it.
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
