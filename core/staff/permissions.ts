import type { LoadedPlugin, PermissionDefinition, StaffRole } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';

/**
 * Core's own permissions. Billing and support work with customers; field staff (meter readers)
 * only see what plugins grant them; audit and staff management stay with administrators.
 */
export const CORE_PERMISSIONS: PermissionDefinition[] = [
  { id: 'overview.view', label: 'staff.permission.overviewView', roles: ['billing', 'support', 'field'] },
  { id: 'customers.view', label: 'staff.permission.customersView', roles: ['billing', 'support'] },
  { id: 'customers.issue-key', label: 'staff.permission.customersIssueKey', roles: ['support'] },
  { id: 'customers.lock', label: 'staff.permission.customersLock', roles: ['support'] },
  { id: 'customers.sessions', label: 'staff.permission.customersSessions', roles: ['support'] },
  { id: 'audit.view', label: 'staff.permission.auditView', roles: [] },
  { id: 'staff.manage', label: 'staff.permission.staffManage', roles: [] },
  { id: 'api.manage', label: 'staff.permission.apiManage', roles: [] },
  { id: 'mail.manage', label: 'staff.permission.mailManage', roles: [] },
];

export interface KnownPermission extends PermissionDefinition {
  /** The declaring plugin; undefined for core's. Its label is looked up under `<plugin>.` first. */
  plugin?: string;
}

/** Which permissions exist for a tenant (core's plus its enabled plugins') and who holds them. */
export class PermissionRegistry {
  readonly #plugins: { name: string; permissions: PermissionDefinition[] }[];
  readonly #cache = new WeakMap<Tenant, Map<StaffRole, ReadonlySet<string>>>();

  constructor(plugins: LoadedPlugin[]) {
    this.#plugins = plugins.map((p) => ({ name: p.name, permissions: p.definition.permissions ?? [] }));
    const seen = new Set(CORE_PERMISSIONS.map((p) => p.id));
    for (const plugin of this.#plugins) {
      for (const permission of plugin.permissions) {
        if (seen.has(permission.id)) throw new Error(`permission "${permission.id}" is declared twice`);
        seen.add(permission.id);
      }
    }
  }

  /** Whether core or any installed plugin declares the permission (tenants aside). */
  declared(id: string): boolean {
    return CORE_PERMISSIONS.some((p) => p.id === id) || this.#plugins.some((p) => p.permissions.some((perm) => perm.id === id));
  }

  known(tenant: Tenant): KnownPermission[] {
    return [
      ...CORE_PERMISSIONS,
      ...this.#plugins.filter((p) => tenant.plugins.has(p.name)).flatMap((p) => p.permissions.map((perm) => ({ ...perm, plugin: p.name }))),
    ];
  }

  forRole(tenant: Tenant, role: StaffRole): ReadonlySet<string> {
    let byRole = this.#cache.get(tenant);
    if (!byRole) {
      byRole = new Map();
      this.#cache.set(tenant, byRole);
    }
    let held = byRole.get(role);
    if (!held) {
      const known = this.known(tenant);
      held = new Set(known.filter((p) => role === 'administrator' || p.roles.includes(role)).map((p) => p.id));
      byRole.set(role, held);
    }
    return held;
  }
}
