import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../app/config.server";
import { createAppContext } from "../../app/context.server";
import { beginSignInAttempt } from "../../app/auth/throttle.server";
import { checkBallotKeysOpen } from "../../app/services/ballots.server";
import { seedDemo } from "../../app/services/demo/seed.server";
import { openDatabase, type Database } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { countRows, type TableCount } from "../../db/move";
import { sessionCookieFor } from "../factories/organisation";
import { runCli } from "../support/cli";
import { adminUrl, databaseUrl } from "../support/postgres-urls";

// `move-to-postgres` (ADR 038): a trial on embedded PGlite becomes production on PostgreSQL. The source is
// the demo organisation (people, six closed pulses with results, CRM snapshots as partitions, an open wave
// whose ballot keys are sealed under the secret key), plus a sign-in failure (a bigserial) and the membership
// events (an identity column). The move must carry every row of every table, leave the results exactly as
// they were, and never leave a half-moved database.
const base = process.env.TEST_DATABASE_URL;
const key = crypto.randomBytes(32).toString("hex");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-move-"));
const pgliteDir = path.join(dir, "pglite");
const env = { CANDOR_SECRET_KEY: key, OUTBOX_DIR: path.join(dir, "outbox"), APP_URL: "http://candor.test" };
const dropped: string[] = [];

