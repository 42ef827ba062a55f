import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { invoiceDocuments } from '../data/invoice-document.ts';
import { sqlOf } from '../data/sql.ts';
import { invoiceFile } from '../pdf/invoice-file.ts';
import { invoiceId } from '../routes/invoice-id.ts';
import { sendDownload } from '../routes/send-download.ts';
import type { InvoicesSettings } from '../settings.ts';
import { PERMISSION_VIEW } from './permissions.ts';

/** An operator opens any invoice of the tenant as the customer would get it (the customer page links here). */
export function staffPdfRoute(app: FastifyInstance, ctx: StaffRoutesContext): void {
  app.get<{ Params: { id: string } }>('/invoices/:id/pdf', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const id = invoiceId(request.params.id);
    const sql = sqlOf(request.em);
    const [doc] = id ? await invoiceDocuments(sql, request.tenant.id, [id]) : [];
    if (!doc) return reply.callNotFound();
    const file = await invoiceFile(sql, ctx.portal.files, request.tenant, ctx.settings<InvoicesSettings>(request), doc);
    return sendDownload(reply, file.filename, 'application/pdf', file.content);
  });
}
