import type { FastifyInstance } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { Account, AccountService, Customer } from '../../accounts/entities.ts';
import { searchCustomers } from '../customer-search.ts';
import { customerActivity } from '../customer-activity.ts';
import { pageNumber, pager } from '../pagination.ts';
import { actionLabel } from '../action-label.ts';
import { contributedPanels, renderCustomerPanels } from '../customer-panels.ts';
import { summariseUserAgent } from '../../auth/user-agent.ts';

const PAGE_SIZE = 25;

/**
 * Finding a customer and seeing their accounts, services and recent activity. Ids come from the
 * URL: anything not in this tenant is a 404 (the ORM's tenant filter does the scoping).
 */
export async function staffCustomerRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const canView = deps.guards.requirePermission('customers.view');
  const panels = contributedPanels(deps.plugins);

  app.get<{ Querystring: { q?: string; page?: string } }>('/customers', { preHandler: canView }, async (request, reply) => {
    const q = String(request.query.q ?? '').slice(0, 100);
    const page = pageNumber(request.query.page);
    const { rows, total, more } = await searchCustomers(request, q, page, PAGE_SIZE);
    return reply.staffPage(
      'staff/customers',
      { q, rows, more, pager: pager('/staff/customers', { q }, page, PAGE_SIZE, total) },
      { title: 'staff.customers.title', section: 'customers' },
    );
  });

  app.get<{ Params: { id: string } }>('/customers/:id', { preHandler: canView }, async (request, reply) => {
    const id = Number(request.params.id);
    const customer = Number.isSafeInteger(id) ? await request.em.findOne(Customer, { id }) : null;
    if (!customer) return reply.callNotFound();
    const accounts = await request.em.find(Account, { customerId: customer.id }, { orderBy: { number: 'asc' } });
    const services = accounts.length
      ? await request.em.find(AccountService, { accountId: { $in: accounts.map((a) => a.id) } }, { orderBy: { id: 'asc' } })
      : [];
    const [sessions, activity, sections] = await Promise.all([
      deps.services.sessions.listForCustomer(request.tenant.id, customer.id),
      customerActivity(request, { id: customer.id, email: customer.email ?? null }, accounts.map((a) => a.number)),
      renderCustomerPanels(request, deps.services, panels, {
        customer: { id: customer.id, name: customer.name, email: customer.email ?? null },
        accounts: accounts.map((a) => ({ id: a.id, number: a.number })),
      }),
    ]);
    const staff = request.staff!;
    return reply.staffPage(
      'staff/customer',
      {
        // Not `customer`: that key of the page frame is the signed-in customer (none here).
        person: {
          id: customer.id,
          name: customer.name,
          email: customer.email,
          phone: customer.phone,
          mobile: customer.mobile,
          address: customer.address,
          locked: Boolean(customer.lockedAt),
          lockedAt: customer.lockedAt,
          emailVerified: Boolean(customer.emailVerifiedAt),
          firstAccessPending: customer.mustChangePassword,
          createdAt: customer.createdAt,
        },
        accounts: accounts.map((a) => ({
          id: a.id,
          number: a.number,
          holderName: a.holderName,
          document: `${a.documentType} ${a.documentNumber}`,
          email: a.email ?? customer.email,
          services: services.filter((s) => s.accountId === a.id).map((s) => ({ kind: s.kind, plan: s.plan, address: s.address, status: s.status })),
        })),
        sessionsActive: sessions.length,
        sessions: sessions.map((row) => ({ device: summariseUserAgent(row.userAgent), ip: row.ip, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt })),
        panels: sections,
        activity: activity.map((a) => ({ ...a, actionLabel: actionLabel(deps.services.views.catalogFor(request.tenant), request.locale, a.action) })),
        can: {
          issueKey: staff.permissions.has('customers.issue-key') && !customer.lockedAt,
          lock: staff.permissions.has('customers.lock'),
          endSessions: staff.permissions.has('customers.sessions') && sessions.length > 0,
          audit: staff.permissions.has('audit.view'),
        },
      },
      { title: 'staff.customer.title', titleParams: { name: customer.name }, section: 'customers' },
    );
  });

  /** An account without a login yet: its data, services and the first access key. */
  app.get<{ Params: { id: string } }>('/accounts/:id', { preHandler: canView }, async (request, reply) => {
    const id = Number(request.params.id);
    const account = Number.isSafeInteger(id) ? await request.em.findOne(Account, { id }) : null;
    if (!account) return reply.callNotFound();
    if (account.customerId) return reply.redirect(`/staff/customers/${account.customerId}#account-${account.id}`);
    const [services, sections] = await Promise.all([
      request.em.find(AccountService, { accountId: account.id }, { orderBy: { id: 'asc' } }),
      renderCustomerPanels(request, deps.services, panels, { customer: null, accounts: [{ id: account.id, number: account.number }] }),
    ]);
    return reply.staffPage(
      'staff/account-detail',
      {
        account: {
          id: account.id,
          number: account.number,
          holderName: account.holderName,
          document: `${account.documentType} ${account.documentNumber}`,
          email: account.email,
          services: services.map((s) => ({ kind: s.kind, plan: s.plan, address: s.address, status: s.status })),
        },
        panels: sections,
        can: { issueKey: request.staff!.permissions.has('customers.issue-key') },
      },
      { title: 'staff.accountDetail.title', titleParams: { number: account.number }, section: 'customers' },
    );
  });
}
