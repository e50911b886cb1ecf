import { defineConfig } from 'vitest/config';

// One `vitest run` for the whole repository; Playwright specs (e2e/) are not vitest tests.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['packages/shared/src/**/*.test.ts'], environment: 'node' } },
      {
        // The client crypto core (WebCrypto + ts-mls) in Node; MLS scenarios with several devices take seconds.
        test: {
          name: 'e2e-crypto',
          include: ['packages/e2e-crypto/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The release package is built and started from an empty folder (scripts/package.test.ts).
        test: {
          name: 'scripts',
          include: ['scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
        },
      },
      { test: { name: 'web', include: ['apps/web/src/**/*.test.{ts,tsx}'], environment: 'node' } },
    ],
  },
});
