import crypto from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { generateSalesforceCsv, stageMapFor } from "../../app/domain/crm";
import { importCrmFile as importSaid } from "../../app/services/crm-import.server";
import { inEnglish } from "../../app/i18n/in-english.server";
import { finishSnapshot, type LoadedFile } from "../../app/services/crm-import/finish-snapshot.server";
import { OwnerCounts } from "../../app/services/crm-import/normalise-rows.server";
import { RowProblems } from "../../app/services/crm-import/outcome.server";
import { DEFAULTED_COLUMNS, OPPORTUNITY_COLUMNS, type StagedOpportunity } from "../../db/crm-columns";
import { withCrmStaging } from "../../db/crm-staging";
import { stagedDeal } from "../factories/crm";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { describeWithDb } from "../support/test-db";

// The import's words are said (ADR 057): read here in English, as the command line prints them.
const importCrmFile: typeof importSaid = async (...args) => inEnglish(await importSaid(...args));

// Stage 5 (the rows into the snapshot's table, by binary COPY on PostgreSQL and batched inserts on PGlite,
// both derived from db/crm-columns.ts) and stage 6 (finishSnapshot) of the CRM import, on each database.

describeWithDb("CRM staging and the snapshot's last stage", (t) => {
  let org: TestOrganisation;
  beforeAll(async () => {
    t.setNow("2026-06-30T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1 });
  });

  it("loads exactly the columns of the migrated crm_opportunity, with their types and nullability, after the two it fills by default", async () => {
    const { rows } = await sql<{ name: string; sqlType: string; nullable: boolean }>`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as sql_type, not a.attnotnull as nullable
      from pg_attribute a
      where a.attrelid = 'crm_opportunity'::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`.execute(t.app.db);
    const expected = [...DEFAULTED_COLUMNS, ...OPPORTUNITY_COLUMNS].map(({ name, sqlType, nullable }) => ({ name, sqlType, nullable }));
    expect(rows).toEqual(expected);
  });

  it("stores every value of every column as given, nulls included, with each row's line", async () => {
    const full = stagedDeal("006A", {
      name: "Deal – Müller 😀",
      accountName: 'Acme, "Inc."',
      stage: "Closed Won",
      status: "won",
      amount: 1250.5,
      currency: "EUR",
      closeDate: "2026-03-25",
      createdDate: "0099-01-01",
      forecastCategory: "Closed",
      probability: 100,
      nextStep: "x".repeat(100),
      lastActivityDate: "2024-02-29",
    });
    const bare = stagedDeal("006B", { amount: -0.05, probability: 12.5 });
    const snapshotId = crypto.randomUUID();
    const stored = await withCrmStaging(t.app.database, { snapshotId, organisationId: org.id }, async (staging) => {
      staging.add(7, full);
      staging.add(9, bare);
      await staging.flush();
      await staging.finishLoading();
      const table = sql.id(`crm_opportunity_${snapshotId.replace(/-/g, "")}`);
      const { rows } = await sql<Record<string, unknown>>`select * from ${table} order by line`.execute(staging.db);
      return { commit: false, value: rows };
    });
    const numbers = (r: Record<string, unknown>) => ({
      ...r,
      amount: r.amount === null ? null : Number(r.amount),
      probability: r.probability === null ? null : Number(r.probability),
    });
    expect(stored.map(numbers)).toEqual([
      { ...full, snapshotId, organisationId: org.id, line: 7 },
      { ...bare, snapshotId, organisationId: org.id, line: 9 },
    ]);
    // Not committed: nothing stays.
    expect((await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where snapshot_id = ${snapshotId}`.execute(t.app.db)).rows[0]!.n).toBe(0);
  });

  const snapshots = async () =>
    (
      await t.app.db
        .selectFrom("crmSnapshot")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("organisationId", "=", org.id)
        .executeTakeFirstOrThrow()
    ).n;

  /** Stages `deals` (by line from 2) and finishes the snapshot as an import would, with `problems` already found. */
  async function finish(deals: StagedOpportunity[], options: { importValidRows: boolean; hash: string; problems?: number }) {
    const id = crypto.randomUUID();
    const problems = new RowProblems();
    for (let i = 0; i < (options.problems ?? 0); i++) problems.report({ line: 100 + i, column: "Amount", reason: "is not an amount" });
    const owners = new OwnerCounts();
    for (const d of deals) owners.add(d.owner);
    return withCrmStaging(t.app.database, { snapshotId: id, organisationId: org.id }, async (staging) => {
      deals.forEach((d, i) => staging.add(i + 2, d));
      await staging.finishLoading();
      const loaded: LoadedFile = {
        file: { format: "salesforce", header: ["Opportunity Owner", "Opportunity ID"], mapping: { owner: 0, crmId: 1 }, stageMap: stageMapFor("salesforce") },
        rows: { reading: { dateOrder: "mdy", decimal: undefined }, validRows: deals.length, problems, owners, warnings: () => [] },
        encoding: "utf-8",
        contentSha256: options.hash,
      };
      return inEnglish(
        await finishSnapshot(staging, loaded, { id, organisationId: org.id, asOf: "2026-06-30", fileName: "f.csv", importedBy: null, importValidRows: options.importValidRows }),
      );
    });
  }

  it("refuses repeated ids by line unless asked to import the valid rows, then keeps the first of each and counts its owners' deals", async () => {
    const deals = [stagedDeal("A"), stagedDeal("B", { owner: "bo@x.example" }), stagedDeal("A", { owner: "bo@x.example" }), stagedDeal("C")];
    const hash = crypto.randomBytes(32).toString("hex");
    const before = await snapshots();
    expect(await finish(deals, { importValidRows: false, hash, problems: 1 })).toEqual({
      status: "rejected",
      message: "Nothing was imported: 2 problems in the file. Fix them and upload again, or choose to import the 3 valid rows.",
      problems: [
        { line: 4, column: "Opportunity ID", reason: "A is already on line 2" },
        { line: 100, column: "Amount", reason: "is not an amount" },
      ],
      problemCount: 2,
      validRows: 3,
    });
    expect(await snapshots()).toBe(before);
    const imported = await finish(deals, { importValidRows: true, hash });
    expect(imported).toMatchObject({
      status: "imported",
      rows: 3,
      skipped: [{ line: 4, column: "Opportunity ID", reason: "A is already on line 2" }],
      skippedCount: 1,
      unmatchedOwners: [
        { owner: "ann@x.example", deals: 2 },
        { owner: "bo@x.example", deals: 1 },
      ],
    });
    if (imported.status !== "imported") return;
    const snapshot = await t.app.db.selectFrom("crmSnapshot").select(["rowCount", "asOf", "source"]).where("id", "=", imported.snapshotId).executeTakeFirstOrThrow();
    expect(snapshot).toEqual({ rowCount: 3, asOf: "2026-06-30", source: "salesforce" });
    const kept = await sql<{ crmId: string; line: number }>`select crm_id, line from crm_opportunity where snapshot_id = ${imported.snapshotId} order by line`.execute(t.app.db);
    expect(kept.rows).toEqual([
      { crmId: "A", line: 2 },
      { crmId: "B", line: 3 },
      { crmId: "C", line: 5 },
    ]);
    // The same file again: nothing changes.
    expect(await finish(deals, { importValidRows: true, hash })).toEqual({
      status: "unchanged",
      snapshotId: imported.snapshotId,
      asOf: "2026-06-30",
      snapshotStatus: "counted",
      message: "This file was already imported as the snapshot of 2026-06-30; nothing changed.",
    });
    expect(await snapshots()).toBe(before + 1);
  });

  it("rejects a file without a valid row, saying whether it had rows at all", async () => {
    expect(await finish([], { importValidRows: true, hash: "0".repeat(64) })).toEqual({
      status: "rejected",
      message: "The file has a header but no deals.",
      problems: [],
      problemCount: 0,
      validRows: 0,
    });
    expect(await finish([], { importValidRows: true, hash: "0".repeat(64), problems: 2 })).toMatchObject({
      status: "rejected",
      message: "Nothing can be imported: every row has a problem.",
      problemCount: 2,
    });
  });

  it("reports progress every 5,000 records with the bytes read so far, and once at the end", async () => {
    const bytes = new TextEncoder().encode([...generateSalesforceCsv({ rows: 12_000, owners: ["ann@x.example"], asOf: "2026-06-30", seed: 3 })].join(""));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000);
    }
    const progress: Array<{ bytes: number; records: number }> = [];
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const result = await importCrmFile(t.app, fresh.id, chunks(), {
      format: "auto",
      encoding: "auto",
      dates: "us",
      importValidRows: false,
      fileName: "progress.csv",
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ status: "imported", rows: 12_000 });
    expect(progress.map((p) => p.records)).toEqual([5000, 10_000, progress.at(-1)!.records]);
    // The last count takes every record after the header (the footer's included).
    expect(progress.at(-1)).toEqual({ bytes: bytes.length, records: expect.any(Number) });
    expect(progress.at(-1)!.records).toBeGreaterThan(12_000);
    expect(progress.every((p, i) => i === 0 || p.bytes >= progress[i - 1]!.bytes)).toBe(true);
    expect(progress[0]!.bytes).toBeLessThan(bytes.length);
  });
});
