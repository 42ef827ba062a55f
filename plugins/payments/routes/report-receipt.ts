import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { findReport } from '../data/reports.ts';
import { sendReceipt } from './send-receipt.ts';
import { idParam } from './context.ts';

/** The receipt a customer attached to a report, to that customer only. */
export function reportReceiptRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Params: { id: string } }>('/payments/reports/:id/receipt', { preHandler: requireCustomer }, async (request, reply) => {
    const id = idParam(request.params.id);
    const report = id ? await findReport(request.em, request.tenant.id, id, request.customer!.accounts.map((a) => a.id)) : null;
    const file = report ? await ctx.portal.files.get(request.tenant.id, report.receiptKey) : null;
    if (!report || !file) return reply.callNotFound();
    return sendReceipt(reply, report, file);
  });
}
