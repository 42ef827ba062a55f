import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/test-portal.ts';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal?.dispose());

/**
 * Tables come from hand-written SQL migrations and entities from defineEntity; this keeps the two
 * honest: every entity property of core and of every plugin has its column, with the same
 * nullability, and every tenant-owned table has a non-null tenant_id.
 */
describe('entities match the migrated schema', () => {
  it('every property has a column with the same nullability', async () => {
    const columns = await portal.db.orm.em.getConnection().execute<{ table_name: string; column_name: string; is_nullable: string }[]>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const byTable = new Map<string, Map<string, boolean>>();
    for (const c of columns) {
      const t = byTable.get(c.table_name) ?? new Map();
      t.set(c.column_name, c.is_nullable === 'YES');
      byTable.set(c.table_name, t);
    }
    const problems: string[] = [];
    for (const meta of portal.db.orm.getMetadata().getAll().values()) {
      if (meta.embeddable || meta.virtual) continue;
      const table = byTable.get(meta.tableName);
      if (!table) {
        problems.push(`${meta.className}: table ${meta.tableName} missing`);
        continue;
      }
      for (const prop of Object.values(meta.properties)) {
        if (prop.persist === false || prop.kind === '1:m' || prop.kind === 'm:n') continue;
        for (const field of prop.fieldNames ?? []) {
          if (!table.has(field)) problems.push(`${meta.className}.${prop.name}: column ${meta.tableName}.${field} missing`);
          else if (!prop.primary && table.get(field) !== Boolean(prop.nullable)) {
            problems.push(`${meta.className}.${prop.name}: nullable ${Boolean(prop.nullable)} but column is ${table.get(field) ? 'NULL' : 'NOT NULL'}`);
          }
        }
      }
      if ('tenantId' in meta.properties && table.get('tenant_id') !== false) problems.push(`${meta.tableName}.tenant_id must be NOT NULL`);
    }
    expect(problems).toEqual([]);
  });
});
