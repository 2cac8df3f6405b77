import { defineConfig } from "vitest/config";

/**
 * One `npm test`, three layers:
 *   unit         pure domain functions
 *   integration  app.request against a real libsql file per test file; msw refuses the network
 *   workers      the real Worker in workerd with a local D1 (test/workers/vitest.config.ts)
 *   e2e          the Node server driven through headless Chromium
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node" } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          setupFiles: ["test/support/msw-setup.ts"],
          testTimeout: 20_000,
        },
      },
      "test/workers/vitest.config.ts",
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
