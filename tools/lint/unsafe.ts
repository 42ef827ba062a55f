// `npm run lint:unsafe [-- folder... [--ignore file-or-glob]...]`: runs eslint.config.js (the no-unsafe-*
// rules) over core/ and plugins/ or the folders given, prints every finding, then the count per rule
// and per top folder (core/<area>, plugins/<plugin>), and exits 1 when there is any finding.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '../..');
const eslintEntry = join(here, 'node_modules/eslint/lib/api.js');
if (!existsSync(eslintEntry)) {
  console.error('lint tools are not installed: npm ci --prefix tools/lint');
  process.exit(2);
}
const { ESLint } = (await import(eslintEntry)) as typeof import('eslint');

const targets: string[] = [];
const ignorePatterns: string[] = [];
const args = process.argv.slice(2).filter((arg) => arg !== '--');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--ignore') ignorePatterns.push(args[++i]);
  else targets.push(args[i]);
}
const eslint = new ESLint({ cwd: root, ignorePatterns });
const results = await eslint.lintFiles(targets.length > 0 ? targets : ['core', 'plugins']);

const perRule = new Map<string, number>();
const perFolder = new Map<string, number>();
const count = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};
let total = 0;
for (const result of results) {
  const file = relative(root, result.filePath);
  for (const message of result.messages) {
    const rule = message.ruleId ?? '(parse error)';
    console.log(`${file}:${message.line}:${message.column}  ${rule}  ${message.message}`);
    count(perRule, rule);
    count(perFolder, file.split('/').slice(0, 2).join('/'));
    total += 1;
  }
}

const table = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [key, n] of [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    console.log(`${String(n).padStart(6)}  ${key}`);
  }
};
table('findings per rule', perRule);
table('findings per top folder', perFolder);
console.log(`\n${total} findings in ${results.length} files`);
process.exitCode = total === 0 ? 0 : 1;
