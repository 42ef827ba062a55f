import { CORE_PERMISSIONS } from '../../staff/permissions.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { findAll, type SourceFile } from './source-files.ts';

/** Where code declares a permission, guards a route, menu item or card with one. */
const GUARDS = [
  /\bpermission:\s*['"]([^'"\n]+)['"]/g,
  /\bid:\s*['"]([^'"\n]+)['"][^{}]*?\broles:/g,
];
/** Where code asks whether the operator holds one: also core's, to link to core's screens. */
const QUESTIONS = /\bpermissions\.has\(\s*['"]([^'"\n]+)['"]/g;
const CORE = new Set(CORE_PERMISSIONS.map((p) => p.id));

/**
 * Permission ids start with `<plugin>.` (definePlugin refuses to declare others, and guarding a
 * plugin's screen with core's would hand it to whoever core gives that to), and each one used is
 * declared. `declared` is undefined when the manifest did not load.
 */
export function checkPermissions(files: SourceFile[], plugin: string, declared: Set<string> | undefined): Problem[] {
  const found = [
    ...GUARDS.flatMap((pattern) => findAll(files, pattern)),
    ...findAll(files, QUESTIONS).filter(({ value }) => !CORE.has(value)),
  ];
  return found.flatMap(({ file, value, line }) => {
    const where = { file: displayPath(file.path), line };
    if (!value.startsWith(`${plugin}.`)) return [{ ...where, message: `permission "${value}" must start with "${plugin}." (the plugin's name)` }];
    if (declared && !declared.has(value)) return [{ ...where, message: `permission "${value}" is not declared in the manifest's permissions` }];
    return [];
  });
}
