import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, localDate } from 'portal/sdk';
import { listInvoices } from '../data/invoice-list.ts';
import { invoiceListPage } from '../view-models/invoice-list-page.ts';
import { sqlOf } from '../data/sql.ts';
import type { InvoicesSettings } from '../settings.ts';
import { pickAccount } from './owned-account.ts';

/** The last N billing periods of one account, newest first. */
export function listRoute(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: { account?: string } }>('/invoices', { preHandler: requireCustomer }, async (request, reply) => {
    const customer = request.customer!;
    const account = pickAccount(customer, request.query.account);
    if (account === null) return reply.callNotFound();
    const { periodsShown } = ctx.settings<InvoicesSettings>(request);
    const rows = account ? await listInvoices(sqlOf(request.em), request.tenant.id, account.id, periodsShown) : [];
    const data = invoiceListPage(rows, customer, account, periodsShown, localDate(new Date(), request.tenant.timezone), request.locale);
    return reply.page('invoices/list', data, { title: 'invoices.list.title', section: 'invoices' });
  });
}
