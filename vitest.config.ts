import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'evals/**/*.test.ts'],
    globalSetup: ['./test/helpers/global-setup.ts'],
    // Generous: the CLI tests boot PGlite from disk per command, slow on a loaded 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Two cores: more workers only add PGlite boot contention.
    pool: 'forks',
    maxWorkers: 2,
  },
});
