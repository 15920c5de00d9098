import type { Server } from "node:http";
import type { Database } from "#db/client";
import type { Logger } from "~/log.server";

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish for a moment, close the
 * database (a PGlite directory must be closed cleanly) and exit. If that takes over 5 s, exit anyway.
 * A repeated signal is ignored: Ctrl+C reaches both `npm start` and the server, which forwards it too.
 */
export function handleShutdown(server: Server, database: Database, log: Logger, extra: Array<() => Promise<void>> = []): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    const force = setTimeout(() => {
      log.error("shutdown took over 5 s; exiting anyway");
      process.exit(1);
    }, 5000);
    force.unref();
    // Let requests in flight finish (up to 1 s) before the database goes away under them.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, 1000).unref();
    });
    try {
      for (const close of extra) await close();
      await database.close();
    } catch (error) {
      log.error("error while closing", { err: error });
    }
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}
