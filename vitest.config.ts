import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup-fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Prism mocks are shared by all files; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
