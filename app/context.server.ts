import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { Database, DatabaseKind } from "#db/client";
import type { AppConfig } from "./config.server";
import { createLogger, type Logger } from "./log.server";
import { createMailer, type Mailer } from "./mailer.server";

/**
 * What every service receives: the database and the process-wide collaborators. The server builds it
 * once and hands it to Remix as load context; tests build their own against a real database.
 */
export interface AppContext {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  /** The open database itself, for bulk loads that go around Kysely (COPY on PostgreSQL). */
  database: Database;
  config: AppConfig;
  mailer: Mailer;
  /** The process's log (JSON lines, redacted: ADR 039). */
  log: Logger;
  /** The clock, so that tests can move time (invitation expiry, wave schedules). */
  now: () => Date;
}

/** The context for one process: the server, a CLI command or a test. */
export function createAppContext(database: Database, config: AppConfig, options: { mailer?: Mailer; now?: () => Date; log?: Logger } = {}): AppContext {
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL });
  return {
    db: database.db,
    dbKind: database.kind,
    database,
    config,
    log,
    mailer: options.mailer ?? createMailer(config, log),
    now: options.now ?? (() => new Date()),
  };
}
