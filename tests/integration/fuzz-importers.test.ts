import fc from "fast-check";
import { sayInEnglish } from "../../app/i18n/catalogues.server";
import { beforeAll, expect, it } from "vitest";
import type { AnswerableItem } from "../../app/domain/answers";
import { createChunkDecoder, detectFormat, generateSalesforceCsv, normalizeRecord, stageMapFor, textOrNull, type CrmFormat, type TextEncodingName } from "../../app/domain/crm";
import { CsvStreamError, CsvStreamReader, detectDelimiter, type LinedRecord } from "../../app/domain/csv-stream";
import { readHistory } from "../../app/domain/history";
import { isRole } from "../../app/domain/roles";
import { readRoster } from "../../app/domain/roster";
import { importCrmFile, type CrmImportResult } from "../../app/services/crm-import.server";
import { importHistory } from "../../app/services/history-import.server";
import { ensureItemBank } from "../../app/services/instrument.server";
import { applyRoster } from "../../app/services/roster.server";
import { listItems } from "../../db/queries/instrument";
import { listPeopleForRoster } from "../../db/queries/people";
import { listTeamNodes } from "../../db/queries/teams";
import { createTestOrganisation, type TestOrganisation } from "../factories/organisation";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import { HOSTILE_STRINGS } from "../support/fuzz";
import { csvText, malformedCsv, physicalLines, type Rows } from "../support/fuzz-csv";
import { describeWithDb } from "../support/test-db";
import { inEnglish } from "../../app/i18n/in-english.server";

// Property-based fuzzing of the three CSV importers (issue 10, "Bad input"): files grown from valid ones
// by breaking them (columns dropped, duplicated or swapped, stray quotes, CR, LF, BOM and NUL, truncated
// lines, hostile and oversized cells, wrong types), plus empty, header-only and binary files. Every file
// must end in a line-numbered problem (or one message about the whole file) that changes nothing, or in
// an import that stores what the file says. The pure read-and-check step runs thousands of files; the
// database import, with its transaction, a smaller number on each backend.
// Runs are seeded (FUZZ_SEED overrides the seed; fast-check prints the seed and path of any failure).

const SEED = Number(process.env.FUZZ_SEED ?? 20260610);
const PURE_RUNS = 2000;
const DB_RUNS = 100;
const params = (numRuns: number) => ({ numRuns, seed: SEED });

const TODAY = "2026-06-15";

/** Each problem names a line of the file, or there is one message about the whole file. */
function expectLineNumbered(problems: ReadonlyArray<{ line: number | null; message?: string; reason?: string }>, text: string) {
  expect(problems.length).toBeGreaterThan(0);
  const lines = physicalLines(text);
  for (const p of problems) {
    expect(String(p.message ?? p.reason ?? "").length).toBeGreaterThan(0);
    if (p.line === null) expect(problems).toHaveLength(1);
    else {
      expect(Number.isInteger(p.line)).toBe(true);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lines);
    }
  }
}

// ---------- roster ----------

function rosterRows(domain: string): Rows {
  return [
    ["email", "name", "role", "team", "manager_email"],
    [`admin@${domain}`, "Ada Admin", "admin", "", ""],
    [`manager-a@${domain}`, "Mia Manager A", "manager", "Region", `director@${domain}`],
    [`director@${domain}`, "Dir Director", "manager", "", ""],
    [`rep-a1@${domain}`, "Rep A1", "rep", "Region > Team A", `manager-a@${domain}`],
    [`fuzz-new@${domain}`, "Zoë Ñew-O'Brien", "rep", "Region > Team Fuzz", `manager-a@${domain}`],
    [`fuzz-enable@${domain}`, "Eno \u{1F600}", "enablement", "", ""],
  ];
}

const ROSTER_TYPED = { role: "text", email: "text", manager_email: "text", team: "text" } as const;

