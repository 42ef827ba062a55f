/**
 * Whether this Node.js can run the portal; package.json `engines` and .ci/run say the same
 * (test/cli/node-floor.test.ts keeps the three in step with the releases tried). Below 22.18,
 * and on 23.0-23.5, Node cannot load a .ts file at all. On 23.6-23.x and 24.0-24.2 it loads
 * them, but `import.meta.main` is not true for a .ts entry point, so every command would exit 0
 * having done nothing: a CI step running `tenant validate` would pass without checking a file.
 */
export function unsupportedNode(version: string = process.versions.node): string | undefined {
  const [major, minor] = version.split('.').map(Number);
  if ((major === 22 && minor >= 18) || (major === 24 && minor >= 3) || major > 24) return undefined;
  return `Node.js ${version} cannot run the portal: use 22.18 or newer in the 22 line, or 24.3 or newer (package.json engines: ^22.18.0 || >=24.3.0)`;
}
