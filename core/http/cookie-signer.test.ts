import { describe, expect, it } from 'vitest';
import { sign, unsign } from '@fastify/cookie';
import { cookieSigner } from './cookie-signer.ts';

const SECRET = 'a-session-secret-of-the-install-ñ';

describe('cookie signer', () => {
  it('signs as @fastify/cookie did, so cookies issued before keep working both ways', () => {
    const signer = cookieSigner(SECRET);
    for (const value of ['', 'csrf-secret_Abc123', '{"kind":"success","message":"Guardado ✓"}']) {
      expect(signer.sign(value)).toBe(sign(value, SECRET));
      expect(signer.unsign(sign(value, SECRET))).toEqual({ valid: true, renew: false, value });
      expect(unsign(signer.sign(value), SECRET)).toEqual({ valid: true, renew: false, value });
    }
  });

  it('refuses a value changed, a signature of another secret, or none', () => {
    const signer = cookieSigner(SECRET);
    const signed = signer.sign('visitor-secret');
    const refused = { valid: false, renew: false, value: null };
    expect(signer.unsign(signed.replace('visitor', 'Visitor'))).toEqual(refused);
    expect(signer.unsign(sign('visitor-secret', 'another secret'))).toEqual(refused);
    expect(signer.unsign('visitor-secret')).toEqual(refused);
    expect(signer.unsign('visitor-secret.')).toEqual(refused);
    expect(signer.unsign(`${signed}x`)).toEqual(refused);
  });
});
