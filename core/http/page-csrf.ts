import { createHmac, type KeyObject } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { randomText } from './random-pool.ts';
import { isAnonymousUserInfo } from './csrf-guard.ts';

export interface CsrfSettings {
  /** The cookie holding the visitor's secret, signed with the install's cookie secret. */
  cookieKey: string;
  cookieOpts: CookieSerializeOptions & { signed: true };
  /** HMAC key of the tokens (and of the user info bound into them). */
  hmacKey: KeyObject;
}

const SECRET_BYTES = 18;
const SALT_BYTES = 6;

/**
 * The token a rendered form carries, in @fastify/csrf's format (`<user info MAC>-<salt>-<MAC>`,
 * no date: tokens do not expire), so the plugin's check on the POST is unchanged. Minted here
 * rather than by `reply.generateCsrf` because a first visit made it pay a CSPRNG call for the
 * secret and an HMAC of the user info on every page: the randomness now comes from a pooled
 * draw, and the user info MAC of an anonymous visitor (tenant and "anonymous") is worked out
 * once per tenant. Signed-in subjects carry their session id, so theirs is computed each time.
 */
export function pageCsrf(settings: CsrfSettings): (reply: FastifyReply, userInfo: string) => string {
  const { cookieKey, cookieOpts, hmacKey } = settings;
  const mac = (text: string, encoding: 'utf8' | 'ascii') => createHmac('sha256', hmacKey).update(text, encoding).digest('base64url');
  const anonymous = new Map<string, string>();

  return (reply, userInfo) => {
    const sent = reply.request.cookies[cookieKey];
    let secret = sent ? reply.unsignCookie(sent).value : null;
    if (!secret) {
      secret = randomText(SECRET_BYTES, 'base64url');
      reply.setCookie(cookieKey, secret, cookieOpts);
    }
    let info = anonymous.get(userInfo);
    if (info === undefined) {
      info = mac(userInfo, 'utf8').replaceAll('-', '_');
      if (isAnonymousUserInfo(userInfo)) anonymous.set(userInfo, info);
    }
    // The plugin reads the salt up to the next '-'.
    const salted = `${info}-${randomText(SALT_BYTES, 'base64url').replaceAll('-', '_')}`;
    return `${salted}-${mac(`${salted}-${secret}`, 'ascii')}`;
  };
}
