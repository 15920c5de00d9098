import { CompiledQuery, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import { isDatabaseUnavailable, type Database } from "#db/client";
import type { AppContext } from "~/context.server";
import { runScheduledWork } from "~/services/waves.server";
import { applyRetentionEverywhere } from "~/services/retention.server";

export const SCHEDULER_QUEUE = "candor-scheduler";
/** Once a day: deletes the raw answers of pulses older than their organisation's retention (ADR 037). */
export const RETENTION_QUEUE = "candor-retention";
/** 03:17 UTC every day: a quiet hour, off the minute every other cron job picks. */
export const RETENTION_CRON = "17 3 * * *";

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
 * reminders, and one every day that applies the organisations' retention settings. Several workers may run (inside each server, or `npm run worker`): the scheduled work
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
  boss.on("error", (error) => console.error(`[jobs] ${error.message}`));
  survivePgBossOutages();
  await boss.start();
  await boss.createQueue(SCHEDULER_QUEUE);
  await boss.schedule(SCHEDULER_QUEUE, "* * * * *", {}, { singletonKey: "tick" });
  await boss.createQueue(RETENTION_QUEUE);
  await boss.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { singletonKey: "daily" });
  if (options.work) {
    await boss.work(SCHEDULER_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      const report = await runScheduledWork(app);
      for (const failure of report.failed)
        console.error(`[jobs] could not ${failure.step} ${failure.step === "open" ? "a wave of program" : "wave"} ${failure.id}: ${failure.message}`);
      const changes = report.opened.length + report.closed.length + report.reminded.length;
      if (changes > 0) {
        console.info(`[jobs] opened ${report.opened.length} wave(s), closed ${report.closed.length}, sent ${report.reminded.reduce((n, r) => n + r.sent, 0)} reminder(s)`);
      }
    });
  }
  if (options.work) {
    // Each pulse is claimed in the database before its answers go, so two workers delete it once.
    await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      for (const run of await applyRetentionEverywhere(app, { actor: { kind: "system", name: "retention" }, source: "worker" })) {
        if (run.deleted.waves > 0) {
          console.info(
            `[jobs] retention (${run.months} months) deleted the raw answers of ${run.deleted.waves} pulse(s) of ${run.organisation}: ${run.deleted.responses} responses, ${run.deleted.comments} comments`,
          );
        }
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
function survivePgBossOutages() {
  if (surviving) return;
  surviving = true;
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    console.error(`[jobs] database unavailable: ${reason instanceof Error ? reason.message : String(reason)}`);
  });
}
