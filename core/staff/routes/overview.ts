import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffOverviewValue } from '../../plugins/define-plugin.ts';
import type { StaffRouteDeps } from '../staff-module.ts';
import { coreCounts } from '../overview-counts.ts';

interface CardView {
  id: string;
  label: string;
  icon: string;
  href?: string;
  count: number;
  previous?: number;
  trend?: 'up' | 'down' | 'same';
  attention: boolean;
}

/** The tenant at a glance: core's figures, then one card per plugin figure the operator may see. */
export async function staffOverviewRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { views, sessions } = deps.services;
  const pluginCards = deps.plugins
    .flatMap((p) => (p.definition.staffOverview ?? []).map((card) => ({ plugin: p.name, card })))
    .sort((a, b) => (a.card.order ?? 500) - (b.card.order ?? 500));

  app.get('/', { preHandler: deps.guards.requirePermission('overview.view') }, async (request, reply) => {
    const catalog = views.catalogFor(request.tenant);
    const t = (key: string) => catalog.t(request.locale, key);
    const staff = request.staff!;
    const c = await coreCounts(request, sessions.timeouts.idleMinutes);
    const canSeeCustomers = staff.permissions.has('customers.view');
    const core: CardView[] = [
      card('customers', t('staff.overview.customers'), 'user', c.customers, canSeeCustomers ? '/staff/customers' : undefined),
      card('without-login', t('staff.overview.accountsWithoutLogin'), 'lock', c.accountsWithoutLogin),
      card('logins', t('staff.overview.loginsToday'), 'check', c.loginsToday, undefined, c.loginsYesterday),
      card('sessions', t('staff.overview.activeSessions'), 'clock', c.activeSessions),
      card('mail-pending', t('staff.overview.mailPending'), 'mail', c.mailPending),
      { ...card('mail-failed', t('staff.overview.mailFailed'), 'alert', c.mailFailed), attention: c.mailFailed > 0 },
    ];
    const contributed: CardView[] = [];
    for (const { plugin, card: def } of pluginCards) {
      if (!request.tenant.plugins.has(plugin) || !staff.permissions.has(def.permission)) continue;
      const value = await readCard(request, plugin, () =>
        def.count({ request, tenant: request.tenant, em: request.em, staff, settings: request.tenant.plugins.get(plugin) ?? {} }),
      );
      if (value === null) continue;
      const labelKey = catalog.has(request.locale, `${plugin}.${def.label}`) ? `${plugin}.${def.label}` : def.label;
      contributed.push({
        ...card(`${plugin}-${def.id}`, t(labelKey), def.icon ?? 'file', value.count, def.href, value.previous),
        attention: Boolean(value.attention),
      });
    }
    return reply.staffPage('staff/overview', { core, contributed, canSearch: canSeeCustomers }, { title: 'staff.overview.title', section: 'overview' });
  });
}

function card(id: string, label: string, icon: string, count: number, href?: string, previous?: number): CardView {
  const trend = previous === undefined ? undefined : count > previous ? 'up' : count < previous ? 'down' : 'same';
  return { id, label, icon, href, count, previous, trend, attention: false };
}

/** A plugin whose figure fails leaves its card out; the rest of the overview still shows. */
async function readCard(
  request: FastifyRequest,
  plugin: string,
  read: () => Promise<number | StaffOverviewValue | null> | number | StaffOverviewValue | null,
): Promise<StaffOverviewValue | null> {
  try {
    const value = await read();
    if (value === null || value === undefined) return null;
    return typeof value === 'number' ? { count: value } : value;
  } catch (err) {
    request.log.error({ err, plugin }, 'staff overview card failed');
    return null;
  }
}
