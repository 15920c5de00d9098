import { describe, expect, it } from "vitest";
import { DEFAULT_DIMENSIONS, DEFAULT_ITEMS } from "./instrument";
import { agreementDirection, agreementGap, agreementOf, describeAgreement, describeGap, dimensionDirection, withDirection, type GapAudience } from "./reading";

const you: GapAudience = { viewerIsManager: true, managerName: "Marcus Bell" };
const them: GapAudience = { viewerIsManager: false, managerName: "Marcus Bell" };

describe("dimension direction", () => {
  it("says which way a dimension's score is good", () => {
    expect(dimensionDirection(true)).toBe("higher is better");
    expect(dimensionDirection(false)).toBe("higher is worse");
    expect(withDirection("Forecast-honesty pressure", false)).toBe("Forecast-honesty pressure (higher is worse)");
    expect(withDirection("Collaboration", true)).toBe("Collaboration (higher is better)");
  });
});

describe("agreement with an item's wording", () => {
  it("turns a reverse-keyed item's score and interval round, and leaves the others as they are", () => {
    const turned = agreementOf({ mean: 5.9, ciLow: 5.5, ciHigh: 6.3 }, true);
    expect(turned.mean).toBeCloseTo(2.1, 12);
    expect(turned.ciLow).toBeCloseTo(1.7, 12);
    expect(turned.ciHigh).toBeCloseTo(2.5, 12);
    expect(agreementOf({ mean: 5.9, ciLow: 5.5, ciHigh: 6.3 }, false)).toEqual({ mean: 5.9, ciLow: 5.5, ciHigh: 6.3 });
    expect(agreementOf({ mean: null, ciLow: null, ciHigh: null }, true)).toEqual({ mean: null, ciLow: null, ciHigh: null });
  });

  it("says whether agreeing is good, for each kind of item of the default bank", () => {
    const direction = (code: string) => {
      const item = DEFAULT_ITEMS.find((i) => i.code === code)!;
      const dimension = DEFAULT_DIMENSIONS.find((d) => d.key === item.dimensionKey)!;
      return agreementDirection(item.reverseKeyed, dimension.higherIsBetter);
    };
    // "I can raise problems…": agreeing is good.
    expect(direction("PS2")).toBe("higher is better");
    // "…it counts against them afterwards": agreeing is bad.
    expect(direction("PS1")).toBe("lower is better");
    // "It is safer to forecast low…" (forecast pressure, higher is worse): agreeing is bad.
    expect(direction("FP1")).toBe("lower is better");
    // "My manager wants my honest best estimate…" (reverse-keyed on forecast pressure): agreeing is good.
    expect(direction("FP6")).toBe("higher is better");
  });

  it("puts agreement in words with its direction", () => {
    expect(describeAgreement(8 - 5.9, true, true)).toBe("agreement 2.1 of 7 — lower is better");
    expect(describeAgreement(5.1, true, false)).toBe("agreement 5.1 of 7 — higher is better");
    expect(describeAgreement(4.25, false, true, 2)).toBe("agreement 4.25 of 7 — higher is better");
  });

  it("turns an item's gap into a difference in agreement", () => {
    expect(agreementGap(1, true)).toBe(-1);
    expect(agreementGap(1, false)).toBe(1);
    expect(agreementGap(null, true)).toBeNull();
  });
});

