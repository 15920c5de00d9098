import { describe, expect, it } from "vitest";
import { compareTeams, metricChanges, quarterName, snapshotFeeds, snapshotWarnings } from "./snapshot-review";
import { inEnglish } from "~/i18n/in-english.server";

const previous = { deals: 80, owners: 10, asOf: "2026-12-01" };

describe("snapshotWarnings", () => {
  const kinds = (totals: { deals: number; owners: number }, p: typeof previous | null = previous, asOf = "2026-12-06") =>
    snapshotWarnings({ totals, previous: p, asOf, teamsWithoutDeals: [] }).map((w) => w.kind);

  it("warns below half the deals and half the owners, not at half", () => {
    expect(kinds({ deals: 39, owners: 4 })).toEqual(["far-fewer-deals", "far-fewer-owners"]);
    expect(kinds({ deals: 40, owners: 5 })).toEqual([]);
  });

  it("says nothing for a first upload, or against a small last snapshot", () => {
    expect(kinds({ deals: 1, owners: 1 }, null)).toEqual([]);
    expect(kinds({ deals: 1, owners: 1 }, { deals: 19, owners: 3, asOf: "2026-12-01" })).toEqual([]);
    expect(kinds({ deals: 1, owners: 1 }, { deals: 20, owners: 4, asOf: "2026-12-01" })).toEqual(["far-fewer-deals", "far-fewer-owners"]);
  });

  it("warns about a date before the last counted snapshot's, and names teams left without deals", () => {
    expect(kinds({ deals: 80, owners: 10 }, previous, "2026-11-30")).toEqual(["older-than-latest"]);
    const [w] = snapshotWarnings({ totals: { deals: 80, owners: 10 }, previous, asOf: "2026-12-06", teamsWithoutDeals: ["Team B", "Nordics"] });
    expect(inEnglish(w!.message)).toBe("2 teams with deals in the snapshot of 1 Dec 2026 have none in this file: Team B, Nordics.");
  });
});

describe("compareTeams", () => {
  it("lists every team of either snapshot, the largest first, no team last", () => {
    const sums = (team: string | null, deals: number) => ({ team, deals, open: 0, won: 0, amount: 0 });
    const rows = compareTeams([sums("a", 4), sums(null, 9)], [sums("a", 40), sums("b", 50)]);
    expect(rows.map((r) => [r.team, r.before?.deals ?? null, r.after?.deals ?? null])).toEqual([
      ["b", 50, null],
      ["a", 40, 4],
      [null, null, 9],
    ]);
  });
});

describe("snapshotFeeds and metricChanges", () => {
  const s = (id: string, asOf: string) => ({ id, asOf });
  const counted = [s("q3", "2026-07-01"), s("mid", "2026-08-15"), s("q4", "2026-10-01"), s("now", "2026-12-01")];

  it("the latest feeds the closed-deal metrics; the latest of each quarter its open deals; the start of a quarter its Commit", () => {
    const feeds = snapshotFeeds(counted);
    expect(feeds.get("now")).toEqual({ latest: true, openDealQuarters: ["2026-10-01"], forecastQuarters: [], slips: true });
    expect(feeds.get("q4")).toEqual({ latest: false, openDealQuarters: [], forecastQuarters: ["2026-10-01"], slips: true });
    expect(feeds.get("mid")).toEqual({ latest: false, openDealQuarters: ["2026-07-01"], forecastQuarters: [], slips: true });
    expect(feeds.get("q3")).toEqual({ latest: false, openDealQuarters: [], forecastQuarters: ["2026-07-01"], slips: true });
  });

  it("names what deleting a snapshot changes, and nothing for one that feeds nothing it alone feeds", () => {
    expect(
      inEnglish(
        metricChanges(
          counted,
          counted.filter((c) => c.id !== "q4"),
        ),
      ),
    ).toEqual([
      "The Commit call (forecast and commit accuracy, forecast bias) of Q4 2026.",
      "Slipped deals, which compare each snapshot with the later ones.",
      "The correlations in the explorer and the report, the drivers and the coaching priorities that use these metrics.",
    ]);
    expect(inEnglish(metricChanges([s("only", "2026-12-01")], []))).toEqual([
      "No snapshot will count: every CRM metric (win rate, won and lost deals, average won deal, sales cycle, pipeline created, commit accuracy's won amount, upside and new-in-quarter wins, stale deals, next steps, forecasts) will be empty.",
      "The correlations in the explorer and the report, the drivers and the coaching priorities that use these metrics.",
    ]);
    expect(inEnglish(metricChanges(counted, counted))).toEqual([]);
  });

  it("names calendar quarters", () => {
    expect(quarterName("2026-10-01")).toBe("Q4 2026");
    expect(quarterName("2027-01-01")).toBe("Q1 2027");
  });
});
