import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, type Tenant, claimSubmission, recordAnswer, type Submission } from 'portal/sdk';
import type { FastifyRequest } from 'fastify';
import { RequestDocument } from '../entities.ts';
import { allows, transition } from '../domain/states.ts';
import { recordFiles, type StoredFile } from '../documents/store-files.ts';
import { addEvent } from './add-event.ts';
import { lockRequest } from './decide.ts';
import { notifyCustomer } from './notify.ts';

/** `again`: the same form was sent before and answered; nothing was added now. */
export type ReplyResult = 'ok' | 'state' | 'too-many-files' | { again: string };


/**
 * The customer answers a request for more information: their message and files join the history
 * and the request goes back to review, in one transaction with the lock an operator's decision
 * also takes, so an answer and a decision never cross.
 */
export async function replyToRequest(
  request: FastifyRequest,
  portal: PortalServices,
  input: { requestId: number; message: string | null; files: StoredFile[]; maxDocuments: number; submission?: Submission | null },
): Promise<ReplyResult> {
  const tenant: Tenant = request.tenant;
  const customerId = request.customer!.id;
  return request.em.transactional(async (em: EntityManager): Promise<ReplyResult> => {
    const again = await claimSubmission(em, input.submission ?? null);
    if (again) return { again };
    const row = await lockRequest(em, tenant.id, input.requestId);
    if (!row || row.customerId !== customerId || !allows('reply', row.status)) return 'state';
    const held = await em.count(RequestDocument, { requestId: row.id });
    if (held + input.files.length > input.maxDocuments) return 'too-many-files';
    const step = transition('reply');
    row.status = step.to;
    const event = await addEvent(em, tenant.id, row.id, { type: 'customer', id: customerId }, step.kind, step.to, input.message);
    recordFiles(em, tenant.id, row.id, event.id, input.files);
    portal.audit.recordWith(em, tenant.id, { action: 'service-requests.customer-replied', outcome: 'success', subject: String(row.id), details: { files: input.files.length } }, request);
    await notifyCustomer(em, portal, tenant, row, step.kind, null);
    await recordAnswer(em, input.submission ?? null, `/service-requests/${row.id}`);
    await em.flush();
    return 'ok';
  });
}
