import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: real processes (PostgreSQL server, haproxy, three `portal start` nodes)
 * for a bounded time, apart from the unit and integration suites, which never start haproxy.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 400_000,
    // The local server unless the run names another one.
    env: { DATABASE_URL: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
