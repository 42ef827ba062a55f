import type { FastifyInstance } from 'fastify';
import type { HostConfig } from '../../config/load-config.ts';
import type { LoadedPlugin, PortalServices } from '../../plugins/define-plugin.ts';
import type { SessionStore } from '../session-store.ts';
import type { AuditLog } from '../audit.ts';
import type { SessionCookie } from '../session-hook.ts';
import { loginRoutes } from './login.ts';
import { dashboardRoutes } from '../../accounts/dashboard-routes.ts';

export interface CoreRouteDeps {
  services: PortalServices & { sessions: SessionStore; audit: AuditLog };
  cookie: SessionCookie;
  config: HostConfig;
  plugins: LoadedPlugin[];
}

export async function coreRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  app.get('/healthz', { config: { hostless: true } }, async () => ({ status: 'ok' }));
  await loginRoutes(app, deps);
  await dashboardRoutes(app, deps);
}
