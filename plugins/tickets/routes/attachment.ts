import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { customerAttachment, customerTicket } from '../data/read.ts';
import { sendAttachment } from '../files/send-attachment.ts';

type Params = { Params: { number: string; attachmentId: string } };

/** A file of the customer's own ticket, as a download; another customer's is a 404 like a missing one. */
export function attachmentRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<Params>('/tickets/:number/attachments/:attachmentId', { preHandler: requireCustomer }, async (request, reply) => {
    const ticket = await customerTicket(request.em, request.customer!.id, request.params.number);
    const attachment = ticket ? await customerAttachment(request.em, ticket, request.params.attachmentId) : null;
    const file = attachment ? await ctx.portal.files.get(request.tenant.id, attachment.fileKey) : null;
    if (!attachment || !file) return reply.callNotFound();
    return sendAttachment(reply, attachment, file);
  });
}