it("roster files: the pure read names a line for every problem, or reads every row", () => {
  const valid = rosterRows("pure.example");
  fc.assert(
    fc.property(malformedCsv(valid, ROSTER_TYPED), (text) => {
      const { entries, problems } = readRoster(text);
      if (problems.length > 0) {
        expect(entries.length === 0 || problems.every((p) => p.line !== null)).toBe(true);
        expectLineNumbered(problems, text);
        return;
      }
      expect(entries.length).toBeGreaterThan(0);
      const lines = entries.map((e) => e.line);
      expect(new Set(lines).size).toBe(lines.length);
      for (const e of entries) {
        expect(isRole(e.role)).toBe(true);
        expect(e.email).toBe(e.email.trim());
        expect(e.name.trim()).not.toBe("");
        expect(e.name.length).toBeLessThanOrEqual(200);
        expect(e.line).toBeLessThanOrEqual(physicalLines(text));
      }
    }),
    params(PURE_RUNS),
  );
});

// ---------- history ----------

function historyRows(): Rows {
  return [
    ["team", "period", "PS1", "PS2", "ENPS", "COMMENT"],
    ["Team A", "2026-01-05", "5", "6", "9", "Fine"],
    ["Team A", "2026-01-05", "2", "", "7", '"Quoted", with comma'],
    ["team b", "2026-04-06", "3", "3", "3", ""],
    ["Team B", "2026-04-06", "7", "1", "10", "\u05E9\u05DC\u05D5\u05DD \u{1F600}"],
  ];
}

const HISTORY_TYPED = { period: "date", PS1: "number", PS2: "number", ENPS: "number", team: "text" } as const;

// The item bank as every organisation has it; codes, scales and made-up ids are all the pure read needs.
const PURE_ITEMS: AnswerableItem[] = [
  { id: "i-ps1", code: "PS1", scale: "agree7" },
  { id: "i-ps2", code: "PS2", scale: "agree7" },
  { id: "i-enps", code: "ENPS", scale: "nps11" },
  { id: "i-comment", code: "COMMENT", scale: "text" },
];

it("history files: the pure read names a line for every problem, or reads every row", () => {
  fc.assert(
    fc.property(malformedCsv(historyRows(), HISTORY_TYPED), (text) => {
      const { rows, problems, itemCodes } = readHistory(text, { items: PURE_ITEMS, teamNames: ["Region", "Team A", "Team A1", "Team B"], today: TODAY });
      if (problems.length > 0) {
        expect(rows).toEqual([]);
        expectLineNumbered(problems, text);
        return;
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(itemCodes.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.period <= TODAY).toBe(true);
        expect(row.answers.length).toBeGreaterThan(0);
        for (const a of row.answers) expect(a.value === null ? typeof a.comment === "string" : Number.isInteger(a.value)).toBe(true);
      }
    }),
    params(PURE_RUNS),
  );
});

// ---------- CRM ----------

const HUBSPOT: Rows = [
  ["Record ID", "Deal Name", "Deal Stage", "Amount", "Close Date", "Create Date", "Deal owner", "Pipeline", "Last Activity Date"],
  ["901", "Big deal", "Closed Won", "5000", "2026-05-01 10:30", "2026-02-01 09:00", "rep@x.example", "Sales Pipeline", "2026-04-28"],
  ["902", "Small deal", "Appointment Scheduled", "800", "2026-07-01", "2026-05-20", "Pat Unknown", "Sales Pipeline", ""],
];
const PIPEDRIVE: Rows = [
  [
    "Deal - ID",
    "Deal - Title",
    "Deal - Value",
    "Deal - Currency",
    "Deal - Owner",
    "Deal - Status",
    "Deal - Expected close date",
    "Deal - Deal created",
    "Deal - Won time",
    "Deal - Lost time",
  ],
  ["71", "Renewal", "2500", "GBP", "rep@x.example", "Won", "2026-05-10", "2026-03-01 08:00:00", "2026-05-08 12:00:00", ""],
  ["72", "Upsell", "1000", "GBP", "rep@x.example", "Lost", "2026-05-20", "2026-03-05 08:00:00", "", "2026-05-18 09:00:00"],
];

