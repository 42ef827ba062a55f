import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type ApiRoutesContext, ApiError, problemSchema } from 'portal/sdk';
import type { TicketsSettings } from '../settings.ts';
import { tenantTicket } from '../data/read.ts';
import { inTransaction } from '../data/sql.ts';
import { closeTicket, PROVIDER_TEAM, staffReply } from '../workflow/staff-actions.ts';
import type { Work } from '../workflow/work.ts';
import { MESSAGE_MAX } from '../routes/validate.ts';
import { auditSubject } from '../audit-subject.ts';
import { ticketWithMessages } from './find-ticket.ts';
import { noTicket, numberParam, ticketWithMessagesView } from './ticket-routes.ts';

const notBlank = '\\S';

export const replySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['body'],
  properties: {
    body: {
      type: 'string',
      minLength: 1,
      maxLength: MESSAGE_MAX,
      pattern: notBlank,
      description: 'Plain text; a blank line starts a paragraph. Shown on the ticket and mailed to the customer.',
    },
    status: {
      type: 'string',
      enum: ['answered', 'closed'],
      default: 'answered',
      description: '`answered`: the ticket waits for the customer (as when an operator replies); `closed`: resolved, and the customer is also told it was closed.',
    },
    author: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      pattern: notBlank,
      description: 'The name the customer sees on the reply (as an operator’s, if the tenant shows names on replies); without it, the support team.',
    },
  },
};

interface ReplyBody {
  body: string;
  status: 'answered' | 'closed';
  author?: string;
}

export async function replyRoute(app: FastifyInstance, ctx: ApiRoutesContext): Promise<void> {
  app.post<{ Params: { number: number }; Body: ReplyBody }>(
    '/tickets/:number/replies',
    {
      config: { apiScope: 'tickets:write' },
      schema: {
        summary: 'Reply to a ticket from your system, as an operator would',
        description:
          'The customer sees the reply on the ticket and gets it by email; the ticket then waits for the customer, or is closed with `status: closed`. ' +
          'A closed ticket takes no replies (409) until its customer or an operator reopens it.',
        params: numberParam,
        body: replySchema,
        response: { 201: ticketWithMessagesView, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { number } = request.params;
      const ticket = await tenantTicket(request.em, String(number));
      if (!ticket) throw noTicket(number);
      const work: Work = { em: request.em, tenant: request.tenant, portal: ctx.portal, settings: ctx.settings<TicketsSettings>(request) };
      const key = request.apiKey!;
      const { status, author } = request.body;
      const body = request.body.body.replace(/\r\n?/g, '\n').trim();
      const outcome = await inTransaction(request.em, async () => {
        const replied = await staffReply(work, ticket, { api: { keyId: key.id, name: author?.trim() ?? null } }, body);
        if (replied !== 'ok') return replied;
        audit(ctx, request, 'replied', number, { author: author ?? null });
        if (status === 'closed' && (await closeTicket(work, ticket, PROVIDER_TEAM))) audit(ctx, request, 'closed', number, { from: 'answered' });
        return replied;
      });
      if (outcome === 'closed') throw new ApiError(409, `ticket ${number} is closed: it takes replies only while open or answered; it must be reopened first, by its customer or in the back office`);
      return reply.code(201).send(await ticketWithMessages(request.em, request.tenant.id, number));
    },
  );
}

function audit(ctx: ApiRoutesContext, request: FastifyRequest, verb: 'replied' | 'closed', number: number, details: Record<string, unknown>): void {
  ctx.portal.audit.record(request, {
    action: `tickets.${verb}`,
    outcome: 'success',
    subject: auditSubject(number),
    details: { number, ...details },
  });
}
