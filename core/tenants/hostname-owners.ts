import type { MikroORM } from '@mikro-orm/postgresql';
import type { TenantRegistry } from './tenant-registry.ts';

/** Hostname → the tenant that served it last, as recorded by recordHostnameOwners. */
export async function readHostnameOwners(orm: MikroORM): Promise<Map<string, string>> {
  const rows = await orm.em.getConnection().execute<{ hostname: string; tenant_id: string }[]>('SELECT hostname, tenant_id FROM tenant_hostnames', [], 'all');
  return new Map(rows.map((r) => [r.hostname, r.tenant_id]));
}

/**
 * Records who serves each hostname now. The registry has already refused any file that claimed
 * a recorded tenant's hostname, so a row only changes hands when its old tenant let it go.
 * `recorded` (what readHostnameOwners found at this start) leaves out the rows already so: a
 * restart with the same tenants writes nothing, where rewriting 2,000 hostnames cost a tenth of a boot.
 */
export async function recordHostnameOwners(orm: MikroORM, tenants: TenantRegistry, recorded: ReadonlyMap<string, string> = new Map()): Promise<void> {
  const served = tenants.servedHostnames().filter(([hostname, tenantId]) => recorded.get(hostname) !== tenantId);
  if (served.length === 0) return;
  await orm.em.getConnection().execute(
    `INSERT INTO tenant_hostnames AS t (hostname, tenant_id)
     SELECT hostname, tenant_id FROM jsonb_to_recordset(?::jsonb) AS x (hostname text, tenant_id text)
     ON CONFLICT (hostname) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, served_since = now()
     WHERE t.tenant_id <> EXCLUDED.tenant_id`,
    [JSON.stringify(served.map(([hostname, tenant_id]) => ({ hostname, tenant_id })))],
    'run',
  );
}
