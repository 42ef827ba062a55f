import type { RouteOptions, preHandlerHookHandler } from 'fastify';
import type { StaffGuards } from './staff-guards.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A plugin's staff route: the permission an operator needs (checked before the handler). */
    permission?: string;
    /** A plugin's staff route open to every signed-in operator, said explicitly. */
    public?: boolean;
  }
}

/**
 * The onRoute check of a plugin's staff scope, like API scopes: a route states the permission it
 * needs (`config: { permission }`, one that exists) or `config: { public: true }`, or the portal
 * refuses to start naming plugin and route. The guard comes from the declaration, so a route
 * cannot state one permission and check none.
 */
export function staffRoutePermission(plugin: string, declared: (id: string) => boolean, guards: StaffGuards): (route: RouteOptions) => void {
  const byPermission = new Map<string, preHandlerHookHandler>();
  const guardFor = (id: string): preHandlerHookHandler => {
    let guard = byPermission.get(id);
    if (!guard) byPermission.set(id, (guard = guards.requirePermission(id) as preHandlerHookHandler));
    return guard;
  };
  return (route) => {
    const { permission, public: open } = route.config ?? {};
    const where = `plugin "${plugin}": staff route ${String(route.method)} ${route.url}`;
    if (permission !== undefined && open) throw new Error(`${where} sets both config.permission and config.public`);
    if (open === true) return;
    if (typeof permission !== 'string') {
      throw new Error(`${where} must set config.permission (a permission operators need) or config.public: true`);
    }
    if (!declared(permission)) throw new Error(`${where} needs permission "${permission}", which neither core nor any installed plugin declares`);
    const guard = guardFor(permission);
    const before = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    // fastify copies a GET's options into its HEAD route, guard included: add it once.
    if (!before.includes(guard)) route.preHandler = [guard, ...before];
  };
}
