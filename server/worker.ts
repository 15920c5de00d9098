import { createServer } from "node:http";
import { openDatabase } from "#db/client";
import { migrateToLatest } from "#db/migrate";
import { databaseSettings, loadConfig, loadEnvFile, secretKeyWarning, shareNodeEnv } from "~/config.server";
import { createAppContext } from "~/context.server";
import { createLogger } from "~/log.server";
import { startJobQueue } from "./job-queue";
import { handleShutdown } from "./shutdown";

// `npm run worker`: the job queue worker on its own (set CANDOR_WORKER=off on the servers). It needs
// PostgreSQL: an embedded PGlite directory can be open in one process only, the server's.
// Until the configuration is read, lines go out at the default level.
let log = createLogger({ level: "info" });

async function main() {
  const envFile = loadEnvFile();
  const config = loadConfig();
  shareNodeEnv(config);
  log = createLogger({ level: config.LOG_LEVEL });
  if (envFile) log.info(`settings from ${envFile} (the environment's own values win)`, { file: envFile });
  const keyWarning = secretKeyWarning(config);
  if (keyWarning) log.warn(keyWarning);
  const database = await openDatabase({
    ...databaseSettings(config),
    holder: `Candor worker (pid ${process.pid})`,
    onConnectionLost: (error) => log.warn("idle PostgreSQL connection lost", { err: error }),
  });
  await migrateToLatest(database.db);
  const app = createAppContext(database, config, { log });
  const jobs = await startJobQueue(app, database, { work: true });
  await jobs.kick();
  log.info(`worker running on ${database.kind} (${database.location}); mail: ${app.mailer.description}`);
  // No HTTP, but handleShutdown wants a server to close: an unbound one closes at once.
  handleShutdown(createServer(), database, log, [() => jobs.stop()]);
}

main().catch((error: unknown) => {
  log.error(`worker could not start: ${error instanceof Error ? error.message : String(error)}`, { err: error });
  process.exit(1);
});
