import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer } from 'portal/sdk';
import { toCents, fromCents } from '../domain/money.ts';
import { statementPage, statementSummary } from '../data/statement.ts';
import { presentMovement } from '../view-models/movement-row.ts';
import { pagination } from '../view-models/pagination.ts';
import { translator, type Translate } from '../view-models/translate.ts';
import { sqlOf, type Sql } from '../data/sql.ts';
import type { InvoicesSettings } from '../settings.ts';
import { accountLinks, pickAccount, type AccountHolder, type OwnedAccount } from './owned-account.ts';
import { filterQuery, parseStatementQuery, type StatementQuery } from './statement-filter.ts';

/** The current account: balance on top, then the movements of the range with their running balance. */
export function statementRoute(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<{ Querystring: StatementQuery }>('/invoices/statement', { preHandler: requireCustomer }, async (request, reply) => {
    const customer = request.customer!;
    const account = pickAccount(customer, request.query.account);
    if (account === null) return reply.callNotFound();
    const data = await statementPageData(sqlOf(request.em), translator(ctx.portal, request), ctx.settings<InvoicesSettings>(request), request.tenant.id, customer, account, request.query);
    return reply.page('invoices/statement', data, { title: 'invoices.statement.title', section: 'invoices' });
  });
}

/** What the statement shows for one of the customer's accounts (exported for the benchmark's baseline). */
export async function statementPageData(
  sql: Sql,
  t: Translate,
  settings: InvoicesSettings,
  tenantId: string,
  customer: AccountHolder,
  account: OwnedAccount | undefined,
  query: StatementQuery,
): Promise<Record<string, unknown>> {
  const { filter, page: asked, invalid } = parseStatementQuery(query);
  const data: Record<string, unknown> = { account, filter, invalid, accounts: customer.accounts.length > 1 ? accountLinks(customer, account, '/invoices/statement') : [] };
  if (account) {
    const size = settings.statementPageSize;
    // The count and the asked page at once; only a page past the last one is read again, as the last.
    const [summary, askedRows] = await Promise.all([statementSummary(sql, tenantId, account.id, filter), statementPage(sql, tenantId, account.id, filter, asked, size)]);
    const pages = Math.max(1, Math.ceil(summary.count / size));
    const page = Math.min(asked, pages);
    const rows = page === asked ? askedRows : await statementPage(sql, tenantId, account.id, filter, page, size);
    const cents = toCents(summary.balance);
    Object.assign(data, {
      balance: fromCents(Math.abs(cents)),
      balanceSide: cents > 0 ? 'owed' : cents < 0 ? 'credit' : 'settled',
      movements: rows.map((r) => presentMovement(r, t)),
      count: summary.count,
      page,
      pages,
      pagination: pagination(page, pages, (p) => `/invoices/statement?${filterQuery(account.number, filter, { page: p })}`),
      downloads: settings.exportFormats.map((format) => ({ format: format.toUpperCase(), href: `/invoices/statement.${format}?${filterQuery(account.number, filter)}` })),
      orderOptions: (['desc', 'asc'] as const).map((o) => ({ value: o, selected: o === filter.order })),
    });
  }
  return data;
}