/** The records of a text read in chunks of the given sizes (without `plain`, which depends on the chunks). */
function readAll(text: string, chunkSizes: readonly number[]): Array<Omit<LinedRecord, "plain">> | CsvStreamError {
  // The separator the import reads the file with: the header line's (a ";" file imports: issue 25).
  const reader = new CsvStreamReader(detectDelimiter(text));
  const out: LinedRecord[] = [];
  let i = 0;
  let k = 0;
  try {
    while (i < text.length) {
      const size = chunkSizes.length ? chunkSizes[k++ % chunkSizes.length]! : text.length;
      out.push(...reader.push(text.slice(i, i + size)));
      i += size;
    }
    out.push(...reader.end());
    return out.map(({ line, values }) => ({ line, values }));
  } catch (error) {
    if (error instanceof CsvStreamError) return error;
    throw error;
  }
}

function salesforceRows(owners: string[]): Rows {
  const text = [...generateSalesforceCsv({ rows: 6, owners, asOf: "2026-06-01", seed: 11 })].join("");
  const records = readAll(text, []);
  if (records instanceof CsvStreamError) throw records;
  // The generator's "Grand Totals" footer is left out: mutations would move it into the middle.
  return records.map((r) => r.values).filter((v) => v.length > 5);
}

const crmFile = (owners: string[]) =>
  fc.oneof(
    malformedCsv(salesforceRows(owners), { Amount: "number", "Probability (%)": "number", "Close Date": "date", "Created Date": "date", "Last Activity": "date", Won: "text" }),
    malformedCsv(HUBSPOT, { Amount: "number", "Close Date": "date", "Create Date": "date", "Last Activity Date": "date" }),
    malformedCsv(PIPEDRIVE, { "Deal - Value": "number", "Deal - Currency": "text", "Deal - Expected close date": "date", "Deal - Won time": "date" }),
  );

it("CRM files: the streaming reader gives the same records whatever the chunks, and every row is checked without throwing", () => {
  fc.assert(
    fc.property(crmFile(["rep@x.example", "Pat Unknown"]), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), (text, chunks) => {
      const whole = readAll(text, []);
      const chunked = readAll(text, chunks);
      if (whole instanceof CsvStreamError) {
        expect(chunked).toBeInstanceOf(CsvStreamError);
        expect((chunked as CsvStreamError).line).toBe(whole.line);
        expect(whole.line).toBeLessThanOrEqual(physicalLines(text));
        return;
      }
      expect(chunked).toEqual(whole);
      const lines = whole.map((r) => r.line);
      expect([...lines].sort((a, b) => a - b)).toEqual(lines);
      for (const l of lines) expect(l).toBeLessThanOrEqual(physicalLines(text));
      const header = whole[0]?.values.map((h) => h.trim());
      if (!header) return;
      const detected = detectFormat(header);
      if (!detected || detected.missing.length > 0) return;
      for (const dateOrder of ["mdy", "dmy"] as const) {
        const ctx = { format: detected.format, header, mapping: detected.mapping, dateOrder, stageMap: stageMapFor(detected.format) };
        for (const record of whole.slice(1)) {
          const result = normalizeRecord(record.values, ctx);
          if (result.ok) {
            expect(result.opportunity.crmId).toBe(textOrNull(record.values[detected.mapping.crmId!]));
            expect(result.opportunity.owner).toBe(textOrNull(record.values[detected.mapping.owner!]));
          } else {
            expect(result.problems.length).toBeGreaterThan(0);
            for (const p of result.problems) {
              expect(p.column.length).toBeGreaterThan(0);
              expect(p.reason.length).toBeGreaterThan(0);
            }
          }
        }
      }
    }),
    params(PURE_RUNS),
  );
});

// ---------- the imports, on the database ----------

async function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const size = sizes[k++ % sizes.length]!;
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

/** Text as Windows-1252 bytes, the way Excel on Windows saves it (characters it lacks become "?"). */
function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)));
}

