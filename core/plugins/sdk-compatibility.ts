import semver from 'semver';
import { sdkVersion } from '../sdk/version.ts';
import type { LoadedPlugin } from './define-plugin.ts';

/**
 * Why this portal cannot run the plugin, or null when it can. Checked at start, before anything
 * of the plugin runs: a plugin written for another SDK would otherwise fail on its first request.
 */
export function sdkMismatch(plugin: LoadedPlugin, provided = sdkVersion): string | null {
  const range = plugin.definition.sdk as unknown;
  if (typeof range !== 'string' || !semver.validRange(range)) {
    return `plugin "${plugin.name}" (${plugin.dir}) must state the SDK versions it supports as a semver range, e.g. sdk: '^${semver.major(provided)}.0.0' (it has ${JSON.stringify(range ?? null)}); this portal provides SDK ${provided}`;
  }
  if (!semver.satisfies(provided, range)) {
    return `plugin "${plugin.name}" (${plugin.dir}) supports SDK ${range}, but this portal provides SDK ${provided}`;
  }
  return null;
}
