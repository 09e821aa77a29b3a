import { configDefaults, defineConfig } from 'vitest/config';

const BROWSER_TESTS = 'test/web/**/*.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // A fixed fast-check seed, FC_SEED and FC_RUNS (see the file).
    setupFiles: ['test/setup/fast-check.ts'],
    // Each test file runs in its own process with its own database (see test/helpers/database.ts).
    pool: 'forks',
    testTimeout: 30_000,
    // Browser and end-to-end checks wait for the app, which on a busy CI machine takes a while.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'api',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, BROWSER_TESTS],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The browser tests drive a Chromium and three tiers each: they run after the rest, one
        // at a time, so that no CPU-bound test (password hashing, load tests) starves the page
        // they are watching.
        extends: true,
        test: {
          name: 'browser',
          include: [BROWSER_TESTS],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
