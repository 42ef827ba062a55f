import { describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { definePlugin, type LoadedPlugin, type StaffRoutesContext } from '../../core/plugins/define-plugin.ts';
import { registerPluginStaffRoutes } from '../../core/staff/register-plugin-staff-routes.ts';
import { PermissionRegistry } from '../../core/staff/permissions.ts';
import { staffGuards } from '../../core/staff/staff-guards.ts';
import type { StaffRouteDeps } from '../../core/staff/staff-module.ts';

/** Registers one plugin's staff routes the way the portal does at start, and starts fastify. */
async function start(staffRoutes: (app: FastifyInstance, ctx: StaffRoutesContext) => void): Promise<void> {
  const definition = definePlugin({
    name: 'loose',
    version: '0.0.1', sdk: '^1.0.0',
    permissions: [{ id: 'loose.view', label: 'permission.view', roles: ['support'] }],
    staffRoutes,
  });
  const plugins: LoadedPlugin[] = [{ definition, name: 'loose', dir: '/nowhere' }];
  const app = Fastify();
  try {
    const deps = { plugins, permissions: new PermissionRegistry(plugins), guards: staffGuards({ record: () => {} } as never), services: {} } as unknown as StaffRouteDeps;
    await app.register(async (staff) => registerPluginStaffRoutes(staff, deps), { prefix: '/staff' });
    await app.ready();
  } finally {
    await app.close();
  }
}

describe('a plugin staff route states who may use it, or the portal does not start', () => {
  it('refuses a route with neither a permission nor public: true, naming plugin and route', async () => {
    await expect(start((app) => app.get('/loose', async () => 'open to every operator'))).rejects.toThrow(
      'plugin "loose": staff route GET /staff/loose must set config.permission (a permission operators need) or config.public: true',
    );
  });

  it('refuses a permission nobody declares (a typo would leave the route to nobody but administrators)', async () => {
    await expect(start((app) => app.get('/loose', { config: { permission: 'loose.veiw' } }, async () => 'x'))).rejects.toThrow(
      'plugin "loose": staff route GET /staff/loose needs permission "loose.veiw", which neither core nor any installed plugin declares',
    );
  });

  it('refuses a route that says both', async () => {
    await expect(start((app) => app.post('/loose', { config: { permission: 'loose.view', public: true } }, async () => 'x'))).rejects.toThrow(
      'plugin "loose": staff route POST /staff/loose sets both config.permission and config.public',
    );
  });

  it('starts with a declared permission, a core one, or public: true', async () => {
    await expect(
      start((app) => {
        app.get('/loose', { config: { permission: 'loose.view' } }, async () => 'x');
        app.get('/loose/customers', { config: { permission: 'customers.view' } }, async () => 'x');
        app.get('/loose/help', { config: { public: true } }, async () => 'x');
      }),
    ).resolves.toBeUndefined();
  });
});
