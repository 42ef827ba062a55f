import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'plugins/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'test/cluster/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every file boots its own portal on its own database, so files share no rows; reusing one
    // worker spares loading the modules and compiling PGlite's WASM once per file (738 s → 346 s
    // for the embedded run on a 2-core machine).
    isolate: false,
    globalSetup: ['test/support/embedded-cluster.setup.ts'],
  },
});
