import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Secrets the portal must read back (TOTP seeds, webhook signing keys) are sealed rather than
 * hashed: AES-256-GCM under a key derived (HKDF) from the host session secret, with the owner
 * of the secret as associated data. A database dump alone opens nothing, and a sealed value
 * copied onto another row does not open either. Each use derives its own key (salt and info),
 * so one kind of secret cannot be swapped for another. Rotating the host secret means sealing
 * them again (re-enrolling TOTP, re-creating webhook endpoints).
 */
export class SecretSealer {
  readonly #key: Buffer;

  constructor(hostSecret: string, salt: string, info: string) {
    this.#key = Buffer.from(hkdfSync('sha256', hostSecret, salt, info, 32));
  }

  seal(secret: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(owner));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** null for anything that does not open: another owner, another key, a damaged value. */
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
