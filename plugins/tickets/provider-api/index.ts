import type { PluginApi } from 'portal/sdk';
import { TICKET_OPENED, TICKET_REPLIED } from '../workflow/bus-events.ts';
import { ticketRoutes } from './ticket-routes.ts';
import { replyRoute } from './reply-route.ts';
import { attachmentRoute } from './attachment-route.ts';
import { ticketOpenedData, ticketRepliedData } from './webhook-data.ts';

/** The tickets plugin's part of the provider API: see core/api/contract.ts and docs/plugins.md. */
export const ticketsApi: PluginApi = {
  resources: [{ name: 'tickets', description: "Customers' support tickets with their public messages and files; replies from your system." }],
  async routes(app, ctx) {
    await ticketRoutes(app);
    await replyRoute(app, ctx);
    await attachmentRoute(app, ctx);
  },
  webhooks: [
    {
      event: 'ticket.opened',
      on: TICKET_OPENED,
      description: 'A customer opened a ticket: the ticket and its first message.',
      data: ticketOpenedData,
    },
    {
      event: 'ticket.replied',
      on: TICKET_REPLIED,
      description:
        'A message on a ticket: from the customer (`reopened` when it reopened a closed ticket) or from an operator in the back office (`message.author.kind`). Replies sent through the API are not echoed.',
      data: ticketRepliedData,
    },
  ],
};
