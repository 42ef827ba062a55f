import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: real processes (PostgreSQL server, haproxy, three `portal start` nodes)
 * for a bounded time, apart from the unit and integration suites, which never start haproxy.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    pool: 'forks',
    // One file per storage kind, both at once: each spends most of its minutes waiting on the clock
    // (a cron slot, a fault's time), so side by side the run takes about as long as one kind.
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 120_000,
    hookTimeout: 400_000,
    // The local server unless the run names another one.
    env: { DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
