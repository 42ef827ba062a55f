import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { findInvoiceDocument } from '../data/invoice-document.ts';
import { invoiceFile } from '../pdf/invoice-file.ts';
import { sqlOf } from '../data/sql.ts';
import type { InvoicesSettings } from '../settings.ts';
import { invoiceId } from './invoice-id.ts';
import { sendDownload } from './send-download.ts';

/** "Bajar": the provider's PDF when it sent one, otherwise one generated on the fly. */
export function pdfRoute(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Params: { id: string } }>('/invoices/:id/pdf', { preHandler: requireCustomer }, async (request, reply) => {
    const id = invoiceId(request.params.id);
    const sql = sqlOf(request.em);
    const owned = request.customer!.accounts.map((a) => a.id);
    const doc = id ? await findInvoiceDocument(sql, request.tenant.id, id, owned) : null;
    if (!doc) return reply.callNotFound();
    const file = await invoiceFile(sql, ctx.portal.files, request.tenant, ctx.settings<InvoicesSettings>(request), doc);
    return sendDownload(reply, file.filename, 'application/pdf', file.content);
  });
}
