import { SecretSealer } from '../config/secret-sealer.ts';

/** Operators' TOTP seeds; rotating the session secret means every operator enrols again. */
export class TotpSealer extends SecretSealer {
  constructor(sessionSecret: string) {
    super(sessionSecret, 'portal-staff', 'totp-secret-v1');
  }
}

/** Associated data binding a sealed secret to one operator of one tenant. */
export function totpOwner(tenantId: string, staffUserId: number): string {
  return `${tenantId}:${staffUserId}`;
}
