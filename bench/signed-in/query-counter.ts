import { createRequire } from 'node:module';

/**
 * Counts statements sent to the database by every `pg` client in this process: the portal's (the
 * copy MikroORM's driver loads) and the baseline's (the top-level one) alike, so both sides of a
 * page are counted the same way. Read it around requests of one page at a time.
 */
export function countQueries(): { read(): number } {
  let n = 0;
  const here = createRequire(import.meta.url);
  const orm = createRequire(here.resolve('@mikro-orm/postgresql'));
  const copies = new Set([here('pg'), orm('pg')].map((m: any) => (m.default ?? m).Client.prototype));
  for (const proto of copies) {
    const query = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      n++;
      return query.apply(this, args);
    };
  }
  return { read: () => n };
}
