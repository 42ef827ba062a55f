import type { FastifyReply } from 'fastify';
import { type FileContent, sendStoredFile } from 'portal/sdk';
import type { ReportView } from '../data/reports.ts';

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * A stored receipt as a download with the type it was checked to have: a browser never renders
 * an upload as a page of this site.
 */
export function sendReceipt(reply: FastifyReply, report: ReportView, file: FileContent) {
  const ext = EXTENSIONS[report.receiptType];
  reply
    .type(ext ? report.receiptType : 'application/octet-stream')
    .header('content-disposition', `attachment; filename="comprobante-${report.id}.${ext ?? 'bin'}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  return sendStoredFile(reply, file);
}
