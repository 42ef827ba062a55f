import type { FastifyInstance } from 'fastify';
import type { CoreRouteDeps } from '../auth/routes/index.ts';
import { endSession, requireCustomer } from '../auth/session-hook.ts';
import { summariseUserAgent } from '../auth/user-agent.ts';
import { translate } from '../auth/translate.ts';

/** Enough of the hash to pick one row of a customer's few sessions, too little to act as a cookie. */
const REF_LENGTH = 16;
const REF_SHAPE = /^[0-9a-f]{16}$/;

/**
 * "Where am I signed in": the customer's own live sessions in this tenant, and a way to end any
 * of them. A reference that is not one of those is answered as if it did not exist.
 */
export async function sessionRoutes(app: FastifyInstance, deps: CoreRouteDeps): Promise<void> {
  const { sessions, audit, views } = deps.services;

  app.get('/account/sessions', { preHandler: requireCustomer }, async (request, reply) => {
    const rows = await sessions.listForCustomer(request.tenant.id, request.customer!.id);
    const current = request.session?.idHash;
    const list = rows.map((row) => ({
      ref: row.idHash.slice(0, REF_LENGTH),
      device: summariseUserAgent(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      current: row.idHash === current,
    }));
    return reply.page(
      'account-sessions',
      { sessions: list, others: list.some((s) => !s.current) },
      { title: 'sessions.title', section: 'profile' },
    );
  });

  app.post<{ Params: { ref: string } }>(
    '/account/sessions/:ref/end',
    { preHandler: requireCustomer },
    async (request, reply) => {
      const ref = request.params.ref;
      if (!REF_SHAPE.test(ref)) return reply.callNotFound();
      const rows = await sessions.listForCustomer(request.tenant.id, request.customer!.id);
      const target = rows.find((row) => row.idHash.startsWith(ref));
      if (!target) return reply.callNotFound();
      audit.record(request, { action: 'session.end', outcome: 'success', subject: String(request.customer!.id), details: { ref } });
      await request.em.flush();
      if (target.idHash === request.session?.idHash) {
        await endSession(request, reply, sessions, deps.cookie);
        reply.flash('info', translate(views, request, 'login.loggedOut'));
        return reply.redirect('/login', 303);
      }
      await sessions.destroy(request.tenant.id, target.idHash);
      reply.flash('success', translate(views, request, 'sessions.ended'));
      return reply.redirect('/account/sessions', 303);
    },
  );

  app.post('/account/sessions/end-others', { preHandler: requireCustomer }, async (request, reply) => {
    const ended = await sessions.destroyForCustomer(request.tenant.id, request.customer!.id, request.session!.idHash);
    audit.record(request, { action: 'session.end-others', outcome: 'success', subject: String(request.customer!.id), details: { ended } });
    await request.em.flush();
    reply.flash('success', translate(views, request, 'sessions.endedOthers', { count: ended }));
    return reply.redirect('/account/sessions', 303);
  });
}
