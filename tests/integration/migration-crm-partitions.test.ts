import crypto from "node:crypto";
import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { withEmptyDatabase } from "../support/fresh-database";

// Migration 0015 turns crm_opportunity into one partition per snapshot (ADR 017). A database with deals
// imported before it keeps every deal, each in its snapshot's partition, and takes new imports after it.

const BEFORE_0015 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < "0015"));

async function upgradeWithDeals(database: Database) {
  const db = database.db;
  const before = await new Migrator({ db, provider: { getMigrations: async () => BEFORE_0015 } }).migrateToLatest();
  expect(before.error).toBeUndefined();
  const org = (await sql<{ id: string }>`insert into organisation (slug, name) values ('acme', 'Acme') returning id`.execute(db)).rows[0]!.id;
  const snapshots: string[] = [];
  for (const asOf of ["2026-03-31", "2026-06-30"]) {
    const id = (
      await sql<{ id: string }>`insert into crm_snapshot (organisation_id, source, file_name, content_sha256, as_of, row_count, encoding)
        values (${org}, 'salesforce', 'export.csv', ${crypto.randomUUID()}, ${asOf}, 2, 'utf-8') returning id`.execute(db)
    ).rows[0]!.id;
    snapshots.push(id);
    await sql`insert into crm_opportunity (snapshot_id, organisation_id, crm_id, owner, stage, status, amount, close_date)
      values (${id}, ${org}, '006A', 'ann@x.example', 'Prospecting', 'open', 100, ${asOf}), (${id}, ${org}, '006B', 'Bo Li', 'Closed Won', 'won', 250.5, ${asOf})`.execute(db);
  }

  expect((await migrateToLatest(db)).applied).toEqual(Object.keys(migrations).filter((name) => name >= "0015"));

  const partitions = await sql<{ name: string; deals: number }>`
    select c.relname as name, (select count(*)::int from crm_opportunity o where o.tableoid = c.oid) as deals
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'crm_opportunity'::regclass order by c.relname`.execute(db);
  expect(partitions.rows).toEqual(snapshots.map((id) => ({ name: `crm_opportunity_${id.replace(/-/g, "")}`, deals: 2 })).sort((a, b) => a.name.localeCompare(b.name)));
  const deals = await sql<{ snapshotId: string; crmId: string; amount: string; line: number | null }>`
    select snapshot_id, crm_id, amount::text, line from crm_opportunity order by snapshot_id, crm_id`.execute(db);
  expect(deals.rows).toHaveLength(4);
  expect(deals.rows.filter((d) => d.crmId === "006B").map((d) => [d.amount, d.line])).toEqual([
    ["250.50", null],
    ["250.50", null],
  ]);
  // A deal outside any snapshot's partition is refused, and the key still holds inside one.
  await expect(
    sql`insert into crm_opportunity (snapshot_id, organisation_id, crm_id, owner, stage, status) values (${crypto.randomUUID()}, ${org}, 'x', 'o', 's', 'open')`.execute(db),
  ).rejects.toThrow();
  await expect(
    sql`insert into crm_opportunity (snapshot_id, organisation_id, crm_id, owner, stage, status) values (${snapshots[0]!}, ${org}, '006A', 'o', 's', 'open')`.execute(db),
  ).rejects.toThrow(/duplicate key/);
}

describe("migration 0015 on a database with CRM deals", () => {
  it("moves every deal into its snapshot's partition [pglite]", { timeout: 120_000 }, () => withEmptyDatabase("pglite", upgradeWithDeals));

  it.skipIf(!process.env.TEST_DATABASE_URL)("moves every deal into its snapshot's partition [postgres]", { timeout: 120_000 }, () =>
    withEmptyDatabase("postgres", upgradeWithDeals),
  );
});
