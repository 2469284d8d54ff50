import { defineConfig } from 'vitest/config'

/** Repository suites that run on both PostgreSQL and PGlite (no child processes in them). */
const REPOSITORY_SUITES = ['test/api/**/*.test.ts', 'test/workers/**/*.test.ts']

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'workers/**/*.test.ts', 'shared/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'postgres',
          // Connectors (test/sources) talk to local fake networks: PostgreSQL alone is enough.
          include: ['test/{api,workers,realtime,cli,sources}/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          env: { FIREBREAK_TEST_DRIVER: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'pglite',
          include: REPOSITORY_SUITES,
          exclude: ['test/**/*.processes.test.ts'],
          env: { FIREBREAK_TEST_DRIVER: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          env: { FIREBREAK_TEST_DRIVER: 'postgres' },
          fileParallelism: false,
          // A page's code loads when first opened: give a page under a loaded CI time to show.
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
