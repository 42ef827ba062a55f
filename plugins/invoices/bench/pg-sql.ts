import pg from 'pg';
import type { Sql } from '../data/sql.ts';

const DATE_OID = 1082;

/** Calendar days stay `YYYY-MM-DD` text, as the ORM's connection hands them to the plugin. */
export const textDates = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === DATE_OID ? (v: string) => v : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)),
};

/** `?` placeholders (MikroORM's) as `$1, $2…` (pg's); the plugin's SQL has no `?` inside literals. */
export function toNumbered(query: string): string {
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

/** The plugin's query functions over a bare pg pool, arrays expanded as MikroORM does for `IN (?)`. */
export function pgSql(pool: pg.Pool): Sql {
  return async <Row extends object>(query: string, params: unknown[] = []) => {
    const flat: unknown[] = [];
    let i = 0;
    const text = query.replace(/\?/g, () => {
      const value = params[i++];
      if (!Array.isArray(value)) {
        flat.push(value);
        return `$${flat.length}`;
      }
      return value
        .map((v) => {
          flat.push(v);
          return `$${flat.length}`;
        })
        .join(', ');
    });
    return (await pool.query<Row>(text, flat)).rows;
  };
}
