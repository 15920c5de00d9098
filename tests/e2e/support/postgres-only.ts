/**
 * Whether a PostgreSQL-only system test can run: it needs TEST_DATABASE_URL. Without it the test is
 * skipped with a line that says so (CI sets it, so there a missing URL is an error, not a skip).
 */
export function hasTestPostgres(suite: string): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI === "true") throw new Error(`CI=true but TEST_DATABASE_URL is not set: ${suite} needs PostgreSQL`);
  console.warn(`\nSKIPPED: ${suite} needs TEST_DATABASE_URL (a PostgreSQL server)\n`);
  return false;
}
