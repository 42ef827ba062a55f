import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, type Tenant, nextTenantNumber } from 'portal/sdk';
import { ServiceRequest, type RequestRow } from '../entities.ts';
import type { RequestType } from '../types/contract.ts';
import { recordFiles, type StoredFile } from '../documents/store-files.ts';
import { addEvent, type Actor } from './add-event.ts';
import { notifyCustomer } from './notify.ts';

export interface NewRequest {
  tenant: Tenant;
  type: RequestType;
  accountId: number;
  serviceId: number | null;
  customerId: number | null;
  data: Record<string, unknown>;
  files: StoredFile[];
  actor: Actor;
  externalId?: string;
  /** Queue the receipt email (the demo seed sends none). */
  notify: boolean;
}

/**
 * Records a request, its first history line and its files, and queues the receipt, all with the
 * caller's transaction, which also holds the tenant's number counter until it ends: requests filed
 * at once take consecutive numbers, and a request that fails gives its number back. A second open request of the same type for the same target breaks the
 * unique index: the caller turns that into a message.
 */
export async function fileRequest(em: EntityManager, portal: PortalServices, input: NewRequest): Promise<RequestRow> {
  const row = em.create(ServiceRequest, {
    tenantId: input.tenant.id,
    number: await nextTenantNumber(em, input.tenant.id, 'service-requests'),
    type: input.type.id,
    accountId: input.accountId,
    serviceId: input.serviceId,
    customerId: input.customerId,
    status: 'submitted',
    data: input.data,
    externalId: input.externalId ?? null,
  } as any);
  await em.flush();
  const event = await addEvent(em, input.tenant.id, row.id, input.actor, 'submitted', 'submitted');
  recordFiles(em, input.tenant.id, row.id, event.id, input.files);
  if (input.notify) await notifyCustomer(em, portal, input.tenant, row, 'submitted', null);
  await em.flush();
  return row;
}
