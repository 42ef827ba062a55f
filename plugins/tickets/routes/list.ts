import type { FastifyInstance } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type PluginRoutesContext, requireCustomer, pageNumber, pager, sql } from 'portal/sdk';
import { Ticket, TICKET_STATUSES, type TicketStatus } from '../entities.ts';
import { categoryLabel } from '../settings.ts';
import { statusView } from '../view-models/status.ts';
import { ticketsAbout } from '../view-models/ticket-about.ts';
import { pageContext } from './page-context.ts';

const PAGE_SIZE = 20;

type ListQuery = { Querystring: { status?: string; page?: string } };

/** "Mis tickets": newest activity first, filtered by status, with how many there are of each. */
export function listRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<ListQuery>('/tickets', { preHandler: requireCustomer }, async (request, reply) => {
    const { settings, t, customer } = pageContext(ctx, request);
    const status = TICKET_STATUSES.includes(request.query.status as TicketStatus) ? (request.query.status as TicketStatus) : null;
    const page = pageNumber(request.query.page);
    const where = { customerId: customer.id, ...(status ? { status } : {}) };
    const tickets = await request.em.find(Ticket, where, { orderBy: { lastActivityAt: 'desc', id: 'desc' }, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const about = await ticketsAbout(request.em, customer, tickets, t);
    const counts = await countsByStatus(request.em, request.tenant.id, customer.id);
    const all = Object.values(counts).reduce((a, b) => a + b, 0);
    return reply.page(
      'tickets/index',
      {
        filters: [null, ...TICKET_STATUSES].map((code) => ({
          label: t(code ? `filter.${code}` : 'filter.all'),
          count: code ? (counts[code] ?? 0) : all,
          href: code ? `/tickets?status=${code}` : '/tickets',
          current: code === status,
        })),
        tickets: tickets.map((ticket) => ({
          number: ticket.number,
          href: `/tickets/${ticket.number}`,
          subject: ticket.subject,
          category: categoryLabel(settings, ticket.category, request.locale),
          about: about.get(ticket.id) ?? null,
          status: statusView(ticket.status, t, 'customer'),
          createdAt: ticket.createdAt,
          lastActivityAt: ticket.lastActivityAt,
        })),
        empty: tickets.length === 0 ? t(all === 0 ? 'list.none' : 'list.noneWithStatus') : null,
        pages: pager('/tickets', { status: status ?? undefined }, page, PAGE_SIZE, status ? (counts[status] ?? 0) : all),
      },
      { title: 'tickets.title', section: 'tickets' },
    );
  });
}

async function countsByStatus(em: EntityManager, tenantId: string, customerId: number): Promise<Partial<Record<TicketStatus, number>>> {
  const rows = await sql<{ status: TicketStatus; n: number }>(
    em,
    `SELECT status, count(*)::int AS n FROM tickets WHERE tenant_id = ? AND customer_id = ? GROUP BY status`,
    [tenantId, customerId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
