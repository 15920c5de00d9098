import { openDatabase, type Database } from "#db/client";
import { migrateToLatest, type MigrationReport } from "#db/migrate";
import { databaseSettings, loadConfig } from "~/config.server";
import { createAppContext, type AppContext } from "~/context.server";
import { createLogger } from "~/log.server";

/** Raised by a command for bad input: the CLI prints the message and exits 1, with no stack trace. */
export class UsageError extends Error {}

/**
 * Opens the same database the server uses (DATABASE_URL, else PGLITE_DIR), brings the schema up to
 * date, runs the command and closes the database whatever happens.
 */
export async function withAppContext<T>(run: (app: AppContext, database: Database, migrated: MigrationReport) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ ...databaseSettings(config), holder: `candor CLI (pid ${process.pid}: ${process.argv.slice(2).join(" ")})` });
  try {
    const migrated = await migrateToLatest(database.db);
    // The command's own output (often JSON) is standard output; the log's lines go to standard error.
    const log = createLogger({ level: config.LOG_LEVEL, write: (line) => process.stderr.write(line) });
    return await run(createAppContext(database, config, { log }), database, migrated);
  } finally {
    await database.close();
  }
}
