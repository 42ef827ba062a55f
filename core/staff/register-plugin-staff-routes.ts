import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from './staff-module.ts';
import { staffRoutePermission } from './staff-route-permission.ts';

/**
 * Like the customer routes (register-plugin-routes.ts): each plugin's staff routes in their own
 * scope, 404 first for a tenant that has not enabled the plugin, then a signed-in operator
 * required before any handler of the plugin runs, and each route's stated permission checked.
 */
export async function registerPluginStaffRoutes(staffScope: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  for (const plugin of deps.plugins) {
    const staffRoutes = plugin.definition.staffRoutes;
    if (!staffRoutes) continue;
    await staffScope.register(async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (!request.tenant?.plugins.has(plugin.name)) return reply.callNotFound();
      });
      scope.addHook('preHandler', deps.guards.requireStaff);
      scope.addHook('onRoute', staffRoutePermission(plugin.name, (id) => deps.permissions.declared(id), deps.guards));
      await staffRoutes(scope, {
        portal: deps.services,
        settings: <S>(request: FastifyRequest) => (request.tenant.plugins.get(plugin.name) ?? {}) as S,
        audit: deps.guards.audit,
      });
    });
  }
}
