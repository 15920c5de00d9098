import crypto from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { generateSalesforceCsv } from "../../app/domain/crm";
import { importCrmFile as importSaid, type CrmImportOptions } from "../../app/services/crm-import.server";
import { inEnglish } from "../../app/i18n/in-english.server";
import { saveColumnMapping } from "../../db/queries/crm";
import { headerKey } from "../../app/services/crm-import.server";
import { getCrmOverview } from "../../app/services/crm-admin.server";
import type { SessionUser } from "../../app/auth/session.server";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { describeWithDb } from "../support/test-db";

// The import's words are said (ADR 057): read here in English, as the command line prints them.
const importCrmFile: typeof importSaid = async (...args) => inEnglish(await importSaid(...args));

async function* chunked(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const options = (o: Partial<CrmImportOptions> = {}): CrmImportOptions => ({
  format: "auto",
  encoding: "auto",
  dates: "auto",
  importValidRows: false,
  fileName: "export.csv",
  ...o,
});

const SF_HEADER = "Opportunity Owner,Account Name,Opportunity Name,Amount,Close Date,Created Date,Stage,Forecast Category,Next Step,Last Activity,Opportunity ID";

describeWithDb("CRM import", (t) => {
  let org: TestOrganisation;
  const count = async () => (await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${org.id}`.execute(t.app.db)).rows[0]!.n;

  beforeAll(async () => {
    t.setNow("2026-06-30T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 2 });
  });

  it("imports a Salesforce export with its footer, lists unmatched owners, and changes nothing when re-uploaded", async () => {
    const owners = [org.people.repA!.email, org.people.repB!.email, "Pat Unknown"];
    const text = [...generateSalesforceCsv({ rows: 300, owners, asOf: "2026-06-30", seed: 7 })].join("");
    expect(text).toContain("Grand Totals");
    const bytes = utf8(text);
    const first = await importCrmFile(t.app, org.id, chunked(bytes, 777), options({ asOf: "2026-06-30" }));
    expect(first).toMatchObject({ status: "imported", format: "salesforce", rows: 300, skippedCount: 0 });
    if (first.status !== "imported") return;
    expect(first.unmatchedOwners).toEqual([{ owner: "Pat Unknown", deals: expect.any(Number) }]);
    expect(await count()).toBe(300);
    // The admin's CRM page lists the same owners to map, read from the organisation's partitions.
    const admin = org.people.admin!;
    const overview = await getCrmOverview(t.app, { organisationId: org.id, personId: admin.id, email: admin.email, role: admin.role } as SessionUser);
    expect(overview.unmatchedOwners).toEqual(first.unmatchedOwners);
    expect(overview.stages.reduce((sum, s) => sum + s.deals, 0)).toBe(300);
    const again = await importCrmFile(t.app, org.id, chunked(bytes, 4096), options());
    expect(again).toMatchObject({ status: "unchanged", snapshotId: first.snapshotId, asOf: "2026-06-30" });
    expect(await count()).toBe(300);
  });

  it("names the line and column of every bad row and imports nothing, or only the valid rows when asked", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const owner = fresh.people.repA!.email;
    const lines = [
      SF_HEADER,
      `${owner},Acme,Deal 1,"$12,500.00",3/15/2026,1/10/2026,Prospecting,Pipeline,Call back,3/1/2026,006A000001`,
      `${owner},Acme,Deal 2,abc,3/15/2026,1/10/2026,Prospecting,Pipeline,,,006A000002`,
      `${owner},Beta,"Deal, with comma",10000,13/45/2026,1/10/2026,Closed Won,Closed,,,006A000003`,
      `${owner},Gamma,Deal 4,(1200.50),4/1/2026,1/12/2026,Dreaming,Pipeline,,,006A000004`,
      `,Delta,Deal 5,500,4/1/2026,1/12/2026,Prospecting,Pipeline,,,006A000005`,
      `${owner},Acme,Deal 6,700,4/2/2026,1/12/2026,Closed Lost,Omitted,,,006A000001`,
      `${owner},Epsilon,"Multi
line name",900,4/3/2026,1/13/2026,Closed Won,Closed,,,006A000007`,
    ].join("\r\n");
    const before = (await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${fresh.id}`.execute(t.app.db)).rows[0]!.n;
    const rejected = await importCrmFile(t.app, fresh.id, chunked(utf8(text(lines))), options());
    function text(s: string) {
      return s;
    }
    expect(rejected).toMatchObject({ status: "rejected", problemCount: 5, validRows: 2 });
    if (rejected.status !== "rejected") return;
    expect(rejected.problems).toEqual([
      { line: 3, column: "Amount", reason: expect.stringMatching(/is not an amount/) },
      { line: 4, column: "Close Date", reason: expect.stringMatching(/not a (real )?date/) },
      { line: 5, column: "Stage", reason: expect.stringContaining('stage "Dreaming" maps to nothing') },
      { line: 6, column: "Opportunity Owner", reason: "is empty" },
      { line: 7, column: "Opportunity ID", reason: "006A000001 is already on line 2" },
    ]);
    expect((await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${fresh.id}`.execute(t.app.db)).rows[0]!.n).toBe(before);

    const partial = await importCrmFile(t.app, fresh.id, chunked(utf8(lines)), options({ importValidRows: true }));
    expect(partial).toMatchObject({ status: "imported", rows: 2, skippedCount: 5 });
    const stored = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["crmId", "name", "amount", "status", "closeDate"])
      .where("organisationId", "=", fresh.id)
      .orderBy("crmId")
      .execute();
    expect(stored).toEqual([
      { crmId: "006A000001", name: "Deal 1", amount: 12500, status: "open", closeDate: "2026-03-15" },
      { crmId: "006A000007", name: "Multi\nline name", amount: 900, status: "won", closeDate: "2026-04-03" },
    ]);
    const snapshot = await t.app.db.selectFrom("crmSnapshot").select("skippedRows").where("organisationId", "=", fresh.id).executeTakeFirstOrThrow();
    expect((snapshot.skippedRows as unknown[]).length).toBe(5);
  });

  it("reports a row with a NUL byte past the start of the file by its line, and stores every value of the others exactly", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const rows = Array.from(
      { length: 120 },
      (_, i) => `Ann Other,"Acme, Inc.",Deal ${i} – Müller,"$1,250.5${i % 10}",2/${(i % 28) + 1}/2026,1/10/2026,Closed Won,Closed,"say ""hi""",,006N${i}`,
    );
    rows[100] = rows[100]!.replace("Deal 100", "Deal\u0000100");
    const lines = [SF_HEADER, ...rows].join("\n");
    expect(utf8(lines).indexOf(0)).toBeGreaterThan(4096);
    const result = await importCrmFile(t.app, fresh.id, chunked(utf8(lines), 333), options({ importValidRows: true }));
    expect(result).toMatchObject({ status: "imported", rows: 119, skippedCount: 1, skipped: [{ line: 102, column: null, reason: "contains binary data (a NUL character)" }] });
    const stored = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["crmId", "name", "accountName", "amount", "closeDate", "createdDate", "nextStep", "status", "line"])
      .where("organisationId", "=", fresh.id)
      .where("crmId", "in", ["006N0", "006N7", "006N119"])
      .orderBy("line")
      .execute();
    expect(stored).toEqual([
      {
        crmId: "006N0",
        name: "Deal 0 – Müller",
        accountName: "Acme, Inc.",
        amount: 1250.5,
        closeDate: "2026-02-01",
        createdDate: "2026-01-10",
        nextStep: 'say "hi"',
        status: "won",
        line: 2,
      },
      {
        crmId: "006N7",
        name: "Deal 7 – Müller",
        accountName: "Acme, Inc.",
        amount: 1250.57,
        closeDate: "2026-02-08",
        createdDate: "2026-01-10",
        nextStep: 'say "hi"',
        status: "won",
        line: 9,
      },
      {
        crmId: "006N119",
        name: "Deal 119 – Müller",
        accountName: "Acme, Inc.",
        amount: 1250.59,
        closeDate: "2026-02-08",
        createdDate: "2026-01-10",
        nextStep: 'say "hi"',
        status: "won",
        line: 121,
      },
    ]);
  });

  it("reads a file of several megabytes in large chunks: characters cut between pieces stay whole, and its hash is the file's SHA-256", async () => {
    // 4.6 MB: past the 4 MiB hashed in place (a worker thread hashes the rest), read in 256 KiB chunks as the
    // CLI reads, each decoded in 32 KiB pieces. Every row has 2-, 3- and 4-byte characters, so many of them
    // straddle a piece's end.
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const rows = Array.from(
      { length: 33_000 },
      (_, i) =>
        `Ann Other,Acme ${i % 7} – Ünlü,Deal ${i} – Müller ${"é".repeat(i % 13)} 😀,${100 + (i % 50)},3/${(i % 28) + 1}/2026,1/10/2026,Prospecting,Pipeline,Call 🗓 ${i},,006M${i}`,
    );
    const bytes = utf8([SF_HEADER, ...rows].join("\r\n"));
    expect(bytes.length).toBeGreaterThan(4.5e6);
    const result = await importCrmFile(t.app, fresh.id, chunked(bytes, 256 * 1024), options());
    expect(result).toMatchObject({ status: "imported", rows: 33_000, skippedCount: 0 });
    if (result.status !== "imported") return;
    const snapshot = await t.app.db.selectFrom("crmSnapshot").select("contentSha256").where("id", "=", result.snapshotId).executeTakeFirstOrThrow();
    expect(snapshot.contentSha256).toBe(crypto.createHash("sha256").update(bytes).digest("hex"));
    const names = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["crmId", "name", "accountName", "nextStep"])
      .where("snapshotId", "=", result.snapshotId)
      .orderBy("line")
      .execute();
    expect(names.length).toBe(33_000);
    const wrong = names.filter(
      (r, i) => r.crmId !== `006M${i}` || r.name !== `Deal ${i} – Müller ${"é".repeat(i % 13)} 😀` || r.accountName !== `Acme ${i % 7} – Ünlü` || r.nextStep !== `Call 🗓 ${i}`,
    );
    expect(wrong).toEqual([]);
    expect(await importCrmFile(t.app, fresh.id, chunked(bytes, 100_000), options())).toMatchObject({ status: "unchanged", snapshotId: result.snapshotId });
  });

  it("compares deal ids exactly after trimming, stores each deal's line, and leaves later repeats out when asked", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const lines = [
      SF_HEADER,
      `Ann Other,Acme,Deal 1,100,3/15/2026,1/10/2026,Prospecting,Pipeline,,,006A`,
      `Ann Other,Acme,Deal 2,200,3/15/2026,1/10/2026,Prospecting,Pipeline,,,006a`,
      `Bo Other,Acme,Deal 3,300,3/15/2026,1/10/2026,Prospecting,Pipeline,,, 006A `,
      `Bo Other,Acme,Deal 4,400,3/15/2026,1/10/2026,Prospecting,Pipeline,,,006B`,
      `Bo Other,Acme,Deal 5,500,3/15/2026,1/10/2026,Prospecting,Pipeline,,,006a`,
    ].join("\n");
    const rejected = await importCrmFile(t.app, fresh.id, chunked(utf8(lines), 50), options());
    expect(rejected).toMatchObject({
      status: "rejected",
      problemCount: 2,
      validRows: 3,
      problems: [
        { line: 4, column: "Opportunity ID", reason: "006A is already on line 2" },
        { line: 6, column: "Opportunity ID", reason: "006a is already on line 3" },
      ],
    });
    const partial = await importCrmFile(t.app, fresh.id, chunked(utf8(lines), 50), options({ importValidRows: true }));
    expect(partial).toMatchObject({
      status: "imported",
      rows: 3,
      skippedCount: 2,
      unmatchedOwners: [
        { owner: "Ann Other", deals: 2 },
        { owner: "Bo Other", deals: 1 },
      ],
    });
    const stored = await t.app.db.selectFrom("crmOpportunity").select(["crmId", "name", "line"]).where("organisationId", "=", fresh.id).orderBy("line").execute();
    expect(stored).toEqual([
      { crmId: "006A", name: "Deal 1", line: 2 },
      { crmId: "006a", name: "Deal 2", line: 3 },
      { crmId: "006B", name: "Deal 4", line: 5 },
    ]);
    // The snapshot's deals are a partition of their own, attached to crm_opportunity (ADR 017).
    if (partial.status !== "imported") return;
    const partitions = await sql<{ name: string }>`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'crm_opportunity'::regclass and c.relname = ${`crm_opportunity_${partial.snapshotId.replace(/-/g, "")}`}`.execute(
      t.app.db,
    );
    expect(partitions.rows).toHaveLength(1);
  });

  it("reads Windows-1252, European dates and amounts, HubSpot and Pipedrive exports", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    // Windows-1252: "Café Zoë" with é = 0xE9, ë = 0xEB; European amount €9.001,50 (€ = 0x80).
    const latin = `${SF_HEADER}\r\n${fresh.people.repA!.email},Caf\u00e9 Zo\u00eb,Deal,"\u20ac9.001,50",25/03/2026,14/01/2026,Prospecting,Commit,,,006B000001\r\n`;
    const bytes = Uint8Array.from([...latin].map((c) => (c === "\u20ac" ? 0x80 : c.charCodeAt(0))));
    const result = await importCrmFile(t.app, fresh.id, chunked(bytes, 16), options());
    expect(result).toMatchObject({ status: "imported", encoding: "windows-1252", rows: 1 });
    const deal = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["accountName", "amount", "currency", "closeDate"])
      .where("organisationId", "=", fresh.id)
      .executeTakeFirstOrThrow();
    expect(deal).toEqual({ accountName: "Café Zoë", amount: 9001.5, currency: "EUR", closeDate: "2026-03-25" });

    const hubspot =
      "\uFEFFRecord ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline,Last Activity Date\r\n" +
      `901,Big deal,Closed Won,5000,2026-05-01 10:30,2026-02-01 09:00,${fresh.people.repA!.email},Sales Pipeline,2026-04-28\r\n` +
      `902,Small deal,Appointment Scheduled,800,2026-07-01,2026-05-20,${fresh.people.repA!.email},Sales Pipeline,\r\n`;
    expect(await importCrmFile(t.app, fresh.id, chunked(utf8(hubspot)), options({ asOf: "2026-06-01" }))).toMatchObject({ status: "imported", format: "hubspot", rows: 2 });
    const pipedrive =
      '"Deal - ID","Deal - Title","Deal - Value","Deal - Currency","Deal - Owner","Deal - Status","Deal - Expected close date","Deal - Deal created","Deal - Won time","Deal - Lost time"\n' +
      `"71","Renewal","2500","GBP","${fresh.people.repA!.email}","Won","2026-05-10","2026-03-01 08:00:00","2026-05-08 12:00:00",""\n` +
      `"72","Upsell","1000","GBP","${fresh.people.repA!.email}","Lost","2026-05-20","2026-03-05 08:00:00","","2026-05-18 09:00:00"\n`;
    const piped = await importCrmFile(t.app, fresh.id, chunked(utf8(pipedrive)), options({ asOf: "2026-06-02" }));
    expect(piped).toMatchObject({ status: "imported", format: "pipedrive", rows: 2 });
    const won = await t.app.db.selectFrom("crmOpportunity").select(["status", "closeDate", "currency"]).where("crmId", "=", "71").executeTakeFirstOrThrow();
    expect(won).toEqual({ status: "won", closeDate: "2026-05-08", currency: "GBP" });
  });

  it("explains files it cannot take: not CSV, a missing column, ambiguous dates, unknown columns", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(await importCrmFile(t.app, fresh.id, chunked(zip), options())).toEqual({
      status: "invalid-file",
      message: "This file is not a CSV text file (it contains binary data). Export the report as CSV and upload that.",
    });
    const noId = "Opportunity Owner,Account Name,Opportunity Name,Amount,Close Date,Created Date,Stage\nx@y.example,A,B,1,1/1/2026,1/1/2026,Prospecting\n";
    expect(await importCrmFile(t.app, fresh.id, chunked(utf8(noId)), options())).toEqual({
      status: "invalid-file",
      message: 'The Salesforce export has no "Opportunity ID" column. In the report, add the Opportunity ID column and export again.',
    });
    const ambiguous = `${SF_HEADER}\n${fresh.people.repA!.email},A,B,100,3/4/2026,1/2/2026,Prospecting,Pipeline,,,006C000001\n`;
    expect(await importCrmFile(t.app, fresh.id, chunked(utf8(ambiguous)), options())).toMatchObject({ status: "needs-date-order", samples: expect.arrayContaining(["3/4/2026"]) });
    const asEuropean = await importCrmFile(t.app, fresh.id, chunked(utf8(ambiguous)), options({ dates: "eu" }));
    expect(asEuropean).toMatchObject({ status: "imported", rows: 1 });
    expect((await t.app.db.selectFrom("crmOpportunity").select("closeDate").where("crmId", "=", "006C000001").executeTakeFirstOrThrow()).closeDate).toBe("2026-04-03");

    const custom = "Deal,Rep,Value,Won on,Opened on,Phase,Ref\nThing,x@y.example,100,2026-05-01,2026-01-01,Won,R-1\n";
    const mapping = await importCrmFile(t.app, fresh.id, chunked(utf8(custom)), options());
    expect(mapping).toMatchObject({ status: "needs-mapping", header: ["Deal", "Rep", "Value", "Won on", "Opened on", "Phase", "Ref"] });
    await saveColumnMapping(t.app.db, fresh.id, headerKey(["Deal", "Rep", "Value", "Won on", "Opened on", "Phase", "Ref"]), {
      crmId: "Ref",
      name: "Deal",
      owner: "Rep",
      amount: "Value",
      closeDate: "Won on",
      createdDate: "Opened on",
      stage: "Phase",
    });
    const mapped = await importCrmFile(t.app, fresh.id, chunked(utf8(custom)), options());
    expect(mapped).toMatchObject({ status: "imported", format: "generic", rows: 1 });
    expect((await t.app.db.selectFrom("crmOpportunity").select("status").where("crmId", "=", "R-1").executeTakeFirstOrThrow()).status).toBe("won");
  });

  it("imports several files at once, each whole, and the same file uploaded twice at once only once", async () => {
    const orgs = await Promise.all([1, 2, 3].map(() => createTestOrganisation(t.app, { reps: 1 })));
    const file = (org: TestOrganisation, seed: number) => utf8([...generateSalesforceCsv({ rows: 3000, owners: [org.people.repA!.email], asOf: "2026-06-30", seed })].join(""));
    const same = file(orgs[0]!, 11);
    const results = await Promise.all([
      importCrmFile(t.app, orgs[0]!.id, chunked(same, 8192), options()),
      importCrmFile(t.app, orgs[0]!.id, chunked(same, 8192), options()),
      importCrmFile(t.app, orgs[1]!.id, chunked(file(orgs[1]!, 12), 8192), options()),
      importCrmFile(t.app, orgs[2]!.id, chunked(file(orgs[2]!, 13), 8192), options()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["imported", "imported", "imported", "unchanged"]);
    for (const org of orgs) {
      expect((await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${org.id}`.execute(t.app.db)).rows[0]!.n).toBe(3000);
    }
  });

  it("leaves no rows, and a connection fit for the next import, when a file fails after its rows began to load", async () => {
    // 2 MB of good rows (on PostgreSQL the COPY is under way by then), then bytes that are not UTF-8, or an upload that breaks off.
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const good = utf8([...generateSalesforceCsv({ rows: 12_000, owners: [fresh.people.repA!.email], asOf: "2026-06-30", seed: 5, includeFooter: false })].join(""));
    expect(good.length).toBeGreaterThan(2e6);
    const notUtf8 = new Uint8Array(good.length + 3);
    notUtf8.set(good);
    notUtf8.set([0xff, 0xfe, 0x0a], good.length);
    expect(await importCrmFile(t.app, fresh.id, chunked(notUtf8, 256 * 1024), options())).toEqual({
      status: "invalid-file",
      message: "The file is not valid UTF-8 past its beginning. Upload it again choosing the Windows-1252 encoding.",
    });
    async function* broken() {
      yield* chunked(good.subarray(0, 1_800_000), 256 * 1024);
      throw new Error("connection reset by peer");
    }
    await expect(importCrmFile(t.app, fresh.id, broken(), options())).rejects.toThrow("connection reset by peer");
    expect(await t.app.db.selectFrom("crmSnapshot").select("id").where("organisationId", "=", fresh.id).execute()).toEqual([]);
    expect((await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${fresh.id}`.execute(t.app.db)).rows[0]!.n).toBe(0);
    expect(await importCrmFile(t.app, fresh.id, chunked(good, 256 * 1024), options())).toMatchObject({ status: "imported", rows: 12_000 });
  });

  it("leaves no rows when the upload breaks off in the middle", async () => {
    const fresh = await createTestOrganisation(t.app, { reps: 1 });
    const bytes = utf8([...generateSalesforceCsv({ rows: 2000, owners: [fresh.people.repA!.email], asOf: "2026-06-30", seed: 3 })].join(""));
    async function* broken() {
      yield bytes.subarray(0, bytes.length / 2);
      throw new Error("connection reset by peer");
    }
    await expect(importCrmFile(t.app, fresh.id, broken(), options())).rejects.toThrow("connection reset by peer");
    expect((await sql<{ n: number }>`select count(*)::int as n from crm_opportunity where organisation_id = ${fresh.id}`.execute(t.app.db)).rows[0]!.n).toBe(0);
    expect(await t.app.db.selectFrom("crmSnapshot").select("id").where("organisationId", "=", fresh.id).execute()).toEqual([]);
  });
});
