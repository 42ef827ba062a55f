import type { JsonSchema, LoadedPlugin } from '../plugins/define-plugin.ts';
import { tenantFileSchema } from '../tenants/tenant-schema.ts';
import { withLocalizedTextDefs } from '../schema/localized-text-schema.ts';
import type { Theme } from '../views/themes.ts';

/** What a tenant file gets when it names no theme (tenantCoreSchema's default). */
const DEFAULT_THEME = 'default';

/**
 * The JSON Schema editors use for tenant files: core fields, every plugin's settings, and the
 * settings of the theme the file names (by `if`/`then`, which yaml-language-server follows).
 */
export function tenantSchemaJson(plugins: LoadedPlugin[], themes: Map<string, Theme>): string {
  const schema = tenantFileSchema(Object.fromEntries(plugins.map((p) => [p.name, p.definition.settings])));
  const properties = schema.properties as Record<string, JsonSchema>;
  if (themes.size > 0) {
    properties.theme = { ...properties.theme, enum: [...themes.keys()] };
    schema.allOf = [...themes].map(([name, theme]) => ({
      // A file without `theme` uses the default one, so only the default theme's branch may match it.
      if: { properties: { theme: { const: name } }, ...(name === DEFAULT_THEME ? {} : { required: ['theme'] }) },
      then: { properties: { themeSettings: theme.settings } },
    }));
  }
  return `${JSON.stringify(withLocalizedTextDefs(schema), null, 2)}\n`;
}
