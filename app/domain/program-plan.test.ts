import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
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

  it("lists several teams below the minimum in one sentence, the list joined as the reader's language joins one", () => {
    const plan = summarisePlan({ tree, chosen: [{ teamId: "region", includeSubteams: true }], minGroupSize: 7, otherPrograms: [] });
    expect(plan.warnings).toHaveLength(1);
    expect(sayInEnglish(plan.warnings[0]!)).toBe(
      "These teams have fewer reps than the organisation's minimum group of 7, so their own results will never be shown: Small (2 reps) and Other (5 reps). Their answers still count in the results of larger teams above them.",
    );
    expect(translatorFor("de").say(plan.warnings[0]!)).toBe(
      "Diese Teams haben weniger Vertriebsmitarbeitende als die Mindestgruppe der Organisation von 7, daher werden ihre eigenen Ergebnisse nie angezeigt: Small (2 Vertriebspersonen) und Other (5 Vertriebspersonen). Die Antworten zählen trotzdem in den Ergebnissen größerer übergeordneter Teams.",
    );
    expect(translatorFor("ja").say(plan.warnings[0]!)).toBe(
      "これらのチームの営業担当者数は組織の最小グループ（7人）未満のため、チーム自体の結果は表示されません：Small（2人）、Other（5人）。回答は上位の大きなチームの結果には含まれます。",
    );
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
