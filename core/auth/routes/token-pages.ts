import type { FastifyReply } from 'fastify';

export type TokenFailure = 'unknown' | 'expired' | 'used' | 'registered' | 'emailTaken';

/** Expired or spent links are gone for good (410); anything else was never a valid link (400). */
const STATUS: Record<TokenFailure, number> = { unknown: 400, expired: 410, used: 410, registered: 410, emailTaken: 409 };

/**
 * The page for a link that no longer works: says why in words, and offers the one next step
 * (ask for a new link) instead of an error code.
 */
export function tokenFailurePage(reply: FastifyReply, flow: 'verify' | 'reset', failure: TokenFailure): FastifyReply {
  const again = flow === 'verify' ? { href: '/register', label: 'tokens.askAgainRegister' } : { href: '/password/forgot', label: 'tokens.askAgainReset' };
  return reply.page(
    'token-invalid',
    { messageKey: `tokens.${failure}`, again, showLogin: failure === 'registered' },
    { title: 'tokens.title', status: STATUS[failure] },
  );
}

/** The "choose your password" form both email links lead to; the token rides along in a hidden field. */
export function setPasswordPage(
  reply: FastifyReply,
  flow: 'verify' | 'reset',
  data: { token: string; error?: string; email?: string | null },
  status = 200,
): FastifyReply {
  const action = flow === 'verify' ? '/register/verify' : '/password/reset';
  return reply.page(
    'set-password',
    { ...data, action, flow, introKey: `${flow === 'verify' ? 'verify' : 'reset'}.intro`, submitKey: `${flow === 'verify' ? 'verify' : 'reset'}.submit` },
    { title: flow === 'verify' ? 'verify.title' : 'reset.title', status },
  );
}
