import type { FastifyInstance, FastifyReply } from 'fastify';
import type { LoadedPlugin, StaffNavItem } from '../plugins/define-plugin.ts';
import type { ViewEngine } from '../views/view-engine.ts';
import type { StaffPageOptions } from './request-types.ts';

const CORE_STAFF_NAV: StaffNavItem[] = [
  { id: 'overview', label: 'staff.nav.overview', href: '/staff', icon: 'chart', order: 0, permission: 'overview.view' },
  { id: 'customers', label: 'staff.nav.customers', href: '/staff/customers', icon: 'user', order: 10, permission: 'customers.view' },
  { id: 'audit', label: 'staff.nav.audit', href: '/staff/audit', icon: 'file', order: 900, permission: 'audit.view' },
  { id: 'users', label: 'staff.nav.users', href: '/staff/users', icon: 'lock', order: 910, permission: 'staff.manage' },
  { id: 'api', label: 'staff.nav.api', href: '/staff/api', icon: 'file', order: 920, permission: 'api.manage' },
  { id: 'mail', label: 'staff.nav.mail', href: '/staff/mail', icon: 'file', order: 930, permission: 'mail.manage' },
];

/**
 * `reply.staffPage()`: the customer page frame (brand, language switch, flash, CSRF token) from
 * `reply.page()`, in the `staff` layout, with a menu of what the operator's permissions allow.
 * The layout is looked up like any template, so a theme or tenant can restyle the back office.
 */
export function staffPageRendering(scope: FastifyInstance, deps: { views: ViewEngine; plugins: LoadedPlugin[] }): void {
  const items = [
    ...CORE_STAFF_NAV.map((item) => ({ plugin: '', item })),
    ...deps.plugins.flatMap((p) => (p.definition.staffNavigation ?? []).map((item) => ({ plugin: p.name, item }))),
  ].sort((a, b) => (a.item.order ?? 500) - (b.item.order ?? 500));

  scope.decorateReply('staffPage', function (this: FastifyReply, template: string, data: Record<string, unknown> = {}, opts: StaffPageOptions = {}) {
    const request = this.request;
    const { tenant, staff } = request;
    const catalog = deps.views.catalogFor(tenant);
    const label = (plugin: string, key: string) =>
      plugin && catalog.has(request.locale, `${plugin}.${key}`) ? catalog.t(request.locale, `${plugin}.${key}`) : catalog.t(request.locale, key);
    const staffNav = staff
      ? items
          .filter(({ plugin, item }) => (!plugin || tenant.plugins.has(plugin)) && staff.permissions.has(item.permission))
          .map(({ plugin, item }) => ({
            id: item.id,
            href: item.href,
            icon: item.icon ?? 'file',
            label: label(plugin, item.label),
            active: item.id === opts.section,
          }))
      : [];
    const frame = {
      ...data,
      staffNav,
      staffSection: opts.section,
      staff: staff ? { id: staff.id, name: staff.name, email: staff.email, roleLabel: catalog.t(request.locale, `staff.role.${staff.role}`) } : null,
    };
    const title = opts.title ? catalog.t(request.locale, opts.title, opts.titleParams) : undefined;
    return this.page(template, frame, { title, status: opts.status, layout: 'staff' });
  });
}
