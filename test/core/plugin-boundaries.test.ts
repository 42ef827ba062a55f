import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config/load-config.ts';

const PLUGINS = join(REPO_ROOT, 'plugins');
/** Static `from '…'`, bare `import '…'`, and dynamic `import('…')` / `import type(…)` specifiers. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;
const TEST_FILE = /(^|\/)(tests?|testing)\/|\.test\.ts$/;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/**
 * A plugin reaches another only through its public `api.ts` (and, from test code, its
 * `testing.ts`): everything else in a plugin's folder may change without notice. Lists each
 * import of another plugin's internal file as `file:line → target`.
 */
function crossPluginImports(root: string): string[] {
  const found: string[] = [];
  for (const file of sources(root)) {
    const own = relative(root, file).split(sep)[0];
    const inTest = TEST_FILE.test(relative(join(root, own), file).split(sep).join('/'));
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const target = relative(root, resolve(dirname(file), match[1]));
      if (target.startsWith('..')) continue;
      const [plugin, ...rest] = target.split(sep);
      const inside = rest.join('/');
      if (plugin === own || inside === 'api.ts' || (inTest && inside === 'testing.ts')) continue;
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${relative(REPO_ROOT, file)}:${line} → plugins/${target.split(sep).join('/')}`);
    }
  }
  return found;
}

describe('plugins reach each other only through the public api.ts', () => {
  it('no plugin imports another plugin file other than its api.ts (testing.ts from tests)', () => {
    expect(crossPluginImports(PLUGINS)).toEqual([]);
  });

  it('names the file and line of an import into another plugin\'s folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'plugin-boundaries-'));
    try {
      for (const dir of ['a/routes', 'a/tests', 'b/service']) mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(
        join(root, 'a/routes/page.ts'),
        [`import type { B } from '../../b/api.ts';`, `import { own } from '../own.ts';`, `import { inner } from '../../b/service/inner.ts';`, `const later = await import('../../b/testing.ts');`].join('\n'),
      );
      writeFileSync(join(root, 'a/tests/page.test.ts'), `import { harness } from '../../b/testing.ts';\n`);
      expect(crossPluginImports(root)).toEqual([
        `${relative(REPO_ROOT, join(root, 'a/routes/page.ts'))}:3 → plugins/b/service/inner.ts`,
        `${relative(REPO_ROOT, join(root, 'a/routes/page.ts'))}:4 → plugins/b/testing.ts`,
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
