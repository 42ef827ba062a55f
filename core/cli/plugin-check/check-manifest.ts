import { Ajv, type ErrorObject } from 'ajv';
import { addLocalizedText } from '../../schema/localized-text-schema.ts';
import { addFormats } from '../../schema/add-formats.ts';
import semver from 'semver';
import type { PluginDefinition } from '../../plugins/define-plugin.ts';
import { loadManifest, MANIFEST_FILES } from '../../plugins/discover-plugins.ts';
import { sdkVersion } from '../../sdk/version.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { lineAt, type SourceFile } from './source-files.ts';

export interface ManifestCheck {
  problems: Problem[];
  /** The manifest as loaded, or undefined when it does not load (a problem says why). */
  definition?: PluginDefinition;
  /** The plugin's name: the manifest's, else the one written in it, else the folder's. */
  name: string;
}

/** The manifest loads, states a semver range of SDKs that includes this portal's, and its settings schema is valid. */
export async function checkManifest(dir: string, folderName: string, files: SourceFile[]): Promise<ManifestCheck> {
  const manifest = files.find((f) => MANIFEST_FILES.includes(f.rel));
  if (!manifest) return { problems: [{ file: displayPath(dir), line: 1, message: 'not a plugin: no plugin.ts or plugin.js' }], name: folderName };
  const file = displayPath(manifest.path);
  const start = manifest.code.search(/\bdefinePlugin\s*\(/);
  const startLine = start < 0 ? 1 : lineAt(manifest.code, start);
  const problems: Problem[] = [];

  const sdk = /\bsdk:\s*['"]([^'"\n]*)['"]/.exec(manifest.code);
  if (!sdk) {
    problems.push({ file, line: startLine, message: `sdk: missing; state the SDK versions the plugin supports, e.g. sdk: '^${semver.major(sdkVersion)}.0.0'` });
  } else if (!semver.validRange(sdk[1])) {
    problems.push({ file, line: lineAt(manifest.code, sdk.index), message: `sdk: "${sdk[1]}" is not a semver range (e.g. '^${semver.major(sdkVersion)}.0.0')` });
  } else if (!semver.satisfies(sdkVersion, sdk[1])) {
    problems.push({ file, line: lineAt(manifest.code, sdk.index), message: `sdk: the plugin supports SDK ${sdk[1]}, but this portal provides SDK ${sdkVersion}` });
  }

  let definition: PluginDefinition | undefined;
  try {
    definition = (await loadManifest(manifest.path, dir)).definition;
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    // A plugin outside this repository finds `portal` only when installed beside it.
    const hint = message.includes("Cannot find package 'portal'") ? ' (install the portal where the plugin can import it: npm install --save-dev <portal folder>)' : '';
    problems.push({ file, line: startLine, message: `the manifest does not load: ${message}${hint}` });
  }
  if (definition?.settings) problems.push(...checkSettingsSchema(definition.settings, files));

  return { problems, definition, name: definition?.name ?? nameWritten(manifest.code) ?? folderName };
}

/** The schema is a valid JSON Schema for ajv in strict mode: a misspelt keyword would silently check nothing. */
function checkSettingsSchema(schema: Record<string, unknown>, files: SourceFile[]): Problem[] {
  const ajv = addLocalizedText(addFormats(new Ajv({ allErrors: true, strict: true })));
  const home = files.find((f) => f.rel === 'settings.ts' || f.rel === 'settings.js') ?? files.find((f) => MANIFEST_FILES.includes(f.rel))!;
  const at = (path: string[], message: string): Problem => ({ file: displayPath(home.path), line: locate(home.code, path), message });
  if (!ajv.validateSchema(schema)) {
    // The meta-schema answers one mistake several times (type: a name, or a list, or anyOf of
    // them): one problem per place, the list of allowed values when there is one.
    const byPath = new Map<string, ErrorObject>();
    for (const e of ajv.errors as ErrorObject[]) {
      if (e.keyword === 'anyOf') continue;
      const seen = byPath.get(e.instancePath);
      if (!seen || e.keyword === 'enum') byPath.set(e.instancePath, e);
    }
    return [...byPath].map(([instancePath, e]) => {
      const path = instancePath.split('/').filter(Boolean);
      const message = e.keyword === 'enum' ? `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : e.message;
      return at(path, `settings schema: ${path.join('.') || '(root)'} ${message}`);
    });
  }
  try {
    ajv.compile(schema);
    return [];
  } catch (err) {
    const message = (err as Error).message;
    const keyword = /keyword: "([^"]+)"/.exec(message)?.[1] ?? /"([^"]+)"/.exec(message)?.[1];
    return [at(keyword ? [keyword] : [], `settings schema: ${message}`)];
  }
}

/** The line where the keys of `path` are written, one after another, in an object literal. */
function locate(code: string, path: string[]): number {
  let offset = Math.max(0, code.search(/\bsettings\w*\s*[:=]/));
  let line = lineAt(code, offset);
  for (const key of path) {
    if (/^\d+$/.test(key)) continue;
    const re = new RegExp(`(?:\\b${key.replace(/[^\w$-]/g, '\\$&')}|['"]${key.replace(/[^\w$-]/g, '\\$&')}['"])\\s*:`, 'g');
    re.lastIndex = offset;
    const m = re.exec(code);
    if (!m) break;
    offset = m.index;
    line = lineAt(code, offset);
  }
  return line;
}

/** The `name:` of the object given to definePlugin, read from the (comment-blanked) manifest without running it. */
export function nameWritten(code: string): string | undefined {
  const start = Math.max(0, code.search(/\bdefinePlugin\s*\(/));
  return /\bname:\s*['"]([^'"\n]+)['"]/.exec(code.slice(start))?.[1];
}
