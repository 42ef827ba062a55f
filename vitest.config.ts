import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { serverRunFiles } from './test/support/server-run/server-run-files.ts';

// Test files start the CLI as a child process dozens of times, and each one compiles the same
// modules: node's on-disk compile cache (inherited by the workers and every child) spares about a
// quarter of that CPU. Entries are checked against each file's contents: an edit is recompiled.
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL('node_modules/.cache/node-compile-cache', import.meta.url));

const include = ['core/**/*.test.ts', 'plugins/**/*.test.ts', 'test/**/*.test.ts'];
const exclude = ['test/browser/**', 'test/cluster/**', 'node_modules/**'];
// After an embedded run that noted what each file's database traffic did (BACKEND_FEATURES_LOG),
// a server run may take only the files where the server could answer otherwise: see
// test/support/server-run/selection.ts. Without that note, the server run takes every file.
const serverRunFrom = process.env.DATABASE_URL ? process.env.SERVER_RUN_FROM : undefined;

export default defineConfig({
  test: {
    include: serverRunFrom ? serverRunFiles(serverRunFrom, include, exclude) : include,
    exclude,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every file boots its own portal on its own database, so files share no rows; reusing one
    // worker spares loading the modules and compiling PGlite's WASM once per file (738 s → 346 s
    // for the embedded run on a 2-core machine).
    isolate: false,
    // Files share no database, port or folder, so two run at once even on a 2-core machine, where
    // vitest's default (cores - 1) would run one: a file waiting on a child process, a socket or a
    // retry delay leaves the other core to the next file.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/support/embedded-cluster.setup.ts'],
    // Every statement on a tenant-owned table must constrain tenant_id (see the file).
    setupFiles: ['test/support/tenant-condition.setup.ts', 'test/support/backend-features.setup.ts'],
    // The npm-package test installs a plugin under node_modules, which vitest would hand to Node
    // itself: a second copy of core beside the one under test. Inlined, it shares the one graph,
    // as every module does under plain Node.
    server: { deps: { inline: [/portal-plugin-notices/] } },
  },
});
