import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each test file runs in its own process with its own database (see test/helpers/database.ts).
    pool: 'forks',
    testTimeout: 30_000,
    // Browser and end-to-end checks wait for the app, which on a busy CI machine takes a while.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    hookTimeout: 120_000,
  },
});
