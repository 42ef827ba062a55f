import { join } from 'node:path';
import { REPO_ROOT } from '../../core/config/load-config.ts';
import { discoverPlugins } from '../../core/plugins/discover-plugins.ts';
import { TenantValidator } from '../../core/tenants/load-tenant.ts';
import { loadThemes } from '../../core/views/themes.ts';
import { YamlValidationError } from '../../core/schema/yaml-validate.ts';

/** A tenant-file validator over the shipped plugins and themes, plus plugins in `extraPluginDirs` (repository-relative). */
export async function tenantValidator(extraPluginDirs: string[] = []): Promise<TenantValidator> {
  const plugins = await discoverPlugins({ paths: [join(REPO_ROOT, 'plugins'), ...extraPluginDirs.map((d) => join(REPO_ROOT, d))] });
  const themes = loadThemes(join(REPO_ROOT, 'themes'));
  return new TenantValidator({ plugins, themes: new Map([...themes].map(([n, t]) => [n, t.settings])) });
}

/** The lines of the validation error `fn` throws; fails the test if it throws none. */
export function validationErrorsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof YamlValidationError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected a validation error');
}
