import type { Kysely } from "kysely";
import type { DB } from "#db/schema";
import type { DatabaseKind } from "#db/client";
import type { AppConfig } from "./config.server";

/**
 * What every service receives: the database and the process-wide collaborators. The server builds it
 * once and hands it to Remix as load context; tests build their own against a real database.
 */
export interface AppContext {
  db: Kysely<DB>;
  dbKind: DatabaseKind;
  config: AppConfig;
  /** The clock, so that tests can move time (invitation expiry, wave schedules). */
  now: () => Date;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    app: AppContext;
    /** The per-request Content-Security-Policy nonce for Remix's inline scripts. */
    cspNonce: string;
  }
}
