import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Webhook signing secrets must be read back to sign each delivery, so they are sealed rather than
 * hashed: AES-256-GCM under a key derived (HKDF) from the host session secret, bound to the
 * endpoint by associated data. A database dump alone does not let anyone forge deliveries.
 * Rotating the host secret means creating the endpoints again.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(hostSecret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', hostSecret, 'portal-webhooks', 'webhook-secret-v1', 32));
  }

  seal(secret: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(owner));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** null when it does not open: another key, another endpoint, a damaged value. */
  open(sealed: string, owner: string): string | null {
    const [version, iv, tag, body] = sealed.split('.');
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

export function endpointOwner(tenantId: string, endpointId: number): string {
  return `${tenantId}:webhook:${endpointId}`;
}
