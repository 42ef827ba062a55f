import { inspect } from 'node:util';
import { AccessKeyError } from '../accounts/access-key-error.ts';
import { PluginGraphError } from '../plugins/order-plugins.ts';
import { TenantLoadError } from '../tenants/tenant-load-error.ts';
import { YamlValidationError } from '../schema/yaml-validate.ts';
import { CliError, UsageError } from './cli-error.ts';
import type { Io } from './io.ts';

/** Error codes of the network and of PostgreSQL that mean "check the database settings", not a bug. */
const DATABASE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', '28P01', '28000', '3D000']);

/**
 * Prints an error the way an operator can act on it and returns the exit code. Problems with
 * the install (configuration, tenant files, plugins, database settings) get their message only;
 * anything else is a bug, and its stack trace is what a bug report needs.
 */
export function reportError(err: unknown, io: Io): number {
  if (err instanceof UsageError) {
    io.err(`error: ${err.message}`);
    if (err.usage) io.err(`usage: ${err.usage}`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    io.err(`error: ${err.message}`);
    return err.exitCode;
  }
  if (err instanceof YamlValidationError) {
    io.err(`error: invalid configuration:\n${err.message}`);
    return 1;
  }
  if (err instanceof PluginGraphError) {
    io.err(`error: plugins cannot be loaded: ${err.message}`);
    return 1;
  }
  if (err instanceof TenantLoadError) {
    io.err(`error: refusing to start (tenantErrors: refuse) because of broken tenant files:\n${err.message}`);
    return 1;
  }
  if (err instanceof AccessKeyError) {
    io.err(`error: ${err.message}`);
    return 1;
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && DATABASE_CODES.has(code)) {
    io.err(`error: cannot use the database (${code}): ${(err as Error).message}\nCheck DATABASE_URL or database.url in the configuration.`);
    return 1;
  }
  // inspect, unlike .stack, also shows the `cause` a wrapped error carries.
  io.err(inspect(err));
  return 1;
}
