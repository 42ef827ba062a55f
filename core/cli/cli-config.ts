import { loadConfig, type HostConfig, type HostConfigOverrides } from '../config/load-config.ts';
import { YamlValidationError } from '../schema/yaml-validate.ts';
import { CliError } from './cli-error.ts';

export interface CliConfigOptions {
  /** `--config`: a host configuration file other than config/portal.yaml. */
  file?: string;
  /**
   * Commands that never serve a request (validate, list, schema, theme check) have no use for the
   * session secret; without this they would create `<dataDir>/session-secret` as a side effect,
   * or refuse to run in CI under NODE_ENV=production.
   */
  needsSecret: boolean;
  /** One-shot commands keep the portal's request logging out of their output. */
  quiet: boolean;
  /**
   * Commands that neither serve nor send mail (validate, list, schema, theme check, migrate):
   * production's requirements of a running portal do not stop them.
   */
  checksOnly?: boolean;
  env?: NodeJS.ProcessEnv;
}

const UNUSED_SECRET = 'not-used-by-this-command-'.padEnd(48, '-');

/** The host configuration, with any problem in it reported as a user error. */
export async function loadCliConfig(opts: CliConfigOptions): Promise<HostConfig> {
  const env = opts.env ?? process.env;
  const overrides: HostConfigOverrides = {};
  if (!opts.needsSecret) overrides.session = { secret: UNUSED_SECRET };
  // An explicit PORTAL_LOG_LEVEL still wins, for debugging a command.
  if (opts.quiet && !env.PORTAL_LOG_LEVEL) overrides.logLevel = 'warn';
  try {
    return await loadConfig({ file: opts.file, env, overrides, productionChecks: !opts.checksOnly });
  } catch (err) {
    if (err instanceof YamlValidationError) throw err;
    throw new CliError((err as Error).message);
  }
}
