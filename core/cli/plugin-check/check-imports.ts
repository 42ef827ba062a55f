import { dirname, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from '../../config/load-config.ts';
import { displayPath } from '../display-path.ts';
import type { Problem } from '../problem.ts';
import { findAll, type SourceFile } from './source-files.ts';

const STATIC = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{}\s,]+?\s+from\s+)?['"]([^'"\n]+)['"]/g;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const PUBLIC = new Set(['portal/sdk', 'portal/testing']);
/** The portal's own folders: a plugin that reaches into them breaks when core moves a file. */
const PRIVATE = ['core', 'test'].map((d) => join(REPO_ROOT, d));

/** Imports of the portal other than its public entry points, `portal/sdk` and `portal/testing`. */
export function checkImports(pluginDir: string, files: SourceFile[]): Problem[] {
  return [...findAll(files, STATIC), ...findAll(files, DYNAMIC)].flatMap(({ file, value, line }) => {
    const where = { file: displayPath(file.path), line };
    if (value === 'portal' || value.startsWith('portal/')) {
      return PUBLIC.has(value) ? [] : [{ ...where, message: `imports "${value}": the portal's public entry points are portal/sdk and portal/testing` }];
    }
    if (!value.startsWith('.') && !value.startsWith('/')) return [];
    const target = resolve(dirname(file.path), value);
    // A plugin kept under test/ (a fixture) imports its own files freely.
    if (target.startsWith(pluginDir + sep) || !PRIVATE.some((dir) => target.startsWith(dir + sep))) return [];
    return [{ ...where, message: `imports "${value}", core's file ${relative(REPO_ROOT, target)}: import it from portal/sdk (or portal/testing in tests) instead` }];
  });
}
