import type { EntityManager } from '@mikro-orm/postgresql';
import type { PortalServices, Tenant } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';

/** What every ticket action needs; `em` holds the transaction the action and its emails share. */
export interface Work {
  em: EntityManager;
  tenant: Tenant;
  portal: PortalServices;
  settings: TicketsSettings;
}
