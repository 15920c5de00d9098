import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../db/client";
import { generateSalesforceCsv } from "../../app/domain/crm";
import { migrateToLatest } from "../../db/migrate";
import { loadConfig } from "../../app/config.server";
import { createAppContext } from "../../app/context.server";
import { createOrganisation } from "../../app/services/organisations.server";
import { applyRoster } from "../../app/services/roster.server";
import { spawnScript, until } from "../support/processes";
import { hasTestPostgres } from "./support/postgres-only";
import { freshPostgresDatabase } from "./support/server";

const ROWS = 200_000;

/** `npm run candor -- import-crm` as one process: a SIGKILL ends the import itself. */
const startImport = (args: string[], env: Record<string, string>) => spawnScript(["scripts/candor.ts", "import-crm", ...args], env);

// The CRM import is killed (SIGKILL: no clean-up of its own can run) in the middle of a 200,000-row
// file. The whole import is one PostgreSQL transaction with a temporary staging table, so when the
// socket closes PostgreSQL aborts it: nothing of it may remain, and the same file then imports whole.
describe.skipIf(!hasTestPostgres("fault-import-kill"))("a CRM import killed mid-way", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "candor-fault-import-"));
  const file = path.join(dir, "opportunities.csv");
  let env: Record<string, string>;
  let database: Database;
  let dbName: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const setupStarted = Date.now();
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    dbName = new URL(fresh.url).pathname.slice(1);
    env = { DATABASE_URL: fresh.url, OUTBOX_DIR: path.join(dir, "outbox") };
    const out = fs.createWriteStream(file);
    const owners = Array.from({ length: 400 }, (_, i) => `rep${i}@fault.example`);
    for (const line of generateSalesforceCsv({ rows: ROWS, owners, asOf: "2026-06-30", seed: 7, includeFooter: false })) {
      if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((resolve) => out.end(resolve));
    // The organisation and its people, as an admin would set them up before importing.
    database = await openDatabase({ url: fresh.url, poolSize: 2 });
    await migrateToLatest(database.db);
    const app = createAppContext(database, loadConfig({ NODE_ENV: "production", APP_URL: "http://127.0.0.1", OUTBOX_DIR: env.OUTBOX_DIR }));
    const org = await createOrganisation(app, { slug: "acme", name: "Acme Sales" });
    const roster = ["email,name,role,team,manager_email", ...owners.slice(0, 40).map((e, i) => `${e},Rep ${i},rep,Field ${i % 4},`)];
    const people = await applyRoster(app, org.id, roster.join("\n"), { deactivateMissing: false });
    expect(people.ok).toBe(true);
    console.info(`fault-import-kill: file and organisation ready in ${Date.now() - setupStarted} ms`);
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const crmCounts = async () =>
    (
      await sql<{ snapshots: number; opportunities: number; columnMappings: number; stagingTables: number }>`
        select (select count(*) from crm_snapshot) as snapshots, (select count(*) from crm_opportunity) as opportunities,
               (select count(*) from crm_column_mapping) as column_mappings,
               (select count(*) from pg_class where relname ~ '^crm_opportunity_[0-9a-f]{32}$' and relkind = 'r' and not relispartition) as staging_tables`.execute(database.db)
    ).rows[0]!;

  /** The other sessions on the test database, with what they are doing. */
  const otherSessions = async () =>
    (
      await sql<{ pid: number; state: string | null; xactStart: Date | null; query: string }>`
        select pid, state, xact_start, query from pg_stat_activity
        where datname = ${dbName} and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(database.db)
    ).rows;

  it("leaves nothing of the import, no open transaction, and the same file then imports whole", { timeout: 150_000 }, async () => {
    expect(await crmCounts()).toEqual({ snapshots: 0, opportunities: 0, columnMappings: 0, stagingTables: 0 });
    const started = Date.now();
    const first = startImport(["--org", "acme", "--file", file, "--dates", "us"], env);
    // Mid-way: PostgreSQL shows the import's COPY into its snapshot's new table streaming rows, inside its
    // transaction, and the import has not finished reading the file.
    const copying = await until(
      otherSessions,
      (sessions) => sessions.some((s) => s.state === "active" && /^copy crm_opportunity_[0-9a-f]{32} /i.test(s.query) && s.xactStart !== null),
      60_000,
      "the import's COPY",
    );
    // Let the table fill a little more, then kill it while rows are still streaming in.
    await new Promise((r) => setTimeout(r, 300));
    const stillCopying = (await otherSessions()).filter((s) => s.state === "active" && /^copy crm_opportunity_[0-9a-f]{32} /i.test(s.query));
    expect(stillCopying, `the import ended before it could be killed:\n${first.output()}`).toHaveLength(1);
    first.kill("SIGKILL");
    expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
    expect(first.output()).not.toMatch(/Imported/);
    const killedAfterMs = Date.now() - started;

    // PostgreSQL notices the closed socket and aborts the import's transaction: no session lingers.
    const waitStarted = Date.now();
    await until(otherSessions, (sessions) => sessions.length === 0, 10_000, "the killed import's session ending");
    const lingeredMs = Date.now() - waitStarted;
    expect(copying.length).toBeGreaterThan(0);

    // Nothing of that import: no snapshot, no opportunity, no remembered mapping, no table left unattached.
    expect(await crmCounts()).toEqual({ snapshots: 0, opportunities: 0, columnMappings: 0, stagingTables: 0 });

    // The same file again runs to completion and stores every row exactly once.
    const secondStarted = Date.now();
    const second = startImport(["--org", "acme", "--file", file, "--dates", "us", "--json"], env);
    const ended = await second.exited;
    expect(ended, second.output().slice(0, 2000)).toEqual({ code: 0, signal: null });
    const result = JSON.parse(second.output().slice(second.output().indexOf("{"))) as { status: string; rows: number };
    expect(result).toMatchObject({ status: "imported", rows: ROWS });
    const counts = await crmCounts();
    expect(counts).toMatchObject({ snapshots: 1, opportunities: ROWS, stagingTables: 0 });
    const distinct = await sql<{ n: number }>`select count(distinct crm_id) as n from crm_opportunity`.execute(database.db);
    expect(distinct.rows[0]!.n).toBe(ROWS);
    expect(await otherSessions()).toEqual([]);
    console.info(
      `fault-import-kill: ${ROWS.toLocaleString("en")}-row file, import killed ${killedAfterMs} ms after its start while copying, ` +
        `its session gone ${lingeredMs} ms after the kill, nothing left; the re-import stored ${counts.opportunities.toLocaleString("en")} opportunities in ${Date.now() - secondStarted} ms`,
    );
  });
});
