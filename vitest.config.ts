import { defineConfig } from 'vitest/config';

// Pin the process time zone so no test passes only on a machine set to UTC+8 (or only off it):
// Flowsight must never depend on the host's zone, only on the configured one.
process.env.TZ = 'America/Los_Angeles';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/build-dashboard.global-setup.ts'],
  },
});
