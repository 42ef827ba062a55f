import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, localDate } from 'portal/sdk';
import { findInvoiceDocument } from '../data/invoice-document.ts';
import { presentInvoice } from '../view-models/invoice-detail.ts';
import { sqlOf } from '../data/sql.ts';
import { invoiceId } from './invoice-id.ts';

/** One invoice: fiscal fields, lines, totals, payments; looked up among the customer's accounts only. */
export function detailRoute(app: FastifyInstance, _ctx: PluginRoutesContext): void {
  app.get<{ Params: { id: string } }>('/invoices/:id', { preHandler: requireCustomer }, async (request, reply) => {
    const id = invoiceId(request.params.id);
    const owned = request.customer!.accounts.map((a) => a.id);
    const doc = id ? await findInvoiceDocument(sqlOf(request.em), request.tenant.id, id, owned) : null;
    if (!doc) return reply.callNotFound();
    return reply.page('invoices/detail', presentInvoice(doc, localDate(new Date(), request.tenant.timezone), request.locale), {
      title: 'invoices.detail.title',
      section: 'invoices',
    });
  });
}
