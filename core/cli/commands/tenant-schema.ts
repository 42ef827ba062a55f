import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../config/load-config.ts';
import { loadInstall } from '../../portal.ts';
import { parseCommandArgs } from '../args.ts';
import { loadCliConfig } from '../cli-config.ts';
import { displayPath } from '../display-path.ts';
import type { Io } from '../io.ts';
import { tenantSchemaJson } from '../tenant-schema-json.ts';

/** Tenant files point here with `# yaml-language-server: $schema=../config/tenant.schema.json`. */
export const DEFAULT_SCHEMA_FILE = join(REPO_ROOT, 'config', 'tenant.schema.json');

export const usage = 'portal tenant schema [--out file] [--config file]';
export const summary = 'Write the JSON Schema of tenant files (core, plugins, themes) for editors';

export async function tenantSchema(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(args, { out: { type: 'string', short: 'o' } }, usage);
  if (values.help) {
    io.out(`Usage: ${usage}\n\n${summary}; default file: ${displayPath(DEFAULT_SCHEMA_FILE)}. "--out -" prints it.`);
    return 0;
  }
  const config = await loadCliConfig({ file: values.config, needsSecret: false, quiet: true, checksOnly: true });
  const { plugins, themes } = await loadInstall(config);
  const json = tenantSchemaJson(plugins, themes);
  if (values.out === '-') {
    io.out(json.trimEnd());
    return 0;
  }
  const out = values.out ? resolve(values.out) : DEFAULT_SCHEMA_FILE;
  writeFileSync(out, json);
  io.out(`Wrote ${displayPath(out)} (plugins: ${plugins.map((p) => p.name).join(', ') || 'none'}; themes: ${[...themes.keys()].join(', ') || 'none'})`);
  return 0;
}
