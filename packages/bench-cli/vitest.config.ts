import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One tfjs engine per file; files run in parallel on the two cores.
    pool: 'forks',
  },
});
