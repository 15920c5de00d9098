import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { openDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import type { DB } from "../../db/schema";
import { databaseUrl } from "../support/postgres-urls";
import { spawnScript, until } from "../support/processes";
import { schemaOf } from "../support/schema";

// A migration run stopped half-way (the process SIGKILLed) can simply be run again. Kysely's Migrator
// runs all pending migrations in one transaction on PostgreSQL and PGlite (transactional DDL), so a
// killed run leaves nothing of itself. Each case spawns processes that open (and migrate) a database:
// seconds each on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const ALL = Object.keys(migrations);
/** Created by migration 0010, not the last one: the run is stopped when it gets there. */
const STOP_AT_TABLE = "play";

/** What a killed run left: the migrator's own bookkeeping tables (made before its transaction) and nothing else. */
async function leftovers(db: Kysely<DB>) {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(db);
  const names = tables.rows.map((r) => r.name);
  const applied = names.includes("kysely_migration") ? (await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(db)).rows[0]!.n : 0;
  return { appTables: names.filter((n) => !n.startsWith("kysely_")), applied };
}

describe("a migration run killed mid-way [pglite]", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-migrate-kill-"));
  const pgliteDir = path.join(dir, "pglite");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("leaves no migration applied, and the rerun completes to the same schema as a clean run", async () => {
    // The run kills itself when it reaches migration 0010, after 0001–0009 have run in its transaction.
    const killed = spawnScript(["tests/support/migrate-until-killed.ts", pgliteDir, STOP_AT_TABLE], {});
    expect(await killed.exited, killed.output()).toEqual({ code: null, signal: "SIGKILL" });
    const inside = Number(/tables inside the migration's transaction: (\d+)/.exec(killed.output())?.[1]);
    expect(inside).toBeGreaterThanOrEqual(20);

    // The rerun: the same runner the server and `npm run candor -- migrate` call, on the killed run's directory.
    const database = await openDatabase({ pgliteDir });
    expect(await leftovers(database.db)).toEqual({ appTables: [], applied: 0 });
    expect((await migrateToLatest(database.db)).applied).toEqual(ALL);
    const rerunSchema = await schemaOf(database.db);
    await database.close();
    // A clean run: the migrated template every PGlite test database starts from.
    const clean = await openDatabase({
      pgliteDir: "memory://",
      pgliteLoadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplatePath"))], { type: "application/x-gzip" }),
    });
    const cleanSchema = await schemaOf(clean.db);
    await clean.close();
    expect(cleanSchema.columns.length).toBeGreaterThan(100);
    expect(cleanSchema.migrations).toEqual(ALL);
    expect(rerunSchema).toEqual(cleanSchema);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("a migration run killed mid-way [postgres]", () => {
  const base = process.env.TEST_DATABASE_URL ?? "";
  const names = [`candor_mig_${crypto.randomBytes(4).toString("hex")}`, `candor_mig_${crypto.randomBytes(4).toString("hex")}`];
  afterAll(async () => {
    const admin = await openDatabase({ url: base, poolSize: 1 });
    for (const name of names) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await admin.close();
  });

  it("leaves no migration applied and no session behind, and the rerun completes to the same schema as a clean run", async () => {
    const [interrupted, clean] = names.map((name) => databaseUrl(base, name)) as [string, string];
    const admin = await openDatabase({ url: base, poolSize: 1 });
    for (const name of names) await sql`create database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    const observer = await openDatabase({ url: interrupted, poolSize: 1 });
    const sessions = async () =>
      (
        await sql<{ pid: number; waitEventType: string | null; query: string }>`
          select pid, wait_event_type, query from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(observer.db)
      ).rows;

    // Another session creates the table migration 0010 creates, and does not commit: when the migrator
    // gets there it waits for that transaction, deterministically half-way through its run.
    const blocker = new pg.Client({ connectionString: interrupted });
    await blocker.connect();
    try {
      await blocker.query("begin");
      await blocker.query(`create table ${STOP_AT_TABLE} (blocker integer)`);
      const blockerPid = (await blocker.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;

      const run = spawnScript(["scripts/candor.ts", "migrate"], { DATABASE_URL: interrupted });
      const waiting = await until(
        sessions,
        (s) => s.some((x) => x.waitEventType === "Lock" && x.query.startsWith(`create table "${STOP_AT_TABLE}"`)),
        60_000,
        "the migrator waiting at migration 0010",
      );
      const migratorPid = waiting.find((x) => x.waitEventType === "Lock")!.pid;
      // It holds the locks of the tables 0001–0009 created in its transaction.
      const held = await sql<{ n: number }>`select count(*)::int as n from pg_locks where pid = ${migratorPid} and locktype = 'relation' and granted`.execute(observer.db);
      expect(held.rows[0]!.n).toBeGreaterThanOrEqual(20);

      run.kill("SIGKILL");
      expect(await run.exited).toEqual({ code: null, signal: "SIGKILL" });
      // A backend waiting on a lock does not notice its client is gone until it runs again.
      expect((await sessions()).map((s) => s.pid)).toContain(migratorPid);
      await blocker.query("rollback");
      // Once it does, PostgreSQL ends it and aborts its transaction: no session lingers.
      await until(sessions, (s) => s.every((x) => x.pid === blockerPid), 10_000, "the killed migrator's session ending");
    } finally {
      await blocker.end();
    }
    expect(await leftovers(observer.db)).toEqual({ appTables: [], applied: 0 });
    await observer.close();

    const rerun = spawnScript(["scripts/candor.ts", "migrate"], { DATABASE_URL: interrupted });
    expect(await rerun.exited, rerun.output()).toEqual({ code: 0, signal: null });
    expect(rerun.output()).toContain(`is up to date: applied ${ALL.join(", ")}.`);

    const rerunDb = await openDatabase({ url: interrupted, poolSize: 1 });
    const rerunSchema = await schemaOf(rerunDb.db);
    await rerunDb.close();
    const cleanDb = await openDatabase({ url: clean, poolSize: 1 });
    await migrateToLatest(cleanDb.db);
    const cleanSchema = await schemaOf(cleanDb.db);
    await cleanDb.close();
    expect(cleanSchema.columns.length).toBeGreaterThan(100);
    expect(cleanSchema.migrations).toEqual(ALL);
    expect(rerunSchema).toEqual(cleanSchema);
  });
});
