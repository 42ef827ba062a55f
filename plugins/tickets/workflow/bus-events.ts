/**
 * What the tickets workflow tells the rest of the portal, on core's EventBus, inside the
 * transaction of the change (so a rolled-back change announces nothing). The provider API turns
 * them into the `ticket.opened` and `ticket.replied` webhooks.
 */
export const TICKET_OPENED = 'tickets.opened';
export const TICKET_REPLIED = 'tickets.replied';

export type TicketOpenedPayload = { ticketId: number; number: number; messageId: number };

export type TicketRepliedPayload = {
  ticketId: number;
  number: number;
  messageId: number;
  by: 'customer' | 'staff';
  /** The customer's message reopened a closed ticket. */
  reopened: boolean;
};
