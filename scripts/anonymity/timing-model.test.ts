import { describe, expect, it } from "vitest";
import { pairByTiming, seeded, simulateWave } from "./timing-model";

describe("pairing ballots with signature issuances by timing", () => {
  it("names a ballot when one unpaired issuance of its team precedes it, and counts windows with one issuance", () => {
    const issuances = [
      { person: "ann", team: "A", at: 10 },
      { person: "bob", team: "A", at: 20 },
      { person: "cat", team: "A", at: 100 },
      { person: "dan", team: "B", at: 15 },
    ];
    const ballots = [
      { team: "A", at: 11 }, // only ann before it: named
      { team: "A", at: 25 }, // bob is the only one left: named
      { team: "A", at: 130 }, // cat: named
      { team: "B", at: 16 }, // dan: named
    ];
    expect(pairByTiming(issuances, ballots)).toEqual({ ballots: 4, uniquelyPaired: 4, singleIssuanceWindows: 4, meanCandidates: 1 });
    // Two issuances before the first ballot: it could be either, and so could the next.
    const crowded = pairByTiming(
      [
        { person: "ann", team: "A", at: 10 },
        { person: "bob", team: "A", at: 12 },
      ],
      [
        { team: "A", at: 30 },
        { team: "A", at: 40 },
      ],
    );
    expect(crowded).toEqual({ ballots: 2, uniquelyPaired: 0, singleIssuanceWindows: 0, meanCandidates: 2 });
  });

  it("simulates the same wave for the same seed, with every ballot after its issuance", () => {
    const model = { teams: { A: 8, B: 5 }, openDays: 10, reminderDays: [3, 7], answerRate: 0.78, abandonRate: 0.1 };
    const one = simulateWave(model, "at-send", seeded(1));
    expect(simulateWave(model, "at-send", seeded(1))).toEqual(one);
    expect(one.ballots.length).toBe(one.issuances.length);
    const shown = simulateWave(model, "at-show", seeded(2));
    expect(shown.issuances.length).toBeGreaterThanOrEqual(shown.ballots.length);
    for (const b of shown.ballots) expect(shown.issuances.some((i) => i.team === b.team && i.at < b.at)).toBe(true);
  });
});
