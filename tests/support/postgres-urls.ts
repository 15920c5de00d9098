/** The same server as `url`, connected to database `name`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The database named in TEST_DATABASE_URL is the one tests connect to for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return url;
}

/**
 * What the integration suite leaves out for want of a PostgreSQL server, as a banner the global setup
 * prints (a green run on PGlite alone must not look like a full run); null when nothing is left out.
 */
export function postgresSkipNotice(env: Readonly<Record<string, string | undefined>>): string | null {
  const missing = [
    env.TEST_DATABASE_URL
      ? null
      : "TEST_DATABASE_URL is not set: every integration test runs on PGlite only, and the PostgreSQL-only tests (COPY, migrations killed mid-way, partitions, the second backend of every describeWithDb) are SKIPPED.",
    env.FORENSIC_DATABASE_URL ? null : "FORENSIC_DATABASE_URL is not set: the pageinspect attack on dead row versions (a superuser role) is SKIPPED.",
  ].filter((line): line is string => line !== null);
  if (missing.length === 0) return null;
  const rule = "!".repeat(100);
  return [rule, "!! NOT A FULL RUN", ...missing.map((line) => `!! ${line}`), '!! Set them as .ci/run does to run everything (see the README, "Configuration").', rule].join("\n");
}
