import { CompiledQuery, type Kysely } from "kysely";
import PgBoss from "pg-boss";
import type { PoolClient } from "pg";
import { isDatabaseUnavailable, type Database } from "#db/client";
import type { AppContext } from "~/context.server";
import type { Logger } from "~/log.server";
import { runScheduledWork } from "~/services/waves.server";
import { applyRetentionEverywhere } from "~/services/retention.server";
import { runCrmPull, scheduleCrmPulls } from "~/services/crm-pulls.server";
import { SCHEDULER_QUEUE } from "./scheduler-queue";

export { SCHEDULER_QUEUE };
/** Once a day: deletes the raw answers of pulses older than their organisation's retention (ADR 037). */
export const RETENTION_QUEUE = "candor-retention";
/** 03:17 UTC every day: a quiet hour, off the minute every other cron job picks. */
export const RETENTION_CRON = "17 3 * * *";
/** One job per CRM pull (ADR 049): sent by the scheduler's tick for each pull due, one at a time per worker. */
export const CRM_PULL_QUEUE = "candor-crm-pull";
/** A pull of a million deals takes minutes; pg-boss gives a job this long before it counts it as lost. */
const CRM_PULL_EXPIRE_SECONDS = 4 * 3600;

export interface JobQueue {
  boss: PgBoss;
  stop(): Promise<void>;
  /** Asks for a scheduler run now (it also runs every minute). */
  kick(): Promise<void>;
}

/**
 * pg-boss over Candor's own database handle. On PostgreSQL its SQL goes through the app's pool (or, while
 * it starts, through the connection `during` names); on PGlite through Kysely's single queued connection,
 * so a job never runs inside a request's transaction. pg-boss installs its schema with multi-statement SQL
 * without parameters, which PGlite only runs via exec (and pg only with no parameter array to prepare).
 */
type RunSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

function pgBossDb(database: Database, during: () => RunSql | null) {
  const db: Kysely<unknown> = database.db.withoutPlugins() as unknown as Kysely<unknown>;
  return {
    async executeSql(text: string, values?: unknown[]) {
      const run = during();
      if (run) return run(text, values);
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
  const log = app.log.child({ component: "jobs" });
  survivePgBossOutages(log);
  const boss = await startPgBoss(database, log, async (started) => {
    await started.createQueue(SCHEDULER_QUEUE);
    await started.schedule(SCHEDULER_QUEUE, "* * * * *", {}, { singletonKey: "tick" });
    await started.createQueue(RETENTION_QUEUE);
    await started.schedule(RETENTION_QUEUE, RETENTION_CRON, {}, { singletonKey: "daily" });
    await started.createQueue(CRM_PULL_QUEUE);
  });
  if (options.work) {
    await boss.work(SCHEDULER_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
      const report = await runScheduledWork(app);
      for (const failure of report.failed) {
        const what = failure.step === "deliver" ? "send queued email" : `${failure.step} ${failure.step === "open" ? "a wave of program" : "wave"} ${failure.id}`;
        log.error(`could not ${what}: ${failure.message}`, { step: failure.step, id: failure.id });
      }
      const { sent, failed, interrupted } = report.delivered;
      if (sent + failed + interrupted > 0)
        log.info(`queued email: ${sent} sent, ${failed} failed, ${interrupted} left half-sent by a stopped server`, { sent, failed, interrupted });
      // CRM pulls due (scheduled, asked for, waiting after an outage, or left by a stopped worker) go to their
      // own queue: a long pull never holds up waves and reminders.
      try {
        for (const pullId of await scheduleCrmPulls(app)) {
          await boss.send(CRM_PULL_QUEUE, { pullId }, { singletonKey: pullId, expireInSeconds: CRM_PULL_EXPIRE_SECONDS, retryLimit: 0 });
        }
      } catch (error) {
        log.error(`could not schedule CRM pulls: ${error instanceof Error ? error.message : String(error)}`, { err: error });
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
  if (options.work) {
    // Each pulse is claimed in the database before its answers go, so two workers delete it once.
    await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
      for (const run of await applyRetentionEverywhere(app, { actor: { kind: "system", name: "retention" }, source: "worker" })) {
        if (run.deleted.waves > 0) {
          log.info(`retention (${run.months} months) deleted the raw answers of ${run.deleted.waves} pulse(s) of ${run.organisation}`, {
            months: run.months,
            pulses: run.deleted.waves,
            responses: run.deleted.responses,
            comments: run.deleted.comments,
          });
        }
      }
    });
  }
  if (options.work) {
    await boss.work<{ pullId: string }>(CRM_PULL_QUEUE, { pollingIntervalSeconds: 5 }, async ([job]) => {
      if (job) await runCrmPull(app, job.data.pullId);
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

/** A session advisory lock's key (any constant bigint): "one pg-boss starting at a time" on this database. */
const PGBOSS_START_LOCK = 7_244_318_021_530_412n;

/**
 * A started pg-boss, with `setup` (its queues and schedules) done. Its first start on a database installs its
 * schema in one transaction that is not idempotent, so two processes starting at once on a new database
 * (compose starts the app servers and the worker together) both try, and the second fails ("type job_state
 * already exists", or a duplicate schema: 4 times in 6 with two workers started together on this machine),
 * leaving its pooled connection inside the failed transaction; and two processes creating the same queue at
 * once (a partition attached to pgboss.job) can deadlock against each other's maintenance. On PostgreSQL
 * the start and the setup therefore run on one connection of its own that holds a session advisory lock:
 * the next process waits, then finds the schema and the queue there. pg-boss's SQL goes through that
 * connection until then (so a pool of one cannot deadlock), then through the pool.
 */
async function startPgBoss(database: Database, log: Logger, setup: (boss: PgBoss) => Promise<void>): Promise<PgBoss> {
  const starting = database.kind === "postgres" && database.pool ? await database.pool.connect() : null;
  const onStarting = starting ? oneAtATime(starting) : null;
  let startClient: RunSql | null = onStarting;
  const boss = new PgBoss({
    db: pgBossDb(database, () => startClient),
    schema: "pgboss",
    supervise: true,
    schedule: true,
    migrate: true,
    // The database handle is ours: pg-boss must not open or close a pool of its own.
  } as PgBoss.ConstructorOptions);
  boss.on("error", (error) => log.error(error.message, { err: error }));
  if (!starting || !onStarting) {
    await boss.start();
    await setup(boss);
    return boss;
  }
  let failure: Error | undefined;
  try {
    await onStarting("select pg_advisory_lock($1)", [PGBOSS_START_LOCK.toString()]);
    await boss.start();
    await setup(boss);
    startClient = null;
    // Queued behind any query pg-boss's timers sent through the connection before the switch.
    await onStarting("select pg_advisory_unlock($1)", [PGBOSS_START_LOCK.toString()]);
    return boss;
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    startClient = null;
    // A connection that failed part-way through pg-boss's install may sit in an aborted transaction: it is
    // closed, not returned to the pool (and its session lock goes with it).
    starting.release(failure);
  }
}

/**
 * One connection's queries, one after another: pg-boss's timers may send a query while another is running
 * during its start, and node-postgres no longer queues those itself. A parameter array only when there are
 * parameters: pg-boss's multi-statement install SQL needs the simple protocol.
 */
function oneAtATime(client: PoolClient): RunSql {
  let last: Promise<unknown> = Promise.resolve();
  return (text, values) => {
    const next = last.then(() => client.query(text, values && values.length > 0 ? values : undefined));
    last = next.catch(() => {});
    return next;
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
