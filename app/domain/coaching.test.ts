import { describe, expect, it } from "vitest";
import { coachingBadge, coachingPriorities, lowerQuartile, type CoachingTeamScores } from "./coaching";

const dims = [
  { key: "ps", name: "Psychological safety", higherIsBetter: true },
  { key: "fp", name: "Forecast pressure", higherIsBetter: false },
];
type Change = CoachingTeamScores["scores"][string]["change"];
const team = (id: string, ps: number | null, fp: number | null, change: Change = null, fpChange: Change = null): CoachingTeamScores => ({
  id,
  name: `Team ${id}`,
  scores: { ps: { mean: ps, change }, fp: { mean: fp, change: fpChange } },
});

describe("coaching priorities", () => {
  it("takes the 25th percentile like R's quantile(type = 7)", () => {
    // quantile(c(1, 2, 3, 4, 10), 0.25) = 2; quantile(c(4.1, 5, 5.5, 6), 0.25) = 4.775
    expect(lowerQuartile([10, 1, 3, 2, 4])).toBe(2);
    expect(lowerQuartile([4.1, 5, 5.5, 6])).toBeCloseTo(4.775, 12);
    expect(lowerQuartile([])).toBeNull();
  });

  it("lists low, falling, blind-spot and CRM reasons, most reasons first, never from hidden scores", () => {
    const teams = [
      team("a", 3.2, 5.9, { diff: -0.8, ciLow: -1.3, ciHigh: -0.3 }),
      team("b", 5.5, 3.0),
      team("c", 5.8, 3.2, { diff: -0.4, ciLow: -0.9, ciHigh: 0.1 }),
      team("d", 6.0, 2.5),
      team("e", null, null),
    ];
    const result = coachingPriorities({
      dimensions: dims,
      teams,
      gaps: [
        { teamId: "a", dimension: "ps", gap: 2.1, reading: "blind-spot" },
        { teamId: "b", dimension: "ps", gap: 0.6, reading: "blind-spot" },
        { teamId: "d", dimension: "ps", gap: -1.5, reading: "hidden-strength" },
      ],
      crm: [
        { teamId: "a", winRate: 0.12, staleShare: 0.4 },
        { teamId: "b", winRate: 0.3, staleShare: 0.2 },
        { teamId: "c", winRate: 0.35, staleShare: 0.1 },
        { teamId: "d", winRate: 0.4, staleShare: 0.15 },
      ],
    });
    // ps: quartile of 3.2, 5.5, 5.8, 6.0 = 4.775 → a is low; fp (turned around): −5.9, −3.2, −3.0, −2.5 → quartile −3.875 → a is high.
    expect(result.map((r) => r.teamId)).toEqual(["a"]);
    expect(result[0]!.reasons.map((r) => [r.kind, r.badge, r.tone, r.text])).toEqual([
      ["low", "Low score", "warn", "Psychological safety (higher is better): 3.2 of 7, in the lowest quarter of teams."],
      ["falling", "Falling", "bad", "Psychological safety (higher is better) fell 0.8 points since the last wave, more than chance would explain."],
      ["low", "High pressure", "warn", "Forecast pressure (higher is worse): 5.9 of 7, in the highest quarter of teams."],
      ["gap", "Blind spot", "warn", "The manager rates psychological safety higher than the team does, by 2.1 points."],
      ["crm", "Culture and CRM", "bad", "Low psychological safety together with a win rate of 12%, in the lowest quarter."],
    ]);
  });

  it("says nothing about quartiles with fewer than four shown teams", () => {
    const result = coachingPriorities({ dimensions: dims, teams: [team("a", 2, 6), team("b", 6, 2), team("c", null, null)], gaps: [], crm: [] });
    expect(result).toEqual([]);
  });

  it("reads forecast pressure the right way round: high pressure is not a low score, rising pressure is not falling", () => {
    // Before: "Low score" on "forecast pressure 5.1, among the highest" and "Falling" on "pressure rose 1.0".
    const teams = [team("a", 5.0, 5.1, null, { diff: 1.0, ciLow: 0.4, ciHigh: 1.6 }), team("b", 5.2, 3.0), team("c", 5.4, 3.2), team("d", 5.6, 2.5)];
    const result = coachingPriorities({
      dimensions: dims,
      teams,
      gaps: [{ teamId: "a", dimension: "fp", gap: -1.2, reading: "blind-spot" }],
      crm: [
        { teamId: "a", winRate: 0.1, staleShare: null },
        { teamId: "b", winRate: 0.3, staleShare: null },
        { teamId: "c", winRate: 0.35, staleShare: null },
        { teamId: "d", winRate: 0.4, staleShare: null },
      ],
    });
    // ps 5.0 is also in the lowest quarter (4 teams); the pressure reasons follow it.
    const pressure = result[0]!.reasons.filter((r) => r.dimension === "fp");
    expect(pressure.map((r) => [r.badge, r.text])).toEqual([
      ["High pressure", "Forecast pressure (higher is worse): 5.1 of 7, in the highest quarter of teams."],
      ["Pressure rising", "Forecast pressure (higher is worse) rose 1.0 points since the last wave, more than chance would explain."],
      ["Blind spot", "The manager sees less forecast pressure than the team feels, by 1.2 points."],
    ]);
    expect(result[0]!.reasons.map((r) => r.badge)).not.toContain("Falling");
    expect(pressure.map((r) => r.badge)).not.toContain("Low score");
    // A team whose only worse-quarter dimension is forecast pressure: its culture-and-CRM reason says "high", not "low".
    const onlyPressure = coachingPriorities({
      dimensions: dims,
      teams: [team("a", 6.0, 5.1), team("b", 5.2, 3.0), team("c", 5.4, 3.2), team("d", 5.6, 2.5)],
      gaps: [],
      crm: [
        { teamId: "a", winRate: 0.1, staleShare: null },
        { teamId: "b", winRate: 0.3, staleShare: null },
        { teamId: "c", winRate: 0.35, staleShare: null },
        { teamId: "d", winRate: 0.4, staleShare: null },
      ],
    });
    expect(onlyPressure[0]!.reasons.map((r) => r.text)).toEqual([
      "Forecast pressure (higher is worse): 5.1 of 7, in the highest quarter of teams.",
      "High forecast pressure together with a win rate of 10%, in the lowest quarter.",
    ]);
  });

  it("says a reason once, however many gap rows lead to it, and leaves no stray punctuation or hyphen-minus", () => {
    const gap = { teamId: "a", dimension: "ps", gap: 1.5, reading: "blind-spot" };
    const result = coachingPriorities({ dimensions: dims, teams: [team("a", 5, 3)], gaps: [gap, gap, gap], crm: [] });
    expect(result[0]!.reasons.map((r) => r.text)).toEqual(["The manager rates psychological safety higher than the team does, by 1.5 points."]);
    for (const r of result[0]!.reasons) expect(r.text).not.toMatch(/\.\)|\.;|\.\.|\d-|-\d/);
  });

  it("names badges from the dimension's direction", () => {
    expect(coachingBadge("low", { name: "Collaboration", higherIsBetter: true })).toBe("Low score");
    expect(coachingBadge("low", { name: "Forecast-honesty pressure", higherIsBetter: false })).toBe("High pressure");
    expect(coachingBadge("falling", { name: "Forecast-honesty pressure", higherIsBetter: false })).toBe("Pressure rising");
    expect(coachingBadge("falling", { name: "Collaboration", higherIsBetter: true })).toBe("Falling");
    expect(coachingBadge("gap", null)).toBe("Blind spot");
  });
});
