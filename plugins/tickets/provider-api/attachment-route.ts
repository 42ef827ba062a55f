import type { FastifyInstance } from 'fastify';
import { type ApiRoutesContext, ApiError, problemSchema, UPLOAD_KINDS } from 'portal/sdk';
import { customerAttachment, tenantTicket } from '../data/read.ts';
import { sendAttachment } from '../files/send-attachment.ts';
import { numberParam } from './ticket-routes.ts';

const params = {
  type: 'object',
  required: ['number', 'attachmentId'],
  properties: { ...numberParam.properties, attachmentId: { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: "The attachment's `id` in the ticket's messages." } },
};

/**
 * A file of a message the customer sees, as the customer downloads it: the same rule as the
 * messages, so an internal note's file is as missing here as the note itself.
 */
export async function attachmentRoute(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.get<{ Params: { number: number; attachmentId: number } }>(
    '/tickets/:number/attachments/:attachmentId',
    {
      config: { apiScope: 'tickets:read' },
      schema: {
        summary: 'A file attached to a ticket message, as an attachment',
        params,
        response: {
          200: {
            description: 'The file, with the type it was checked to have when uploaded.',
            content: Object.fromEntries([...new Set(Object.values(UPLOAD_KINDS).map((k) => k.mime))].map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
          400: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const { number, attachmentId } = request.params;
      const ticket = await tenantTicket(request.em, String(number));
      const attachment = ticket ? await customerAttachment(request.em, ticket, String(attachmentId)) : null;
      const file = attachment ? await ctx.portal.files.get(request.tenant.id, attachment.fileKey) : null;
      if (!attachment || !file) throw new ApiError(404, `no attachment ${attachmentId} on ticket ${number}`);
      return sendAttachment(reply, attachment, file);
    },
  );
}
