import { SecretSealer } from '../config/secret-sealer.ts';

/** Webhook signing secrets, read back to sign each delivery; a database dump alone forges nothing. */
export class SecretBox extends SecretSealer {
  constructor(hostSecret: string) {
    super(hostSecret, 'portal-webhooks', 'webhook-secret-v1');
  }
}

export function endpointOwner(tenantId: string, endpointId: number): string {
  return `${tenantId}:webhook:${endpointId}`;
}
