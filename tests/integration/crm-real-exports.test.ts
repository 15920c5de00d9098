// Exports as people really have them (issue 25, parts 4 and 5): each fixture under tests/fixtures/crm-exports
// imports through the real import service, on PGlite and PostgreSQL, with no manual step.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { importCrmFile as importSaid, type CrmImportOptions, type CrmImportResult } from "../../app/services/crm-import.server";
import { inEnglish } from "../../app/i18n/in-english.server";
import { action as uploadAction } from "../../app/routes/admin.crm.upload";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { callRoute } from "../support/remix";
import { describeWithDb } from "../support/test-db";

// The import's words are said (ADR 057): read here in English, as the command line prints them.
const importCrmFile: typeof importSaid = async (...args) => inEnglish(await importSaid(...args));

const DIR = path.join(import.meta.dirname, "../fixtures/crm-exports");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(DIR, name)));

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const options = (o: Partial<CrmImportOptions> = {}): CrmImportOptions => ({
  format: "auto",
  encoding: "auto",
  dates: "auto",
  importValidRows: false,
  fileName: "export.csv",
  ...o,
});

type Imported = Extract<CrmImportResult, { status: "imported" }>;

function imported(result: CrmImportResult): Imported {
  if (result.status !== "imported") throw new Error(`not imported: ${JSON.stringify(result)}`);
  return result;
}

