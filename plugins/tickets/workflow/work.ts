import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices } from '../../../core/plugins/define-plugin.ts';
import type { Tenant } from '../../../core/tenants/tenant.ts';
import type { TicketsSettings } from '../settings.ts';

/** What every ticket action needs; `em` holds the transaction the action and its emails share. */
export interface Work {
  em: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  settings: TicketsSettings;
}
