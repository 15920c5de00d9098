import { sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest } from "../../db/migrate";
import { migrations } from "../../db/migrations/index";
import { checkHealth } from "../../app/services/health.server";
import { describeWithDb } from "../support/test-db";

describeWithDb("database", (t) => {
  it("is migrated to the latest schema, and migrating again applies nothing", async () => {
    const rows = await t.app.db
      .selectFrom("kysely_migration" as never)
      .select(sql<string>`name`.as("name"))
      .execute();
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations));
    expect((await migrateToLatest(t.app.db)).applied).toEqual([]);
  });

  it("returns the same JS types on both backends", async () => {
    const row = await sql<{ big: number; amount: number; day: string; at: Date; n: number }>`
      select 9007199254740991::int8 as big, 12.50::numeric as amount, date '2026-03-01' as day,
             timestamptz '2026-03-01T10:00:00Z' as at, count(*) as n from generate_series(1, 3)`
      .execute(t.app.db)
      .then((r) => r.rows[0]!);
    expect(row).toEqual({ big: 9007199254740991, amount: 12.5, day: "2026-03-01", at: new Date("2026-03-01T10:00:00Z"), n: 3 });
  });

  it("maps snake_case columns to camelCase and enforces the organisation settings rules", async () => {
    const org = await t.app.db.insertInto("organisation").values({ slug: "acme", name: "Acme" }).returningAll().executeTakeFirstOrThrow();
    expect(org).toMatchObject({ slug: "acme", minGroupSize: 5, minCommentGroupSize: 5, fiscalYearStartMonth: 1 });
    await expect(t.app.db.insertInto("organisation").values({ slug: "tiny", name: "Tiny", minGroupSize: 2 }).execute()).rejects.toThrow(/check constraint/);
    await expect(t.app.db.insertInto("organisation").values({ slug: "loose", name: "Loose", minGroupSize: 6, minCommentGroupSize: 5 }).execute()).rejects.toThrow(
      /organisation_comment_minimum/,
    );
  });

  it("reports the database as healthy", async () => {
    expect(await checkHealth(t.app)).toEqual({ ok: true });
  });
});
