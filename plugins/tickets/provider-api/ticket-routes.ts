import type { FastifyInstance } from 'fastify';
import { ApiError, cursorColumn, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery, equalsFilter, problemSchema, sql } from 'portal/sdk';
import { TICKET_STATUSES, type TicketStatus } from '../entities.ts';
import { ticketWithMessages } from './find-ticket.ts';
import { messageView } from './message-view.ts';
import { TICKET_FROM, TICKET_SELECT, type TicketRow, ticketOf, ticketView } from './ticket-view.ts';

/** Ticket numbers are int4 and the portal's own URLs take nine digits at most. */
export const numberParam = {
  type: 'object',
  required: ['number'],
  properties: { number: { type: 'integer', minimum: 1, maximum: 999_999_999, description: 'The ticket number customers see.' } },
};

export const ticketWithMessagesView = {
  ...ticketView,
  properties: {
    ...ticketView.properties,
    messages: { type: 'array', description: 'What the customer sees, oldest first; internal notes are never included.', items: messageView },
  },
};

export const noTicket = (number: number) => new ApiError(404, `no ticket ${number}`);

type TicketsQuery = ListQuery & { status?: TicketStatus; account_number?: string };

export async function ticketRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: TicketsQuery }>(
    '/tickets',
    {
      config: { apiScope: 'tickets:read' },
      schema: {
        summary: 'Tickets in change order (a message or status change the customer sees changes its ticket)',
        querystring: listQuerySchema({
          status: { type: 'string', enum: [...TICKET_STATUSES], description: 'Only tickets in this status.' },
          account_number: { type: 'string', maxLength: 64, description: 'Only tickets about this account.' },
        }),
        response: { 200: pageSchema(ticketView), 400: problemSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const page = pageClause(q, 't');
      const filter = equalsFilter([['t.status', q.status], ['a.number', q.account_number]]);
      const rows = await sql<TicketRow & { cursor_at: string }>(
        request.em,
        `${TICKET_SELECT}, ${cursorColumn('t')} ${TICKET_FROM}${filter.where}${page.where}${page.tail}`,
        [request.tenant.id, ...filter.params, ...page.params],
      );
      return toPage(rows, q, ticketOf);
    },
  );

  app.get<{ Params: { number: number } }>(
    '/tickets/:number',
    {
      config: { apiScope: 'tickets:read' },
      schema: { summary: 'One ticket with the messages its customer sees', params: numberParam, response: { 200: ticketWithMessagesView, 404: problemSchema } },
    },
    async (request) => {
      const ticket = await ticketWithMessages(request.em, request.tenant.id, request.params.number);
      if (!ticket) throw noTicket(request.params.number);
      return ticket;
    },
  );
}
