import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { LoadedPlugin, PortalServices } from '../plugins/define-plugin.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { AuditLog } from '../auth/audit.ts';
import { StaffSessionStore } from './staff-session-store.ts';
import { PermissionRegistry } from './permissions.ts';
import { TotpSealer } from './totp-secret.ts';
import { loadStaff, staffCookie, type StaffSessionDeps } from './staff-session.ts';
import { staffGuards, type StaffGuards } from './staff-guards.ts';
import { staffPageRendering } from './staff-page.ts';
import { staffErrorPages } from './staff-errors.ts';
import { registerPluginStaffRoutes } from './register-plugin-staff-routes.ts';
import { staffLoginRoutes } from './routes/login.ts';
import { staffEnrolRoutes } from './routes/enrol.ts';
import { staffAccountRoutes } from './routes/account.ts';
import { staffOverviewRoutes } from './routes/overview.ts';
import { staffCustomerRoutes } from './routes/customers.ts';
import { staffCustomerActionRoutes } from './routes/customer-actions.ts';
import { staffAuditRoutes } from './routes/audit.ts';
import { staffSavedFilterRoutes } from './routes/saved-filters.ts';
import { staffCustomerExportRoutes } from './routes/customers-export.ts';
import { staffUserRoutes } from './routes/users.ts';
import { staffApiRoutes } from '../api/staff-routes.ts';
import { staffMailRoutes } from '../mail/staff-routes.ts';
import type { PortalMetrics } from '../metrics/portal-metrics.ts';
import './request-types.ts';

const ASSETS = join(import.meta.dirname, 'assets');

export interface StaffModuleOptions {
  orm: MikroORM;
  services: PortalServices & { sessions: SessionStore; audit: AuditLog; metrics: PortalMetrics };
  plugins: LoadedPlugin[];
  /** HTTPS in production: decides the cookie's name and Secure flag. */
  secure: boolean;
  /** Host session secret; the TOTP secrets' key is derived from it. */
  sessionSecret: string;
  /** Failed logins on one operator from this many addresses lock it (host `loginLockout`). */
  lockoutAddresses: number;
}

/** What every back-office route module receives. */
export interface StaffRouteDeps extends StaffModuleOptions {
  session: StaffSessionDeps;
  guards: StaffGuards;
  sealer: TotpSealer;
  permissions: PermissionRegistry;
}

/**
 * The back office at `/staff` of every tenant hostname: its own login, sessions and cookie, core's
 * screens, then each plugin's staff routes in their own scope.
 */
export async function staffModule(app: FastifyInstance, opts: StaffModuleOptions): Promise<void> {
  app.decorateRequest('staff', null);
  app.decorateRequest('staffSession', null);
  const permissions = new PermissionRegistry(opts.plugins);
  const deps: StaffRouteDeps = {
    ...opts,
    permissions,
    session: { store: new StaffSessionStore(opts.orm), cookie: staffCookie(opts.secure), permissions },
    guards: staffGuards(opts.services.audit),
    sealer: new TotpSealer(opts.sessionSecret),
  };

  // Outside the scope below: a stylesheet (or the shortcuts script) needs no operator and no database round trip.
  app.get<{ Params: { file: string } }>('/staff/assets/:file', async (request, reply) => {
    if (!/^[a-z0-9-]+\.(css|svg|js)$/.test(request.params.file)) return reply.callNotFound();
    return reply.header('cache-control', 'public, max-age=86400').sendFile(request.params.file, ASSETS);
  });

  await app.register(
    async (scope) => {
      staffPageRendering(scope, { views: opts.services.views, plugins: opts.plugins });
      scope.addHook('onRequest', loadStaff(deps.session));
      staffErrorPages(scope);
      // Back-office pages hold customer data: never keep them in a shared or browser cache.
      scope.addHook('onSend', async (_request: FastifyRequest, reply, payload) => {
        reply.header('cache-control', 'no-store');
        return payload;
      });
      await staffLoginRoutes(scope, deps);
      await staffEnrolRoutes(scope, deps);
      await staffAccountRoutes(scope, deps);
      await staffOverviewRoutes(scope, deps);
      await staffCustomerRoutes(scope, deps);
      await staffCustomerActionRoutes(scope, deps);
      await staffAuditRoutes(scope, deps);
      await staffSavedFilterRoutes(scope, deps);
      await staffCustomerExportRoutes(scope, deps);
      await staffUserRoutes(scope, deps);
      await staffApiRoutes(scope, deps);
      await staffMailRoutes(scope, deps);
      await registerPluginStaffRoutes(scope, deps);
    },
    { prefix: '/staff' },
  );
}
