import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * TOTP secrets are sealed with AES-256-GCM under a key derived (HKDF) from the host session
 * secret, with the owner as associated data: a database dump alone yields no codes, and a
 * sealed secret copied onto another operator's row does not open. Rotating the session secret
 * therefore means re-enrolling every operator (an administrator resets their TOTP).
 */
export class TotpSealer {
  readonly #key: Buffer;

  constructor(sessionSecret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', sessionSecret, 'portal-staff', 'totp-secret-v1', 32));
  }

  seal(secret: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(owner));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** null for anything that does not open: wrong owner, other key, damaged value. */
  open(sealed: string | null | undefined, owner: string): string | null {
    const [version, iv, tag, body] = (sealed ?? '').split('.');
    if (version !== VERSION || !iv || !tag || !body) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** Associated data binding a sealed secret to one operator of one tenant. */
export function totpOwner(tenantId: string, staffUserId: number): string {
  return `${tenantId}:${staffUserId}`;
}