describe("gap readings in words", () => {
  const safety = { kind: "dimension" as const, name: "Psychological safety", higherIsBetter: true };
  const pressure = { kind: "dimension" as const, name: "Forecast-honesty pressure", higherIsBetter: false };

  it("says what differs on a dimension where higher is better", () => {
    expect(describeGap({ ...safety, reading: "blind-spot", managerScore: 6.5, teamMean: 4.4 }, you)).toEqual({
      category: "Blind spot",
      sentence: "You rate psychological safety higher than your team does.",
    });
    expect(describeGap({ ...safety, reading: "hidden-strength", managerScore: 3, teamMean: 4.4 }, you)).toEqual({
      category: "Hidden strength",
      sentence: "Your team rates psychological safety higher than you do.",
    });
    expect(describeGap({ ...safety, reading: "blind-spot", managerScore: 6.5, teamMean: 4.4 }, them).sentence).toBe(
      "Marcus Bell rates psychological safety higher than the team does.",
    );
    expect(describeGap({ ...safety, reading: "hidden-strength", managerScore: 3, teamMean: 4.4 }, them).sentence).toBe(
      "The team rates psychological safety higher than Marcus Bell does.",
    );
  });

  it("turns the words round where higher is worse: seeing less pressure than the team is the blind spot", () => {
    expect(describeGap({ ...pressure, reading: "blind-spot", managerScore: 2, teamMean: 3 }, you)).toEqual({
      category: "Blind spot",
      sentence: "You see less forecast-honesty pressure than your team feels.",
    });
    expect(describeGap({ ...pressure, reading: "hidden-strength", managerScore: 4, teamMean: 3 }, you)).toEqual({
      category: "Hidden strength",
      sentence: "You see more forecast-honesty pressure than your team feels.",
    });
    expect(describeGap({ ...pressure, reading: "blind-spot", managerScore: 2, teamMean: 3 }, them).sentence).toBe(
      "Marcus Bell sees less forecast-honesty pressure than the team feels.",
    );
  });

  it("reads an item as agreement with its wording and says whether agreeing is the better answer", () => {
    // PS1, reverse-keyed on safety: the manager scored it 7 (answered 1, strongly disagree), the team 4.4.
    expect(describeGap({ kind: "item", reverseKeyed: true, higherIsBetter: true, reading: "blind-spot", managerScore: 7, teamMean: 4.4 }, you)).toEqual({
      category: "Blind spot",
      sentence: "Your team agrees more than you do, and agreeing is the worse answer here.",
    });
    // FP1, forecast pressure: the manager agrees less than the team that it is safer to forecast low.
    expect(describeGap({ kind: "item", reverseKeyed: false, higherIsBetter: false, reading: "blind-spot", managerScore: 2, teamMean: 3 }, you)).toEqual({
      category: "Blind spot",
      sentence: "Your team agrees more than you do, and agreeing is the worse answer here.",
    });
    // FP6, reverse-keyed on forecast pressure: the manager agrees more that they want an honest estimate.
    expect(describeGap({ kind: "item", reverseKeyed: true, higherIsBetter: false, reading: "blind-spot", managerScore: 2, teamMean: 3 }, them)).toEqual({
      category: "Blind spot",
      sentence: "Marcus Bell agrees more than the team does, and agreeing is the better answer here.",
    });
    expect(describeGap({ kind: "item", reverseKeyed: false, higherIsBetter: true, reading: "hidden-strength", managerScore: 3, teamMean: 4.4 }, them)).toEqual({
      category: "Hidden strength",
      sentence: "The team agrees more than Marcus Bell does, and agreeing is the better answer here.",
    });
  });

  it("says so when there is no clear gap or no answer from the manager", () => {
    expect(describeGap({ ...safety, reading: "no-clear-gap", managerScore: 4.5, teamMean: 4.4 }, you)).toEqual({
      category: "No clear gap",
      sentence: "Your score is inside the team's 95% interval.",
    });
    expect(describeGap({ ...safety, reading: "no-clear-gap", managerScore: 4.5, teamMean: 4.4 }, them).sentence).toBe("Marcus Bell's score is inside the team's 95% interval.");
    expect(describeGap({ ...safety, reading: "no-manager-answer", managerScore: null, teamMean: 4.4 }, you)).toEqual({ category: "Not rated", sentence: "You did not rate this." });
    expect(describeGap({ ...safety, reading: "no-manager-answer", managerScore: null, teamMean: 4.4 }, { viewerIsManager: false, managerName: null }).sentence).toBe(
      "The manager did not rate this.",
    );
  });

  it("keeps a name that does not start as a word in capitals as it is", () => {
    expect(describeGap({ kind: "dimension", name: "CRM hygiene", higherIsBetter: true, reading: "blind-spot", managerScore: 6, teamMean: 4 }, you).sentence).toBe(
      "You rate CRM hygiene higher than your team does.",
    );
  });
});
