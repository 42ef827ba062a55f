import type { FastifyRequest } from 'fastify';
import type { LoadedPlugin, PortalServices, StaffCustomerPanel, StaffCustomerPanelContext } from '../plugins/define-plugin.ts';

export interface PanelView {
  id: string;
  label: string;
  icon: string;
  /** The panel's body; null when its plugin failed to read it (the page still shows). */
  html: string | null;
}

type Contributed = { plugin: string; panel: StaffCustomerPanel };

/** Every panel the installed plugins contribute to the staff customer page, in order. */
export function contributedPanels(plugins: LoadedPlugin[]): Contributed[] {
  return plugins
    .flatMap((p) => (p.definition.staffCustomerPanels ?? []).map((panel) => ({ plugin: p.name, panel })))
    .sort((a, b) => (a.panel.order ?? 500) - (b.panel.order ?? 500));
}

/**
 * The panels this operator may see for this customer, read at once (each reads its own rows, so
 * the page waits for the slowest, not for the sum) and rendered through the tenant's theme chain.
 * A panel whose permission the operator lacks is neither read nor shown; one that fails is logged
 * and shown as such, so one plugin's bug does not take an operator's customer page away.
 */
export async function renderCustomerPanels(
  request: FastifyRequest,
  portal: PortalServices,
  panels: Contributed[],
  who: Pick<StaffCustomerPanelContext, 'customer' | 'accounts'>,
): Promise<PanelView[]> {
  const staff = request.staff!;
  const tenant = request.tenant;
  const visible = panels.filter(({ plugin, panel }) => tenant.plugins.has(plugin) && staff.permissions.has(panel.permission));
  const catalog = portal.views.catalogFor(tenant);
  const frame = { locale: request.locale, currency: tenant.currency, timezone: tenant.timezone };
  const read = await Promise.all(
    visible.map(async ({ plugin, panel }) => {
      try {
        return await panel.data({ request, portal, tenant, em: request.em, staff, settings: tenant.plugins.get(plugin) ?? {}, ...who });
      } catch (err) {
        request.log.error({ err, plugin, panel: panel.id }, 'staff customer panel failed');
        return undefined;
      }
    }),
  );
  const views: PanelView[] = [];
  visible.forEach(({ plugin, panel }, i) => {
    const data = read[i];
    if (data === null) return;
    const labelKey = catalog.has(request.locale, `${plugin}.${panel.label}`) ? `${plugin}.${panel.label}` : panel.label;
    let html: string | null = null;
    if (data !== undefined) {
      try {
        html = portal.views.render(tenant, panel.template, { ...frame, ...data }, false);
      } catch (err) {
        request.log.error({ err, plugin, panel: panel.id }, 'staff customer panel failed to render');
      }
    }
    views.push({ id: `${plugin}-${panel.id}`, label: catalog.t(request.locale, labelKey), icon: panel.icon ?? 'file', html });
  });
  return views;
}
