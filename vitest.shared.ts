import { defineConfig } from 'vitest/config';

/** The test settings every package shares; each package's vitest.config.ts re-exports this. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One TF.js engine per file; files run in parallel on the two cores.
    pool: 'forks',
  },
});
