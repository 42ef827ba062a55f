import type { FastifyInstance } from 'fastify';
import type { HostConfig } from '../../config/load-config.ts';
import type { LoadedPlugin, PortalServices } from '../../plugins/define-plugin.ts';
import type { SessionStore } from '../session-store.ts';
import type { AuditLog } from '../audit.ts';
import type { SessionCookie } from '../session-hook.ts';
import type { AfterReply } from '../../http/after-reply.ts';
import { loginRoutes } from './login.ts';
import { registerRoutes } from './register.ts';
import { verifyRoutes } from './register-verify.ts';
import { forgotRoutes } from './password-forgot.ts';
import { resetRoutes } from './password-reset.ts';
import { changePasswordRoutes } from './change-password.ts';
import { dashboardRoutes } from '../../accounts/dashboard-routes.ts';
import { profileRoutes } from '../../accounts/profile-routes.ts';
import { sessionRoutes } from '../../accounts/session-routes.ts';
import type { PortalMetrics } from '../../metrics/portal-metrics.ts';

export interface CoreRouteDeps {
  services: PortalServices & { sessions: SessionStore; audit: AuditLog; afterReply: AfterReply; metrics: PortalMetrics };
  cookie: SessionCookie;
  config: HostConfig;
  plugins: LoadedPlugin[];
}

export async function coreRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  await loginRoutes(app, deps);
  await registerRoutes(app, deps);
  await verifyRoutes(app, deps);
  await forgotRoutes(app, deps);
  await resetRoutes(app, deps);
  await changePasswordRoutes(app, deps);
  await dashboardRoutes(app, deps);
  await profileRoutes(app, deps);
  await sessionRoutes(app, deps);
}
