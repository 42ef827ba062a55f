import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { Account, Customer } from '../../accounts/entities.ts';
import { issueAccessKey } from '../../accounts/access-keys.ts';
import { AccessKeyError } from '../../accounts/access-key-error.ts';
import { translate } from '../../auth/translate.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const reasonBody = {
  type: 'object',
  properties: { reason: { type: 'string', maxLength: 500 }, _csrf: { type: 'string' } },
} as const;

const keyBody = {
  type: 'object',
  properties: { email: { type: 'string', maxLength: 255 }, _csrf: { type: 'string' } },
} as const;

/**
 * What an operator does for a customer: send an access key (the operator never sees it), lock or
 * unlock the login, end its sessions. Each is audited with the operator as actor.
 */
export async function staffCustomerActionRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { guards } = deps;
  const { sessions, mail, links, audit, views } = deps.services;
  const t = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => translate(views, request, key, params);

  const findCustomer = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const id = Number(request.params.id);
    return Number.isSafeInteger(id) ? request.em.findOne(Customer, { id }) : null;
  };
  const backTo = (reply: FastifyReply, customerId: number) => reply.redirect(`/staff/customers/${customerId}`, 303);

  app.post<{ Params: { id: string }; Body: { email?: string } }>(
    '/accounts/:id/access-key',
    { preHandler: guards.requirePermission('customers.issue-key'), schema: { body: keyBody } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const account = Number.isSafeInteger(id) ? await request.em.findOne(Account, { id }) : null;
      if (!account) return reply.callNotFound();
      const customer = account.customerId ? await request.em.findOne(Customer, { id: account.customerId }) : null;
      const page = customer ? `/staff/customers/${customer.id}` : `/staff/accounts/${account.id}`;
      if (customer?.lockedAt) {
        reply.flash('error', t(request, 'staff.customer.keyLocked'));
        return reply.redirect(page, 303);
      }
      const email = String(request.body?.email ?? '').trim() || undefined;
      if (email && !EMAIL.test(email)) {
        reply.flash('error', t(request, 'staff.customer.keyBadEmail'));
        return reply.redirect(page, 303);
      }
      try {
        const issued = await issueAccessKey(
          { mail, links, audit },
          request.em,
          request.tenant,
          { accountNumber: account.number, email, actor: { type: 'staff', id: String(request.staff!.id) }, request },
        );
        // The old password stopped working; a session opened with it should not outlive it.
        if (customer) await sessions.destroyForCustomer(request.tenant.id, customer.id);
        reply.flash('success', t(request, 'staff.customer.keySent', { email: issued.email }));
        return backTo(reply, issued.customerId);
      } catch (err) {
        if (!(err instanceof AccessKeyError)) throw err;
        reply.flash('error', t(request, err.code === 'no-email' ? 'staff.customer.keyNoEmail' : 'errors.badRequest'));
        return reply.redirect(page, 303);
      }
    },
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/customers/:id/lock',
    { preHandler: guards.requirePermission('customers.lock'), schema: { body: reasonBody } },
    async (request, reply) => {
      const customer = await findCustomer(request);
      if (!customer) return reply.callNotFound();
      if (!customer.lockedAt) {
        customer.lockedAt = new Date();
        const ended = await sessions.destroyForCustomer(request.tenant.id, customer.id);
        const reason = String(request.body?.reason ?? '').trim() || undefined;
        guards.audit(request, { action: 'customer.locked', outcome: 'success', subject: String(customer.id), details: { sessionsEnded: ended, reason } });
        await request.em.flush();
      }
      reply.flash('success', t(request, 'staff.customer.lockedDone'));
      return backTo(reply, customer.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/customers/:id/unlock',
    { preHandler: guards.requirePermission('customers.lock') },
    async (request, reply) => {
      const customer = await findCustomer(request);
      if (!customer) return reply.callNotFound();
      if (customer.lockedAt) {
        customer.lockedAt = null;
        guards.audit(request, { action: 'customer.unlocked', outcome: 'success', subject: String(customer.id) });
        await request.em.flush();
      }
      reply.flash('success', t(request, 'staff.customer.unlockedDone'));
      return backTo(reply, customer.id);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/customers/:id/end-sessions',
    { preHandler: guards.requirePermission('customers.sessions') },
    async (request, reply) => {
      const customer = await findCustomer(request);
      if (!customer) return reply.callNotFound();
      const ended = await sessions.destroyForCustomer(request.tenant.id, customer.id);
      guards.audit(request, { action: 'customer.sessions-ended', outcome: 'success', subject: String(customer.id), details: { ended } });
      await request.em.flush();
      reply.flash('success', t(request, 'staff.customer.sessionsEnded', { count: ended }));
      return backTo(reply, customer.id);
    },
  );
}
