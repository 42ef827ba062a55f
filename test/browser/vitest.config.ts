import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The config lives below the repository root; paths and test-results/ are meant from the root.
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['test/browser/**/*.test.ts'],
    // A cold Chromium start plus an argon2 login per tenant is seconds on a 2-core CI box, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/support/embedded-cluster.setup.ts'],
    // Each file starts its own browser; two at once on a small box only make both slower.
    fileParallelism: false,
    // Each file has its own portal and database: one worker for all of them loads the modules and
    // compiles PGlite's WASM once instead of once per file.
    isolate: false,
  },
});
