import type { FastifyReply } from 'fastify';
import { type FileContent, sendStoredFile } from 'portal/sdk';
import type { AttachmentRow } from '../entities.ts';
import { contentDisposition } from './attachments.ts';

/**
 * Always a download, with the type it was checked to have: a browser never renders an upload as a
 * page of the portal's origin. Private and unstored, since it is one customer's document.
 */
export function sendAttachment(reply: FastifyReply, attachment: AttachmentRow, file: FileContent) {
  reply
    .type(attachment.mime)
    .header('content-disposition', contentDisposition(attachment.filename))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  return sendStoredFile(reply, file);
}