/** Text as bytes in one of the encodings CRM files come in (UTF-16 with its BOM, as Excel writes "Unicode text"). */
function encodeAs(text: string, encoding: "utf-8" | "windows-1252" | "bom" | "utf-16le"): Uint8Array {
  if (encoding === "windows-1252") return latin1(text);
  if (encoding === "utf-16le") return new Uint8Array(Buffer.from(`\uFEFF${text}`, "utf16le"));
  return new TextEncoder().encode(encoding === "bom" ? `\uFEFF${text}` : text);
}

/** Mostly a fresh name (null), sometimes a hostile one: a file name is input too. */
const hostileFileName = fc.oneof(
  { weight: 5, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, "a\u0000b.csv", `${"n".repeat(5000)}.csv`) },
);

const CRM_STATUSES: ReadonlyArray<CrmImportResult["status"]> = ["imported", "unchanged", "needs-mapping", "needs-date-order", "rejected", "invalid-file"];

describeWithDb("fuzzing the importers", (t) => {
  let org: TestOrganisation;
  let domain: string;
  let run = 0;

  beforeAll(async () => {
    t.setNow(`${TODAY}T12:00:00Z`);
    org = await createTestOrganisation(t.app, { reps: 1 });
    domain = `${org.slug}.example`;
    await ensureItemBank(t.app.db, org.id);
  });

  it("counterexamples the fuzzing found are refused with a line number, or imported, instead of failing in the database", async () => {
    const before = await fingerprint(t.app.db);
    const hubspot = (amount: string, lastActivity: string) =>
      `Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Pipeline,Last Activity Date\n901,Big deal,Closed Won,${amount},2026-05-01 10:30,2026-02-01 09:00,rep@x.example,Sales Pipeline,${lastActivity}\n`;
    const options = { format: "auto", encoding: "auto", dates: "auto", importValidRows: false, fileName: "x.csv" } as const;
    expect(inEnglish(await importCrmFile(t.app, org.id, chunksOf(new TextEncoder().encode(hubspot('"$99,999,999,999,999,999"', "2026-04-28")), [4096]), options))).toMatchObject({
      status: "rejected",
      problems: [{ line: 2, column: "Amount", reason: "is not an amount a deal can have (it is 1,000,000,000,000,000 or more)" }],
    });
    expect(inEnglish(await importCrmFile(t.app, org.id, chunksOf(new TextEncoder().encode(hubspot("5000", "0000-01-01")), [4096]), options))).toMatchObject({
      status: "rejected",
      problems: [{ line: 2, column: "Last Activity Date", reason: "is not a real date" }],
    });
    const dup = await importHistory(t.app, org.id, "dup.csv", "team,period,PS1,PS1\nTeam A,2026-01-05,5,5\n");
    expect(dup.ok).toBe(false);
    expect(dup.ok ? [] : dup.problems.map((p) => ({ ...p, message: sayInEnglish(p.message) }))).toEqual([
      { line: 1, message: "The header names PS1 more than once: give each item one column." },
    ]);
    expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
    const named = await importHistory(t.app, org.id, "a\u0000b.csv", "team,period,PS1\nTeam A,2026-01-05,5\n");
    expect(named).toMatchObject({ ok: true, programName: "a b", responses: 1 });
  });

  it("roster import: a refused file changes nothing; an applied one stores every row as written", async () => {
    let applied = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(malformedCsv(rosterRows(domain), ROSTER_TYPED), fc.boolean(), async (text, deactivateMissing) => {
        const before = await fingerprint(t.app.db);
        const outcome = await applyRoster(t.app, org.id, text, { deactivateMissing, actorEmail: org.people.admin!.email });
        if (!outcome.ok) {
          refused++;
          expectLineNumbered(outcome.problems, text);
          expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
          return;
        }
        applied++;
        const { entries } = readRoster(text);
        const [people, teams] = await Promise.all([listPeopleForRoster(t.app.db, org.id), listTeamNodes(t.app.db, org.id)]);
        const teamName = new Map(teams.map((team) => [team.id, team.name.toLowerCase()]));
        for (const entry of entries) {
          const person = people.find((p) => p.email.toLowerCase() === entry.email.toLowerCase());
          expect(person, entry.email).toMatchObject({ name: entry.name, role: entry.role, active: true });
          const team = entry.teamPath ? entry.teamPath[entry.teamPath.length - 1]!.toLowerCase() : null;
          expect(person!.teamId ? teamName.get(person!.teamId) : null).toBe(team);
        }
      }),
      params(DB_RUNS),
    );
    // Both outcomes were exercised.
    expect(refused).toBeGreaterThan(DB_RUNS / 4);
    expect(applied).toBeGreaterThan(3);
  });

  it("history import: a refused file changes nothing; an imported one stores one response per row", async () => {
    let imported = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(malformedCsv(historyRows(), HISTORY_TYPED), hostileFileName, async (text, name) => {
        const file = name ?? `fuzz ${++run}.csv`;
        const before = await fingerprint(t.app.db);
        const result = await importHistory(t.app, org.id, file, text);
        if (!result.ok) {
          refused++;
          expectLineNumbered(result.problems, text);
          expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
          return;
        }
        imported++;
        const [items, teams] = await Promise.all([listItems(t.app.db, org.id), listTeamNodes(t.app.db, org.id)]);
        const { rows } = readHistory(text, { items, teamNames: teams.map((x) => x.name), today: TODAY });
        expect(result.responses).toBe(rows.length);
        expect(result.waves).toBe(new Set(rows.map((r) => r.period)).size);
        const stored = await t.app.db
          .selectFrom("answer as a")
          .innerJoin("response as r", "r.id", "a.responseId")
          .innerJoin("wave as w", "w.id", "r.waveId")
          .select(["a.itemId", "a.value", "a.comment"])
          .where("w.programId", "=", result.programId)
          .execute();
        const expected = rows.flatMap((r) => r.answers);
        const order = (list: Array<{ itemId: string; value: number | null; comment: string | null }>) => list.map((a) => `${a.itemId}|${a.value}|${a.comment}`).sort();
        expect(order(stored)).toEqual(order(expected));
      }),
      params(DB_RUNS),
    );
    expect(refused).toBeGreaterThan(DB_RUNS / 4);
    expect(imported).toBeGreaterThan(3);
  });

  it("CRM import: a refused file changes nothing; an imported one stores its valid rows as written", async () => {
    const counts: Record<string, number> = {};
    const owners = [org.people.repA!.email, "Pat Unknown"];
    const encoded = fc.tuple(crmFile(owners), fc.constantFrom("utf-8", "windows-1252", "bom", "utf-16le"));
    await fc.assert(
      fc.asyncProperty(
        encoded,
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 4 }),
        fc.record({
          importValidRows: fc.boolean(),
          dates: fc.constantFrom("auto", "us", "eu"),
          format: fc.constantFrom("auto", "auto", "auto", "auto", "salesforce", "hubspot", "generic"),
        }),
        hostileFileName,
        async ([text, encoding], chunks, choice, name) => {
          const bytes = encodeAs(text, encoding);
          const before = await fingerprint(t.app.db);
          const result = await importCrmFile(t.app, org.id, chunksOf(bytes, chunks), {
            format: choice.format as "auto" | CrmFormat,
            encoding: "auto",
            dates: choice.dates as "auto" | "us" | "eu",
            importValidRows: choice.importValidRows,
            fileName: name ?? `fuzz-${++run}.csv`,
          });
          counts[result.status] = (counts[result.status] ?? 0) + 1;
          expect(CRM_STATUSES).toContain(result.status);
          if (result.status !== "imported") {
            expect(changedTables(before, await fingerprint(t.app.db))).toEqual([]);
            expect(result.message.length).toBeGreaterThan(0);
            if (result.status === "rejected" && result.problems.length > 0) {
              for (const p of result.problems) {
                expect(p.line).toBeGreaterThanOrEqual(2);
                expect(p.line).toBeLessThanOrEqual(physicalLines(text) + 1);
                expect(p.reason.length).toBeGreaterThan(0);
              }
              expect(result.problemCount).toBeGreaterThanOrEqual(result.problems.length);
            }
            return;
          }
          if (!choice.importValidRows) expect(result.skippedCount).toBe(0);
          // The stored deals are the file's rows: each ID once, with the owner and name its row gives.
          const decode = createChunkDecoder(result.encoding as TextEncodingName);
          const records = readAll(decode(bytes, true), []);
          if (records instanceof CsvStreamError) throw records;
          const headerAt = records.findIndex((r) => r.values.some((v) => v.trim() !== ""));
          const header = records[headerAt]!.values.map((h) => h.trim());
          const mapping = detectFormat(header)!.mapping;
          const byId = new Map<string, string[]>();
          for (const r of records.slice(headerAt + 1)) {
            const id = textOrNull(r.values[mapping.crmId!]);
            if (id !== null && !byId.has(id)) byId.set(id, r.values);
          }
          const stored = await t.app.db.selectFrom("crmOpportunity").select(["crmId", "owner", "name"]).where("snapshotId", "=", result.snapshotId).execute();
          expect(stored).toHaveLength(result.rows);
          for (const deal of stored) {
            const values = byId.get(deal.crmId);
            expect(values, deal.crmId).toBeDefined();
            expect(deal.owner).toBe(textOrNull(values![mapping.owner!]));
            expect(deal.name).toBe(mapping.name === undefined ? null : textOrNull(values![mapping.name]));
          }
        },
      ),
      params(DB_RUNS),
    );
    expect(counts.imported ?? 0).toBeGreaterThan(3);
    expect((counts.rejected ?? 0) + (counts["invalid-file"] ?? 0)).toBeGreaterThan(DB_RUNS / 4);
  });

  it("CRM import: a valid file saved with semicolons or tabs, in any encoding, imports the same deals as with commas", async () => {
    const owners = [org.people.repA!.email, "Pat Unknown"];
    const files = fc.constantFrom(salesforceRows(owners), HUBSPOT, PIPEDRIVE);
    await fc.assert(
      fc.asyncProperty(
        files,
        fc.constantFrom(";" as const, "\t" as const),
        fc.constantFrom("utf-8", "windows-1252", "bom", "utf-16le") as fc.Arbitrary<"utf-8" | "windows-1252" | "bom" | "utf-16le">,
        fc.array(fc.integer({ min: 1, max: 512 }), { minLength: 1, maxLength: 3 }),
        async (rows, delimiter, encoding, chunks) => {
          const options = { format: "auto", encoding: "auto", dates: "auto", importValidRows: false } as const;
          const comma = await importCrmFile(t.app, org.id, chunksOf(encodeAs(csvText(rows, "\r\n"), encoding), chunks), { ...options, fileName: `comma-${++run}.csv` });
          const other = await importCrmFile(t.app, org.id, chunksOf(encodeAs(csvText(rows, "\r\n", delimiter), encoding), chunks), { ...options, fileName: `other-${++run}.csv` });
          expect(comma.status).toMatch(/^(imported|unchanged)$/);
          expect(other.status).toMatch(/^(imported|unchanged)$/);
          const deals = async (result: CrmImportResult) => {
            const id = result.status === "imported" || result.status === "unchanged" ? result.snapshotId : "";
            return t.app.db
              .selectFrom("crmOpportunity")
              .select(["crmId", "owner", "name", "status", "amount", "currency", "closeDate", "createdDate"])
              .where("snapshotId", "=", id)
              .orderBy("crmId")
              .execute();
          };
          expect(await deals(other)).toEqual(await deals(comma));
        },
      ),
      params(Math.max(6, Math.floor(DB_RUNS / 4))),
    );
  });
});
