import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffRouteDeps } from '../staff-module.ts';
import { translate } from '../../auth/translate.ts';
import { StaffUser } from '../entities.ts';
import { startStaffSession } from '../staff-session.ts';
import { formatManualKey, matchTotp, newTotpSecret, totpQrDataUrl, totpUri } from '../totp.ts';
import { totpOwner } from '../totp-secret.ts';
import { safeStaffNext } from '../safe-staff-next.ts';

const PENDING = 'pendingTotp';

const codeBody = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'string', minLength: 1, maxLength: 16 }, next: { type: 'string', maxLength: 500 }, _csrf: { type: 'string' } },
} as const;

/**
 * TOTP set-up: forced right after the password for whoever needs TOTP and has none, offered
 * from "My account" to everyone else. The secret waits, sealed, in the session until a code
 * from the app proves it was scanned; only then does it reach the operator's row.
 */
export async function staffEnrolRoutes(app: FastifyInstance, deps: StaffRouteDeps): Promise<void> {
  const { sealer } = deps;
  const pendingOwner = (request: FastifyRequest, userId: number) => `enrol:${totpOwner(request.tenant.id, userId)}:${request.staffSession!.idHash}`;

  /** The operator this page is for: halfway through a login that demands TOTP, or signed in without it. */
  const enrollingUser = (request: FastifyRequest): number | null => {
    if (request.staffSession?.stage === 'enrol') return request.staffSession.staffUserId;
    if (request.staff && !request.staff.totpEnabled && !request.staff.mustChangePassword) return request.staff.id;
    return null;
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, userId: number, extra: Record<string, unknown> = {}, status = 200) => {
    const session = request.staffSession!;
    let secret = sealer.open(session.data[PENDING] as string | undefined, pendingOwner(request, userId));
    if (!secret) {
      // Kept across reloads: a code from an app that already scanned this QR still matches.
      secret = newTotpSecret();
      session.data[PENDING] = sealer.seal(secret, pendingOwner(request, userId));
      await deps.session.store.saveData(session);
    }
    const user = await request.em.findOneOrFail(StaffUser, { id: userId });
    const uri = totpUri(secret, `${request.brand.name} (${translate(deps.services.views, request, 'staff.brandSuffix')})`, user.email);
    return reply.staffPage(
      'staff/totp-enrol',
      { qr: await totpQrDataUrl(uri), manualKey: formatManualKey(secret), email: user.email, forced: session.stage === 'enrol', ...extra },
      { title: 'staff.enrol.title', status },
    );
  };

  app.get<{ Querystring: { next?: string } }>('/totp/enrol', async (request, reply) => {
    const userId = enrollingUser(request);
    if (userId === null) return reply.redirect(request.staff ? '/staff/account' : '/staff/login');
    return render(request, reply, userId, { next: safeStaffNext(request.query.next) });
  });

  app.post<{ Body: { code: string; next?: string } }>(
    '/totp/enrol',
    { schema: { body: codeBody }, attachValidation: true, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const userId = enrollingUser(request);
      if (userId === null) return reply.redirect('/staff/login', 303);
      const body = (request.body ?? {}) as Partial<{ code: string; next: string }>;
      const next = safeStaffNext(body.next);
      const secret = sealer.open(request.staffSession!.data[PENDING] as string | undefined, pendingOwner(request, userId));
      const step = secret ? matchTotp(secret, String(body.code ?? ''), null) : null;
      if (!secret || step === null) return render(request, reply, userId, { next, error: 'staff.enrol.invalid' }, 400);

      const user = await request.em.findOneOrFail(StaffUser, { id: userId });
      const forced = request.staffSession!.stage === 'enrol';
      user.totpSecret = sealer.seal(secret, totpOwner(request.tenant.id, user.id));
      user.totpEnabledAt = new Date();
      user.totpLastStep = step;
      if (forced) user.lastLoginAt = new Date();
      deps.guards.audit(request, { action: 'staff.totp.enrolled', outcome: 'success', subject: user.email, details: { forced } });
      await request.em.flush();
      // Signed in with both factors from here on, under a new id.
      await startStaffSession(request, reply, deps.session, user.id, 'full');
      reply.flash('success', translate(deps.services.views, request, 'staff.enrol.done'));
      return reply.redirect(forced ? next ?? '/staff' : '/staff/account', 303);
    },
  );
}
