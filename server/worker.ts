import { createServer } from "node:http";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { databaseSettings, loadConfig, loadEnvFile, secretKeyWarning, shareNodeEnv } from "~/config.server";
import { createAppContext } from "~/context.server";
import { startJobQueue } from "./job-queue";
import { handleShutdown } from "./shutdown";

// `npm run worker`: the job queue worker on its own (set CANDOR_WORKER=off on the servers). It needs
// PostgreSQL: an embedded PGlite directory can be open in one process only, the server's.
async function main() {
  const envFile = loadEnvFile();
  const config = loadConfig();
  shareNodeEnv(config);
  if (envFile) console.info(`[candor] settings from ${envFile} (the environment's own values win)`);
  const keyWarning = secretKeyWarning(config);
  if (keyWarning) console.warn(keyWarning);
  const database = await openDatabase({ ...databaseSettings(config), holder: `Candor worker (pid ${process.pid})` });
  await migrateToLatest(database.db);
  const app = createAppContext(database, config);
  const jobs = await startJobQueue(app, database, { work: true });
  await jobs.kick();
  console.info(`[candor] worker running on ${database.kind} (${database.location}); mail: ${app.mailer.description}`);
  // No HTTP, but handleShutdown wants a server to close: an unbound one closes at once.
  handleShutdown(createServer(), database, [() => jobs.stop()]);
}

main().catch((error: unknown) => {
  console.error("[candor] worker could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
