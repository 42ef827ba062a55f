import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoadedPlugin, PortalServices } from './define-plugin.ts';

/**
 * Each plugin's routes live in their own encapsulated scope whose first hook answers 404 when
 * the request's tenant has not enabled the plugin, so a disabled feature does not exist there.
 */
export async function registerPluginRoutes(app: FastifyInstance, plugins: LoadedPlugin[], services: PortalServices): Promise<void> {
  for (const plugin of plugins) {
    const routes = plugin.definition.routes;
    if (!routes) continue;
    await app.register(async (scope) => {
      // A callback hook: an async one costs a promise on every request of the plugin's pages.
      scope.addHook('onRequest', (request, reply, done) => {
        if (request.tenant?.plugins.has(plugin.name)) return done();
        reply.callNotFound();
      });
      await routes(scope, {
        portal: services,
        settings: <S>(request: FastifyRequest) => (request.tenant.plugins.get(plugin.name) ?? {}) as S,
      });
    });
  }
}
