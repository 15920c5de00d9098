import { CompiledQuery, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import { isDatabaseUnavailable, type Database } from "#db/client";
import type { AppContext } from "~/context.server";
import type { Logger } from "~/log.server";
import { runScheduledWork } from "~/services/waves.server";

export const SCHEDULER_QUEUE = "candor-scheduler";

export interface JobQueue {
  boss: PgBoss;
  stop(): Promise<void>;
  /** Asks for a scheduler run now (it also runs every minute). */
  kick(): Promise<void>;
}

/**
 * pg-boss over Candor's own database handle. On PostgreSQL its SQL goes through the app's pool; on
 * PGlite through Kysely's single queued connection, so a job never runs inside a request's transaction.
 * pg-boss installs its schema with multi-statement SQL without parameters, which PGlite only runs via exec.
 */
export function pgBossDb(database: Database) {
  const db: Kysely<unknown> = database.db.withoutPlugins() as unknown as Kysely<unknown>;
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (database.kind === "pglite" && (!values || values.length === 0)) {
        return db.connection().execute(async () => {
          const results = await database.pglite!.exec(text);
          return { rows: results[results.length - 1]?.rows ?? [] };
        });
      }
      return db.executeQuery(CompiledQuery.raw(text, values ?? []));
    },
  };
}

/**
 * Starts the PostgreSQL-backed job queue: a cron job every minute that opens and closes waves and sends
 * reminders. Several workers may run (inside each server, or `npm run worker`): the scheduled work
 * claims each wave and reminder with a unique key, so nothing happens twice.
 */
export async function startJobQueue(app: AppContext, database: Database, options: { work: boolean }): Promise<JobQueue> {
  const boss = new PgBoss({
    db: pgBossDb(database),
    schema: "pgboss",
    supervise: true,
    schedule: true,
    migrate: true,
    // The database handle is ours: pg-boss must not open or close a pool of its own.
  } as PgBoss.ConstructorOptions);
  const log = app.log.child({ component: "jobs" });
  boss.on("error", (error) => log.error(error.message, { err: error }));
  survivePgBossOutages(log);
  await boss.start();
  await boss.createQueue(SCHEDULER_QUEUE);
  await boss.schedule(SCHEDULER_QUEUE, "* * * * *", {}, { singletonKey: "tick" });
  if (options.work) {
    await boss.work(SCHEDULER_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      const report = await runScheduledWork(app);
      for (const failure of report.failed) {
        log.error(`could not ${failure.step} ${failure.step === "open" ? "a wave of program" : "wave"} ${failure.id}: ${failure.message}`, { step: failure.step, id: failure.id });
      }
      const changes = report.opened.length + report.closed.length + report.reminded.length;
      if (changes > 0) {
        const reminders = report.reminded.reduce((n, r) => n + r.sent, 0);
        log.info(`opened ${report.opened.length} wave(s), closed ${report.closed.length}, sent ${reminders} reminder(s)`, {
          opened: report.opened.length,
          closed: report.closed.length,
          reminders,
        });
      }
    });
  }
  return {
    boss,
    kick: async () => {
      await boss.send(SCHEDULER_QUEUE, {}, { singletonKey: "kick", singletonSeconds: 5 });
    },
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 3000 });
    },
  };
}

let surviving = false;

/**
 * pg-boss's worker records a job's completion or failure without awaiting it (timgit/pg-boss#577): when
 * PostgreSQL is unreachable at that moment the rejection is unhandled, and Node ends the whole process,
 * HTTP server included. A database-unavailable rejection is logged instead (the job's expiry makes
 * pg-boss retry it); any other unhandled rejection still ends the process as Node would.
 */
function survivePgBossOutages(log: Logger) {
  if (surviving) return;
  surviving = true;
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    log.error(`database unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
}
