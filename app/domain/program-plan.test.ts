import { describe, expect, it } from "vitest";
import { sayInEnglish } from "~/i18n/catalogues.server";
import { plural } from "./plural";
import { summarisePlan, type PlanTeam } from "./program-plan";

// Region (no reps of its own) > Big (6 reps) > Small (2 reps); Region > Other (5 reps).
const tree: PlanTeam[] = [
  { id: "region", name: "Region", parentId: null, reps: 0 },
  { id: "big", name: "Big", parentId: "region", reps: 6 },
  { id: "small", name: "Small", parentId: "big", reps: 2 },
  { id: "other", name: "Other", parentId: "region", reps: 5 },
];

describe("a program's plan", () => {
  it("counts the reps of the chosen teams and those inside them, and each asked group with its sub-teams", () => {
    const plan = summarisePlan({ tree, chosen: [{ teamId: "region", includeSubteams: true }], minGroupSize: 5, otherPrograms: [] });
    expect(plan.reps).toBe(13);
    expect(plan.groups).toEqual([
      { id: "region", name: "Region", reps: 13 },
      { id: "big", name: "Big", reps: 8 },
      { id: "small", name: "Small", reps: 2 },
      { id: "other", name: "Other", reps: 5 },
    ]);
    expect(plan.warnings.map(sayInEnglish)).toEqual([
      "This team has fewer reps than the organisation's minimum group of 5, so its own results will never be shown: Small (2 reps). Their answers still count in the results of larger teams above them.",
    ]);
  });

  it("without sub-teams asks only the chosen team, and warns about a group of none", () => {
    const plan = summarisePlan({ tree, chosen: [{ teamId: "region", includeSubteams: false }], minGroupSize: 5, otherPrograms: [] });
    expect(plan).toMatchObject({ reps: 0, groups: [{ id: "region", reps: 0 }] });
    expect(sayInEnglish(plan.warnings[0]!)).toContain("Region (0 reps)");
  });

  it("says how many of the reps another running program already asks", () => {
    const some = summarisePlan({
      tree,
      chosen: [{ teamId: "big", includeSubteams: true }],
      minGroupSize: 2,
      otherPrograms: [{ name: "Pulse", teams: [{ teamId: "small", includeSubteams: true }] }],
    });
    expect(some.warnings.map(sayInEnglish)).toEqual(["2 of the 8 reps asked are already asked by “Pulse”, which is running: they will get both pulses."]);
    const all = summarisePlan({
      tree,
      chosen: [{ teamId: "other", includeSubteams: true }],
      minGroupSize: 2,
      otherPrograms: [{ name: "Pulse", teams: [{ teamId: "region", includeSubteams: true }] }],
    });
    expect(all.warnings.map(sayInEnglish)).toEqual(["All 5 reps asked are already asked by “Pulse”, which is running: they will get both pulses."]);
    const none = summarisePlan({
      tree,
      chosen: [{ teamId: "other", includeSubteams: true }],
      minGroupSize: 2,
      otherPrograms: [{ name: "Pulse", teams: [{ teamId: "big", includeSubteams: true }] }],
    });
    expect(none.warnings).toEqual([]);
  });

  it("ignores unknown teams", () => {
    expect(summarisePlan({ tree, chosen: [{ teamId: "gone", includeSubteams: true }], minGroupSize: 5, otherPrograms: [] })).toEqual({ reps: 0, groups: [], warnings: [] });
  });
});

describe("plural", () => {
  it("puts the noun in the right number", () => {
    expect([plural(0, "valid row"), plural(1, "valid row"), plural(2, "valid row"), plural(1, "person", "people"), plural(12, "person", "people"), plural(1500, "deal")]).toEqual([
      "0 valid rows",
      "1 valid row",
      "2 valid rows",
      "1 person",
      "12 people",
      "1,500 deals",
    ]);
  });
});
