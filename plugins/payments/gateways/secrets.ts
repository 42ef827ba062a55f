import type { GatewaySettings } from '../settings.ts';

/** A gateway cannot work as configured; the message names the setting or variable, never a secret. */
export class GatewayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayConfigError';
  }
}

/**
 * Secrets stay out of tenant files: the file names an environment variable (`accessTokenEnv:
 * RED_NORTE_MP_TOKEN`) and the value is read here, when needed, so rotating it needs no reload.
 */
export function secretFrom(settings: GatewaySettings, key: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = settings[key];
  if (typeof name !== 'string' || !name) throw new GatewayConfigError(`setting "${key}" is missing`);
  const value = env[name];
  if (!value) throw new GatewayConfigError(`environment variable ${name} (from "${key}") is not set`);
  return value;
}
