import { describe, expect, it } from "vitest";
import { stageMapFor, type Opportunity } from "~/domain/crm";
import type { LinedRecord } from "~/domain/csv-stream";
import { DataRecords, OwnerCounts, type RecognisedFile } from "./normalise-rows.server";
import { PROBLEMS_LISTED } from "./outcome.server";
import { inEnglish } from "~/i18n/in-english.server";

const HEADER = ["Opportunity Owner", "Amount", "Close Date", "Stage", "Opportunity ID"];
const FILE: RecognisedFile = { format: "salesforce", header: HEADER, mapping: { owner: 0, amount: 1, closeDate: 2, stage: 3, crmId: 4 }, stageMap: stageMapFor("salesforce") };

/** A sink that keeps what it is given and asks for a flush every `every` rows. */
function sink(every = Infinity) {
  const rows: Array<[number, Opportunity]> = [];
  return { rows, add: (line: number, row: Opportunity) => rows.push([line, row]) % every === 0 };
}

function read(lines: string[][], options: { nulSeen?: boolean; dates?: "auto" | "us" | "eu"; every?: number } = {}) {
  const into = sink(options.every);
  const data = new DataRecords(FILE, options.dates ?? "auto", into, { nulSeen: options.nulSeen ?? false });
  let flushes = 0;
  lines.forEach((values, i) => {
    data.push({ line: i + 2, values } satisfies LinedRecord);
    if (data.normalising?.flushDue) {
      flushes++;
      data.normalising.flushDue = false;
    }
  });
  return { result: data.end(), rows: into.rows, records: data.records, flushes };
}

describe("DataRecords and RowNormalising (stage 4: records → opportunities and problems)", () => {
  it("normalises every data record into the sink with its line, and drops the trailing footer", () => {
    const { result, rows, records } = read([
      ["ann@x.example", "$1,250.50", "3/25/2026", "Closed Won", "006A"],
      ["bo@x.example", "", "4/1/2026", "Prospecting", "006B"],
      ["", "", "", "", ""],
      ["Grand Totals (2 records)", "$1,250.50", "", "", ""],
      ["Confidential Information - Do Not Distribute"],
    ]);
    expect(rows.map(([line, r]) => [line, r.crmId, r.status, r.amount, r.closeDate])).toEqual([
      [2, "006A", "won", 1250.5, "2026-03-25"],
      [3, "006B", "open", null, "2026-04-01"],
    ]);
    expect(result).toMatchObject({ validRows: 2, reading: { dateOrder: "mdy" } });
    expect(result.problems.count).toBe(0);
    expect(result.owners.list()).toEqual([
      { owner: "ann@x.example", deals: 1 },
      { owner: "bo@x.example", deals: 1 },
    ]);
    expect(records).toBe(5);
  });

  it("reports every problem of a bad row with its line and column, and a NUL character once one was seen", () => {
    const { result, rows } = read(
      [
        ["ann@x.example", "lots", "3/25/2026", "Closed Won", "006A"],
        ["ann@x.example", "10", "3/25/2026", "Closed Won", "006\u0000B"],
        ["", "10", "13/45/2026", "Prospecting", "006C"],
        ["bo@x.example", "10", "3/25/2026", "Prospecting", "006D"],
      ],
      { nulSeen: true, dates: "us" },
    );
    expect(rows.map(([line]) => line)).toEqual([5]);
    expect(result.validRows).toBe(1);
    expect(inEnglish(result.problems.listed)).toEqual([
      { line: 2, column: "Amount", reason: expect.any(String) },
      { line: 3, column: null, reason: "contains binary data (a NUL character)" },
      { line: 4, column: "Opportunity Owner", reason: "is empty" },
      { line: 4, column: "Close Date", reason: expect.any(String) },
    ]);
    expect(result.owners.list()).toEqual([{ owner: "bo@x.example", deals: 1 }]);
  });

  it("holds the first records until the date order is decided, then reads them in file order", () => {
    const { result, rows } = read([
      ["ann@x.example", "10", "3/4/2026", "Prospecting", "006A"],
      ["ann@x.example", "10", "3/5/2026", "Prospecting", "006B"],
      ["ann@x.example", "10", "25/3/2026", "Prospecting", "006C"],
    ]);
    expect(result.reading.dateOrder).toBe("dmy");
    expect(rows.map(([line, r]) => [line, r.closeDate])).toEqual([
      [2, "2026-04-03"],
      [3, "2026-05-03"],
      [4, "2026-03-25"],
    ]);
  });

  it("says when the sink wants a flush", () => {
    const lines = Array.from({ length: 7 }, (_, i) => ["ann@x.example", "10", "3/25/2026", "Prospecting", `006${i}`]);
    expect(read(lines, { every: 3 }).flushes).toBe(2);
  });

  it("lists the first problems and counts them all", () => {
    const lines = Array.from({ length: PROBLEMS_LISTED + 5 }, (_, i) => ["", "10", "3/25/2026", "Prospecting", `006${i}`]);
    const { result } = read(lines);
    expect(result.problems.count).toBe(PROBLEMS_LISTED + 5);
    expect(result.problems.listed).toHaveLength(PROBLEMS_LISTED);
    expect(result.validRows).toBe(0);
  });
});

describe("OwnerCounts", () => {
  it("counts deals per owner, takes repeated ones back, and gives up past its bound", () => {
    const owners = new OwnerCounts();
    for (const owner of ["a", "b", "a", "a"]) owners.add(owner);
    owners.remove("a", 1);
    owners.remove("b", 1);
    expect(owners.list()).toEqual([{ owner: "a", deals: 2 }]);
    const many = new OwnerCounts();
    for (let i = 0; i <= 20_000; i++) many.add(`owner ${i}`);
    expect(many.list()).toBeNull();
  });
});
