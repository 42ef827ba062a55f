// Plugins reach the portal only through its public entry points, portal/sdk and portal/testing
// (core/sdk/index.ts, core/sdk/testing.ts): core may move anything else, and a plugin published as
// an npm package can reach nothing else. `npm run check:imports`, a step of .ci/run.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'plugin-imports-core-deeply',
      comment: "A plugin imports core (or the repository's test support) only as 'portal/sdk' or 'portal/testing'.",
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^(core|test)/', pathNot: '^core/sdk/(index|testing)[.]ts$' },
    },
    {
      name: 'plugin-import-unresolvable',
      comment: 'An import nothing resolves (a misspelt entry point such as portal/sdk/x) would only fail when the plugin loads.',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // TypeScript 7 has no compiler API for dependency-cruiser; swc parses the .ts files instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'] },
  },
};