describeWithDb("CRM exports as people really have them", (t) => {
  let org: TestOrganisation;

  beforeAll(async () => {
    t.setNow("2026-06-30T12:00:00Z");
    org = await createTestOrganisation(t.app, { reps: 1, slug: "exports" });
  });

  /** Imports a fixture (in small chunks, so that every boundary is crossed) and reads back its deals by CRM id. */
  async function importFixture(name: string, o: Partial<CrmImportOptions> = {}, organisationId = org.id) {
    const result = imported(await importCrmFile(t.app, organisationId, chunked(fixture(name), 61), options({ fileName: name, ...o })));
    const rows = await t.app.db
      .selectFrom("crmOpportunity")
      .select(["crmId", "owner", "stage", "status", "amount", "currency", "closeDate", "createdDate"])
      .where("snapshotId", "=", result.snapshotId)
      .orderBy("crmId")
      .execute();
    const deals = Object.fromEntries(rows.map((r) => [r.crmId, { ...r, amount: r.amount === null ? null : Number(r.amount) }]));
    return { result, deals };
  }

  it("a Salesforce Data Loader export (API names in capitals, OwnerId) with its User.csv: owners by email, custom stages and the rest reported", async () => {
    const { result, deals } = await importFixture("salesforce-dataloader-Opportunity.csv", { users: { bytes: fixture("salesforce-dataloader-User.csv"), fileName: "User.csv" } });
    expect(result).toMatchObject({ format: "salesforce", encoding: "utf-8", rows: 6, skippedCount: 0 });
    expect(Object.values(deals).map((d) => [d.crmId, d.owner, d.status, d.amount, d.currency, d.closeDate, d.createdDate])).toEqual([
      ["0065g00000AbCdEAAV", "rep-a1@exports.example", "won", 24000, "USD", "2026-03-31", "2026-01-12"],
      ["0065g00000AbCdFAAV", "rep-b1@exports.example", "won", 18000, "USD", "2026-04-15", "2026-02-01"],
      ["0065g00000AbCdGAAV", "rep-a1@exports.example", "lost", 5000, "USD", "2026-05-02", "2026-03-03"],
      ["0065g00000AbCdHAAV", "rep-b1@exports.example", "open", 32000, "USD", "2026-07-30", "2026-04-20"],
      ["0065g00000AbCdIAAV", "0055g00000GoneXAAA", "open", null, "USD", "2026-08-31", "2026-05-05"],
      ["0065g00000AbCdJAAV", "rep-a1@exports.example", "won", 9000, "USD", "2026-02-01", "2026-02-20"],
    ]);
    expect(result.unmatchedOwners).toEqual([{ owner: "0055g00000GoneXAAA", deals: 1 }]);
    expect(result.warnings.map((w) => [w.kind, w.items, w.lines])).toEqual([
      ["stages-decided-by-flags", ["Closed - Signed", "Verbal Agreement"], []],
      ["closed-before-created", [], [8]],
      ["owner-ids-not-in-users-file", ["0055g00000GoneXAAA"], []],
    ]);
    expect(result.warnings[1]!.message).toBe("1 deal closes before it was created (line 8): imported, but left out of the sales cycle.");
  });

  it("the same Data Loader file without User.csv imports too, its owners reported as user ids; with --format salesforce as well", async () => {
    const other = await createTestOrganisation(t.app, { reps: 1 });
    const { result } = await importFixture("salesforce-dataloader-Opportunity.csv", { format: "salesforce" }, other.id);
    expect(result).toMatchObject({ format: "salesforce", rows: 6 });
    expect(result.unmatchedOwners.map((o) => o.owner).sort()).toEqual(["0055g00000GoneXAAA", "0055g00000RepA1AAA", "0055g00000RepB1AAA"]);
    const warning = result.warnings.find((w) => w.kind === "owner-ids-without-users-file");
    expect(warning?.count).toBe(3);
    expect(warning?.message).toContain("User.csv");
  });

  it("a Salesforce report export: footer dropped, a deactivated owner matched by email, amounts with their currency", async () => {
    const { result, deals } = await importFixture("salesforce-report.csv");
    expect(result).toMatchObject({ format: "salesforce", rows: 4, warnings: [] });
    expect(Object.values(deals).map((d) => [d.crmId, d.owner, d.status, d.amount, d.currency, d.closeDate])).toEqual([
      ["0065g00000RpT01", "Rep A1", "won", 12500, "USD", "2026-03-20"],
      ["0065g00000RpT02", "rep-b1@exports.example", "lost", 4000, "USD", "2026-04-30"],
      ["0065g00000RpT03", "Rep B1", "open", 30000, "USD", "2026-07-31"],
      ["0065g00000RpT04", "Rep A1", "open", 2750.5, "USD", "2026-09-15"],
    ]);
    expect(result.unmatchedOwners).toEqual([]);
  });

  it("a Salesforce CLI (sfdx) / Workbench query: Owner.Email, +0000 timestamps, flags 1 or empty", async () => {
    const { result, deals } = await importFixture("salesforce-sfdx-query.csv");
    expect(result).toMatchObject({ format: "salesforce", rows: 3, unmatchedOwners: [] });
    expect(Object.values(deals).map((d) => [d.crmId, d.owner, d.status, d.amount, d.currency, d.createdDate])).toEqual([
      ["0065g00000SfDx1AAA", "rep-a1@exports.example", "won", 15000, "EUR", "2017-08-04"],
      ["0065g00000SfDx2AAA", "rep-b1@exports.example", "lost", 7000, "EUR", "2026-01-09"],
      ["0065g00000SfDx3AAA", "rep-b1@exports.example", "open", 42000, "EUR", "2026-03-15"],
    ]);
  });

  it("a HubSpot all-properties export of a custom pipeline: Is Deal Closed? and Deal probability settle every stage, which are listed to check", async () => {
    const { result, deals } = await importFixture("hubspot-all-properties.csv");
    expect(result).toMatchObject({ format: "hubspot", rows: 4, unmatchedOwners: [] });
    expect(Object.values(deals).map((d) => [d.crmId, d.owner, d.stage, d.status, d.amount])).toEqual([
      ["9001", "Rep A1", "Closed: won", "won", 12000],
      ["9002", "Rep B1", "Closed: lost", "lost", 8000],
      ["9003", "Rep B1", "Opportunity identified", "open", 5500],
      ["9004", "Rep A1", "Closed: won", "won", 3000],
    ]);
    expect(result.warnings).toEqual([expect.objectContaining({ kind: "stages-decided-by-flags", items: ["Closed: won", "Closed: lost", "Opportunity identified"], count: 3 })]);
  });

  it("a HubSpot export with internal property names: default stage ids, owner ids reported", async () => {
    const { result, deals } = await importFixture("hubspot-api-names.csv");
    expect(result).toMatchObject({ format: "hubspot", rows: 3, warnings: [] });
    expect(Object.values(deals).map((d) => [d.crmId, d.status, d.amount, d.closeDate, d.createdDate])).toEqual([
      ["15001", "won", 1200, "2026-02-27", "2026-01-20"],
      ["15002", "open", 3400.5, "2026-07-15", "2026-05-02"],
      ["15003", "lost", 25000, "2026-04-09", "2026-02-14"],
    ]);
    expect(result.unmatchedOwners).toEqual([
      { owner: "41230001", deals: 2 },
      { owner: "41230002", deals: 1 },
    ]);
  });

  it("a Pipedrive export without the expected close date: won and lost times close the deals, the value's currency from its new column", async () => {
    const { result, deals } = await importFixture("pipedrive-won-lost-times.csv");
    expect(result).toMatchObject({ format: "pipedrive", rows: 3, warnings: [], unmatchedOwners: [] });
    expect(Object.values(deals).map((d) => [d.crmId, d.status, d.amount, d.currency, d.closeDate])).toEqual([
      ["301", "won", 2500, "GBP", "2026-03-02"],
      ["302", "lost", 1800, "GBP", "2026-03-20"],
      ["303", "open", 4200, "EUR", null],
    ]);
  });

  it("a German Excel CSV: semicolons, Windows-1252, decimal commas and euro signs, dotted dates", async () => {
    const { result, deals } = await importFixture("german-excel-semicolon.csv");
    expect(result).toMatchObject({ format: "salesforce", encoding: "windows-1252", rows: 3 });
    expect(Object.values(deals).map((d) => [d.crmId, d.owner, d.status, d.amount, d.currency, d.closeDate, d.createdDate])).toEqual([
      ["0065g00000DeX01", "rep-a1@exports.example", "won", 12500, "EUR", "2026-03-31", "2026-01-15"],
      ["0065g00000DeX02", "rep-b1@exports.example", "lost", 3200.5, "EUR", "2026-04-30", "2026-02-02"],
      ["0065g00000DeX03", "rep-b1@exports.example", "open", 980.75, "EUR", "2026-09-30", "2026-05-12"],
    ]);
    const names = await t.app.db.selectFrom("crmOpportunity").select(["name", "accountName"]).where("snapshotId", "=", result.snapshotId).orderBy("crmId").execute();
    expect(names.map((n) => [n.name, n.accountName])).toEqual([
      ["Müller – Lizenzen", "Müller GmbH"],
      ["Schröder; Filialen", "Bäckerei Schröder"],
      ["Grün – Rollout", "Grün & Söhne; KG"],
    ]);
  });

  it("Excel's Unicode text: UTF-16 LE with a BOM, tab-separated", async () => {
    const { result, deals } = await importFixture("excel-unicode-text-utf16le.txt");
    expect(result).toMatchObject({ format: "hubspot", encoding: "utf-16le", rows: 2 });
    expect(Object.values(deals).map((d) => [d.crmId, d.status, d.amount, d.closeDate])).toEqual([
      ["7001", "won", 6400, "2026-03-15"],
      ["7002", "open", 11250.75, "2026-08-31"],
    ]);
    const names = await t.app.db.selectFrom("crmOpportunity").select("name").where("snapshotId", "=", result.snapshotId).orderBy("crmId").execute();
    expect(names.map((n) => n.name)).toEqual(["Zoë's café – franchise", "Ångström AB"]);
  });

  it("an Excel total row under the data is a footer, not a deal", async () => {
    const { result, deals } = await importFixture("excel-total-row.csv");
    expect(result).toMatchObject({ format: "salesforce", rows: 3, skippedCount: 0 });
    expect(Object.values(deals).map((d) => [d.crmId, d.status, d.amount])).toEqual([
      ["0065g00000XlT01", "won", 50_000_000],
      ["0065g00000XlT02", "lost", 4_000_000],
      ["0065g00000XlT03", "open", 201_800],
    ]);
  });

  it("NUL bytes in a column Candor does not read reject nothing; Excel's accounting zero and rupees are amounts", async () => {
    const { result, deals } = await importFixture("nul-bytes-accounting-zero.csv");
    expect(result).toMatchObject({ format: "salesforce", rows: 3, skippedCount: 0 });
    expect(Object.values(deals).map((d) => [d.crmId, d.status, d.amount, d.currency])).toEqual([
      ["0065g00000NuL01", "lost", 0, "USD"],
      ["0065g00000NuL02", "won", 2499, "INR"],
      ["0065g00000NuL03", "open", 0, "USD"],
    ]);
  });

  it("a NUL in a column Candor reads still rejects its row, with its line, and nothing is imported", async () => {
    const text =
      'Opportunity ID,Opportunity Name,Opportunity Owner,Stage,Amount,Close Date,Created Date\r\n1,A,rep-a1@exports.example,Prospecting,10,2026-08-01,2026-05-01\r\n2,"B\u0000",rep-a1@exports.example,Prospecting,10,2026-08-01,2026-05-01\r\n';
    const result = await importCrmFile(t.app, org.id, chunked(new TextEncoder().encode(text), 50), options());
    expect(result).toMatchObject({ status: "rejected", problemCount: 1, validRows: 1, problems: [{ line: 3, column: null, reason: "contains binary data (a NUL character)" }] });
  });

  it("a file missing several required columns names them all at once", async () => {
    const text = "Opportunity Name,Opportunity Owner,Stage,Amount\r\nA,rep-a1@exports.example,Prospecting,10\r\n";
    const result = await importCrmFile(t.app, org.id, chunked(new TextEncoder().encode(text), 50), options());
    expect(result).toEqual({
      status: "invalid-file",
      message:
        'The Salesforce export has no "Opportunity ID", "Close Date" or "Created Date" columns. In the report, add the Opportunity ID, Close Date and Created Date columns and export again.',
    });
  });

  it("a users file without an Id column is refused, naming it, and nothing is imported", async () => {
    const result = await importCrmFile(
      t.app,
      org.id,
      chunked(fixture("salesforce-dataloader-Opportunity.csv"), 500),
      options({ users: { bytes: new TextEncoder().encode("Email,Name\r\na@b.example,A\r\n"), fileName: "User.csv" } }),
    );
    expect(result).toEqual({
      status: "invalid-file",
      message: "The users file User.csv needs an Id column and an Email or Name column (export the User object with Id, Email and Name).",
    });
  });

  it("the CRM page's upload takes the users file in its second field, before the export", async () => {
    const other = await createTestOrganisation(t.app, { reps: 1, slug: "exports-ui" });
    const form = new FormData();
    for (const [name, value] of Object.entries({ intent: "upload", format: "auto", encoding: "auto", dates: "auto", asOf: "2026-06-30" })) form.append(name, value);
    const file = (name: string) => new Blob([Buffer.from(fixture(name))], { type: "text/csv" });
    form.append("users", file("salesforce-dataloader-User.csv"), "User.csv");
    form.append("file", file("salesforce-dataloader-Opportunity.csv"), "Opportunity.csv");
    const response = await callRoute(uploadAction as never, { app: t.app, path: "/admin/crm/upload", method: "POST", cookie: other.people.admin!.cookie, form });
    expect(response.status).toBe(200);
    const result = JSON.parse(response.data as string) as Imported;
    expect(result).toMatchObject({ status: "imported", rows: 6 });
    // The slug differs, so no owner email matches a person here: what matters is that the ids became emails.
    expect(result.unmatchedOwners.map((o) => o.owner).sort()).toEqual(["0055g00000GoneXAAA", "rep-a1@exports.example", "rep-b1@exports.example"]);
    expect(result.warnings.map((w) => w.kind)).toEqual(["stages-decided-by-flags", "closed-before-created", "owner-ids-not-in-users-file"]);
  });
});
