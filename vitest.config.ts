import { defineConfig } from "vitest/config";
import { aliases } from "./config/aliases";

// Unit tests sit next to their source; integration tests in tests/integration run on PGlite always and
// on PostgreSQL too when TEST_DATABASE_URL is set (each file on a database of its own).
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    environment: "node",
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/architecture/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/fail-on-console-error.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
