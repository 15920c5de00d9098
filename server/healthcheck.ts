import { sql } from "kysely";
import { openDatabase } from "#db/client";
import { readSettings } from "~/config.server";
import { SCHEDULER_QUEUE } from "./scheduler-queue";

// The container health check (Dockerfile HEALTHCHECK, compose.yaml), bundled to build/server/healthcheck.js:
//   node build/server/healthcheck.js           exit 0 when this container's server answers GET /healthz with 200
//                                              (which itself means its database answers)
//   node build/server/healthcheck.js --worker  exit 0 when a worker completed a scheduler run on DATABASE_URL in the
//                                              last WORKER_WINDOW_MINUTES (the scheduler runs every minute)
// It reads the same settings as the server (PORT, DATABASE_URL) and makes nothing: no key file, no migration.
const WORKER_WINDOW_MINUTES = 3;

async function serverAnswers(port: number): Promise<string | null> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  return response.status === 200 ? null : `GET /healthz answered ${response.status}`;
}

async function workerRuns(url: string | undefined, timeoutMs: number): Promise<string | null> {
  if (!url) return "the worker needs DATABASE_URL";
  const database = await openDatabase({ url, poolSize: 1, connectTimeoutMs: timeoutMs });
  try {
    // pg-boss keeps a completed job in pgboss.job (completed_on) until it archives it, hours later.
    const result = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job
      where name = ${SCHEDULER_QUEUE} and state = 'completed' and completed_on > now() - make_interval(mins => ${WORKER_WINDOW_MINUTES})`.execute(database.db);
    return result.rows[0]!.n > 0 ? null : `no scheduler run completed in the last ${WORKER_WINDOW_MINUTES} minutes`;
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  const settings = readSettings();
  const problem = process.argv.includes("--worker") ? await workerRuns(settings.DATABASE_URL, settings.DATABASE_CONNECT_TIMEOUT_MS) : await serverAnswers(settings.PORT);
  if (problem) console.error(`[candor] unhealthy: ${problem}`);
  return problem ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[candor] unhealthy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
