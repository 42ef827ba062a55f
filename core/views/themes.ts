import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { JsonSchema } from '../plugins/define-plugin.ts';

export interface Theme {
  name: string;
  dir: string;
  description: string;
  /** JSON Schema of `themeSettings` in a tenant file. */
  settings: JsonSchema;
  /** Templates a theme must provide itself (checked by `portal theme check`). */
  required: string[];
}

/** Every sub-folder of `themesDir` with a `theme.yaml` is a theme. */
export function loadThemes(themesDir: string): Map<string, Theme> {
  const themes = new Map<string, Theme>();
  if (!existsSync(themesDir)) return themes;
  for (const name of readdirSync(themesDir).sort()) {
    const dir = join(themesDir, name);
    const manifest = join(dir, 'theme.yaml');
    if (!statSync(dir).isDirectory() || !existsSync(manifest)) continue;
    const data = (parse(readFileSync(manifest, 'utf8')) ?? {}) as Record<string, any>;
    themes.set(name, {
      name,
      dir,
      description: String(data.description ?? ''),
      settings: (data.settings as JsonSchema) ?? { type: 'object', additionalProperties: false, properties: {} },
      required: (data.required as string[]) ?? [],
    });
  }
  return themes;
}
