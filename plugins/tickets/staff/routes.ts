import type { FastifyInstance } from 'fastify';
import type { StaffRoutesContext } from 'portal/sdk';
import { tenantTicket, ticketAttachment } from '../data/read.ts';
import { sendAttachment } from '../files/send-attachment.ts';
import { PERMISSION_VIEW } from '../permissions.ts';
import { queueRoutes } from './queue.ts';
import { renderStaffTicket } from './ticket-page.ts';
import { actionRoutes } from './actions.ts';
import { bulkRoutes } from './bulk.ts';

type TicketParams = { Params: { number: string } };

/** The tickets queue of the back office (issue 8): read, assign, reply, note, close, reopen. */
export function staffRoutes(app: FastifyInstance, ctx: StaffRoutesContext): void {
  queueRoutes(app, ctx);
  bulkRoutes(app, ctx);

  app.get<TicketParams>('/tickets/:number', { config: { permission: PERMISSION_VIEW } }, async (request, reply) => {
    const ticket = await tenantTicket(request.em, request.params.number);
    if (!ticket) return reply.callNotFound();
    return renderStaffTicket(ctx, request, reply, ticket);
  });

  app.get<{ Params: { number: string; attachmentId: string } }>(
    '/tickets/:number/attachments/:attachmentId',
    { config: { permission: PERMISSION_VIEW } },
    async (request, reply) => {
      const ticket = await tenantTicket(request.em, request.params.number);
      const attachment = ticket ? await ticketAttachment(request.em, ticket, request.params.attachmentId) : null;
      const file = attachment ? await ctx.portal.files.get(request.tenant.id, attachment.fileKey) : null;
      if (!attachment || !file) return reply.callNotFound();
      return sendAttachment(reply, attachment, file);
    },
  );

  actionRoutes(app, ctx);
}
