import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { LoadedPlugin } from '../plugins/define-plugin.ts';
import type { Theme } from '../views/themes.ts';

const ONE_DAY = 86400;

/**
 * `/assets/theme/*` from the tenant's theme, `/assets/tenant/*` from `tenants/<id>/assets`
 * (logos), `/assets/<plugin>/*` from a plugin's `assets/`. All local: no CDN.
 */
export function assetRoutes(app: FastifyInstance, deps: { themes: Map<string, Theme>; plugins: LoadedPlugin[] }): void {
  const pluginAssets = new Map(deps.plugins.map((p) => [p.name, join(p.dir, 'assets')]));

  app.get<{ Params: { '*': string } }>('/assets/theme/*', async (request, reply) => {
    const tenantOverride = join(request.tenant.dir, 'assets', 'theme');
    const theme = deps.themes.get(request.tenant.theme);
    const file = request.params['*'];
    const root = existsSync(join(tenantOverride, file)) ? tenantOverride : theme ? join(theme.dir, 'assets') : null;
    if (!root) return reply.callNotFound();
    return reply.header('cache-control', `public, max-age=${ONE_DAY}`).sendFile(file, root);
  });

  app.get<{ Params: { '*': string } }>('/assets/tenant/*', async (request, reply) => {
    return reply.header('cache-control', `public, max-age=${ONE_DAY}`).sendFile(request.params['*'], join(request.tenant.dir, 'assets'));
  });

  app.get<{ Params: { plugin: string; '*': string } }>('/assets/p/:plugin/*', async (request, reply) => {
    const root = pluginAssets.get(request.params.plugin);
    if (!root || !request.tenant.plugins.has(request.params.plugin)) return reply.callNotFound();
    return reply.header('cache-control', `public, max-age=${ONE_DAY}`).sendFile(request.params['*'], root);
  });
}
