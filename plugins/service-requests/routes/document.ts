import type { FastifyReply } from 'fastify';
import { type PortalServices, sendStoredFile } from 'portal/sdk';
import type { DocumentRow } from '../entities.ts';

/**
 * A request's file as a download, with the type it was checked to have: a browser never renders
 * an upload as a page of the portal. Its stored name is generated; the customer's is only shown.
 */
export async function sendDocument(reply: FastifyReply, files: PortalServices['files'], tenantId: string, doc: DocumentRow) {
  const file = await files.get(tenantId, doc.fileKey);
  if (!file) return reply.callNotFound();
  const ascii = doc.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  reply
    .type(doc.mime)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff');
  return sendStoredFile(reply, file);
}
