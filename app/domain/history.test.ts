import { describe, expect, it } from "vitest";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { readHistory as readHistorySaid } from "./history";

// The problems are said (app/i18n/said.ts); these read them as the English page and the CLI do.
function readHistory(...args: Parameters<typeof readHistorySaid>) {
  const read = readHistorySaid(...args);
  return { ...read, problems: read.problems.map((p) => ({ ...p, message: sayInEnglish(p.message) })) };
}

const items = [
  { id: "ps1", code: "PS1", scale: "agree7" as const },
  { id: "ps2", code: "PS2", scale: "agree7" as const },
  { id: "enps", code: "ENPS", scale: "nps11" as const },
  { id: "c", code: "COMMENT", scale: "text" as const },
];
const context = { items, teamNames: ["Team A", "Team B"], today: "2026-06-01" };

describe("readHistory", () => {
  it("reads one response per row with skipped blanks", () => {
    const result = readHistory("team,period,PS1,ps2,ENPS,comment\nTeam A,2026-04-01,7,,9,Good\nteam b,2026-04-01,1,2,,\n", context);
    expect(result.problems).toEqual([]);
    expect(result.itemCodes).toEqual(["PS1", "PS2", "ENPS", "COMMENT"]);
    expect(result.rows).toEqual([
      {
        line: 2,
        teamName: "Team A",
        period: "2026-04-01",
        answers: [
          { itemId: "ps1", value: 7, comment: null },
          { itemId: "enps", value: 9, comment: null },
          { itemId: "c", value: null, comment: "Good" },
        ],
      },
      {
        line: 3,
        teamName: "team b",
        period: "2026-04-01",
        answers: [
          { itemId: "ps1", value: 1, comment: null },
          { itemId: "ps2", value: 2, comment: null },
        ],
      },
    ]);
  });

  it("lists every bad row with its line and imports nothing", () => {
    const result = readHistory("team,period,PS1,ENPS\nTeam A,2026-04-01,7,9\nTeam Z,2026-02-30,8,\nTeam B,2027-01-01,,11\nTeam B,2026-04-01,,\n", context);
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 3, column: "team", message: '"Team Z" is not a team of this organisation' },
      { line: 3, column: "period", message: '"2026-02-30" is not a date like 2026-04-01' },
      { line: 3, column: "PS1", message: "Choose a whole number from 1 to 7." },
      { line: 4, column: "period", message: "2027-01-01 is in the future" },
      { line: 4, column: "ENPS", message: "Choose a whole number from 0 to 10." },
      { line: 5, message: "has no answers" },
    ]);
  });

  it("refuses an item named twice in the header and a year 0 period, each of which failed in the database (found by fuzzing)", () => {
    expect(readHistory("team,period,PS1,PS1\nTeam A,2026-01-05,5,5\n", context).problems).toEqual([
      { line: 1, message: "The header names PS1 more than once: give each item one column." },
    ]);
    expect(readHistory("team,period,PS1\nTeam A,0000-01-01,5\n", context).problems).toEqual([{ line: 2, column: "period", message: '"0000-01-01" is not a date like 2026-04-01' }]);
  });

  it("rejects unknown item columns and missing team or period columns in one message each", () => {
    expect(readHistory("team,period,PS1,XX1\nTeam A,2026-04-01,1,2\n", context).problems).toEqual([
      { line: 1, message: "Unknown item column: xx1. Use item codes from the item bank." },
    ]);
    expect(readHistory("team,PS1\nTeam A,1\n", context).problems).toEqual([{ line: 1, message: 'The header needs a "period" column.' }]);
  });
});
