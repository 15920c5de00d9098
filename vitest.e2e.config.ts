import { defineConfig } from "vitest/config";
import { aliases } from "./config/aliases";

// System and browser tests against the built server (run `npm run build` first; `npm run test:e2e` does).
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    environment: "node",
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/e2e/support/global-setup.ts"],
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