/** A new empty database on the TEST_DATABASE_URL server. */
async function freshTarget(): Promise<string> {
  const name = `candor_move_${crypto.randomBytes(4).toString("hex")}`;
  const admin = await openDatabase({ url: adminUrl(base!), poolSize: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  dropped.push(name);
  return databaseUrl(base!, name);
}

async function withDatabase<T>(options: { url?: string; pgliteDir?: string }, use: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ ...options, poolSize: 1 });
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

/** The export as JSON, without the moment it was made. */
async function exportResults(where: Record<string, string>): Promise<unknown> {
  const result = await runCli(["export-results", "--org", "northwind", "--period", "quarter"], { ...env, ...where });
  expect(result.code, result.stderr).toBe(0);
  const { generatedAt, ...rest } = JSON.parse(result.stdout) as { generatedAt: string };
  expect(generatedAt).toMatch(/^\d{4}-/);
  return rest;
}

const move = (to: string, extra: string[] = [], keyOverride = key) =>
  runCli(["move-to-postgres", "--from", pgliteDir, "--to", to, ...extra], { ...env, CANDOR_SECRET_KEY: keyOverride });
const empty = (counts: TableCount[]) => counts.filter((c) => c.rows > 0);

describe.skipIf(!base)("move-to-postgres: an embedded installation into PostgreSQL", () => {
  let before: TableCount[];
  let exportBefore: unknown;
  let sequencesBefore: Record<string, string>;
  const sequences = (database: Database) =>
    sql<{ name: string; value: string }>`
      select c.relname as name, pg_sequence_last_value(c.oid)::text as value
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'S' order by 1`
      .execute(database.db)
      .then((r) => Object.fromEntries(r.rows.map((row) => [row.name, row.value])));

  beforeAll(async () => {
    await withDatabase({ pgliteDir }, async (database) => {
      await migrateToLatest(database.db);
      const app = createAppContext(database, loadConfig({ NODE_ENV: "production", ...env }));
      await seedDemo(app);
      expect((await beginSignInAttempt(app, "someone@northwind.example", "203.0.113.9")).ok).toBe(true);
      const admin = await app.db.selectFrom("person").select(["id", "organisationId"]).where("email", "=", "avery.admin@northwind.example").executeTakeFirstOrThrow();
      await sessionCookieFor(app, admin);
    });
    // The export first: it is audited (one more audit entry), and the counts must include that entry.
    exportBefore = await exportResults({ PGLITE_DIR: pgliteDir });
    await withDatabase({ pgliteDir }, async (database) => {
      before = await countRows(database);
      sequencesBefore = await sequences(database);
    });
  }, 120_000);

  afterAll(async () => {
    const admin = await openDatabase({ url: adminUrl(base!), poolSize: 1 });
    for (const name of dropped) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
    await admin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the source holds what a move must carry", () => {
    const rows = Object.fromEntries(before.map((c) => [c.table, c.rows]));
    for (const table of [
      "organisation",
      "person",
      "team",
      "wave",
      "response",
      "answer",
      "wave_team_dimension_stats",
      "ballot_key",
      "login_failure",
      "team_membership_event",
      "session",
    ]) {
      expect(rows[table], table).toBeGreaterThan(0);
    }
    expect(before.filter((c) => c.table.startsWith("crm_opportunity_") && c.rows > 0).length).toBeGreaterThan(0);
  });

  it("refuses, and moves nothing, when this environment's secret key did not seal the open wave's ballot keys", async () => {
    const target = await freshTarget();
    const result = await move(target, [], crypto.randomBytes(32).toString("hex"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not open the ballot keys of 1 open wave.*Nothing was moved/);
    expect(empty(await withDatabase({ url: target }, countRows))).toEqual([]);
  });

  // The CLI moves the whole demo (23 s alone on a quiet 2-core machine; more beside the other test files).
  it("moves every row of every table in one transaction, and the results export the same", async () => {
    const target = await freshTarget();
    const result = await move(target);
    expect(result.code, result.stderr).toBe(0);
    // Progress, table by table, each after the tables its foreign keys point at.
    const order = [...result.stdout.matchAll(/^ +\[ *(\d+)\/(\d+)\] (\w+): [\d,]+ rows?$/gm)].map((m) => ({ index: Number(m[1]), total: Number(m[2]), table: m[3]! }));
    expect(order.map((o) => o.table).sort()).toEqual(before.map((c) => c.table).sort());
    expect(order.every((o, i) => o.index === i + 1 && o.total === before.length)).toBe(true);
    const at = (table: string) => order.findIndex((o) => o.table === table);
    expect(at("organisation")).toBeLessThan(at("person"));
    expect(at("person")).toBeLessThan(at("team"));
    expect(at("wave")).toBeLessThan(at("response"));
    expect(at("response")).toBeLessThan(at("answer"));
    expect(at("crm_snapshot")).toBeLessThan(at(before.find((c) => c.table.startsWith("crm_opportunity_"))!.table));
    expect(result.stdout).toMatch(/\] organisation: 1 row$/m);
    expect(result.stdout).toMatch(/Moved 1 organisation \(Northwind Sales, northwind\): [\d,]+ rows in \d+ tables and 3 sequences, in one transaction/);
    expect(result.stdout).toMatch(
      /give them this installation's secret key — CANDOR_SECRET_KEY as set here — as CANDOR_SECRET_KEY: the ballot keys of 1 open wave are sealed under it/,
    );

    const after = await withDatabase({ url: target }, countRows);
    expect(after).toEqual(before);
    expect(await withDatabase({ url: target }, sequences)).toEqual(sequencesBefore);
    expect(await exportResults({ DATABASE_URL: target })).toEqual(exportBefore);
    // With the same key, the moved open wave can still sign ballots.
    const keys = await withDatabase({ url: target }, (database) => checkBallotKeysOpen(createAppContext(database, loadConfig({ NODE_ENV: "production", ...env }))));
    expect(keys).toEqual({ sealed: 1, opened: 1 });

    // A second run finds the target full: refused, nothing changed (the export above added its audit entry).
    const held = await withDatabase({ url: target }, countRows);
    const again = await move(target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds Candor data \(.*organisation: 1.*\)\. Nothing was moved\. Give --replace/);
    expect(await withDatabase({ url: target }, countRows)).toEqual(held);
    // --replace: what it held goes, the source's data comes in its place, once.
    const replaced = await move(target, ["--replace"]);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/Deleted what the target held first: .*organisation \(1\)/);
    expect(await withDatabase({ url: target }, countRows)).toEqual(before);
    expect(await exportResults({ DATABASE_URL: target })).toEqual(exportBefore);
  }, 120_000);

  it("a failure part-way leaves the target as empty as it was", async () => {
    const target = await freshTarget();
    expect((await runCli(["migrate"], { ...env, DATABASE_URL: target })).code).toBe(0);
    // The target refuses every answer row: the move fails after the tables copied before `answer`.
    await withDatabase({ url: target }, (database) => sql`alter table answer add constraint move_test_refuses check (false) not valid`.execute(database.db));
    const result = await move(target);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/\] organisation: 1 row$/m);
    expect(result.stderr).toMatch(/move_test_refuses/);
    expect(empty(await withDatabase({ url: target }, countRows))).toEqual([]);
  });
});
