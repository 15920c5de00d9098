import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
import {
  ACTION_PLAN_STATUS_KEYS,
  ACTION_PLAN_STATUS_LABELS,
  actionPlanInputSchema,
  DISCUSSION_QUESTION_KEYS,
  GENERAL_QUESTION_KEYS,
  ActionPlanUpdateSchema,
  chooseFocus,
  DISCUSSION_QUESTIONS,
  discussionQuestions,
  favourability,
  GENERAL_QUESTIONS,
  isFalling,
  type DimensionResult,
} from "./conversation-guide";

const dim = (key: string, mean: number | null, extra: Partial<DimensionResult> = {}): DimensionResult => ({
  key,
  name: key.toUpperCase(),
  higherIsBetter: key !== "forecast_pressure",
  mean,
  change: null,
  ...extra,
});
const keys = (result: ReturnType<typeof chooseFocus>) => result.map((f) => f.dimension.key);

describe("favourability and falls", () => {
  it("turns a higher-is-worse score around the middle of the 1–7 scale", () => {
    expect(favourability({ mean: 5.5, higherIsBetter: false })).toBe(2.5);
    expect(favourability({ mean: 5.5, higherIsBetter: true })).toBe(5.5);
  });

  it("calls a change a fall only when its whole interval is on the worsening side", () => {
    expect(isFalling({ higherIsBetter: true, change: { diff: -0.6, ciLow: -1.1, ciHigh: -0.1 } })).toBe(true);
    expect(isFalling({ higherIsBetter: true, change: { diff: -0.6, ciLow: -1.3, ciHigh: 0.1 } })).toBe(false);
    expect(isFalling({ higherIsBetter: true, change: { diff: 0.6, ciLow: 0.1, ciHigh: 1.1 } })).toBe(false);
    // Forecast pressure: a clear rise is the fall.
    expect(isFalling({ higherIsBetter: false, change: { diff: 0.6, ciLow: 0.1, ciHigh: 1.1 } })).toBe(true);
    expect(isFalling({ higherIsBetter: false, change: { diff: -0.6, ciLow: -1.1, ciHigh: -0.1 } })).toBe(false);
    expect(isFalling({ higherIsBetter: true, change: null })).toBe(false);
  });
});

describe("choosing the focus dimensions", () => {
  it("takes the two lowest shown scores when nothing clearly fell", () => {
    const focus = chooseFocus([dim("psychological_safety", 5.1), dim("collaboration", 3.94), dim("intel_sharing", 4.2), dim("forecast_pressure", 3.0)]);
    // Forecast pressure 3.0 turns into 5.0 on the favourable side: not among the weakest.
    expect(keys(focus)).toEqual(["collaboration", "intel_sharing"]);
    expect(focus[0]!.reason).toBe("lowest score of your team: 3.9 of 7");
    expect(focus[0]!.signals).toEqual(["lowest"]);
    expect(focus[1]!.reason).toBe("next-lowest score of your team: 4.2 of 7");
    expect(focus[1]!.signals).toEqual(["next-lowest"]);
    expect(focus[0]!.dimension).toEqual({ key: "collaboration", name: "COLLABORATION", higherIsBetter: true, mean: 3.94 });
  });

  it("treats the highest forecast pressure as the weakest score", () => {
    const focus = chooseFocus([dim("psychological_safety", 4.5), dim("collaboration", 5.0), dim("forecast_pressure", 5.6)]);
    // 5.6 of pressure ranks as 2.4: weaker than safety's 4.5.
    expect(keys(focus)).toEqual(["forecast_pressure", "psychological_safety"]);
    expect(focus[0]!.reason).toBe("weakest score of your team: 5.6 of 7 (higher means worse here)");
  });

  it("gives the second place to a clear fall over the next-lowest score", () => {
    const focus = chooseFocus([dim("psychological_safety", 6.1, { change: { diff: -0.62, ciLow: -1.0, ciHigh: -0.2 } }), dim("collaboration", 3.9), dim("intel_sharing", 4.0)]);
    expect(keys(focus)).toEqual(["collaboration", "psychological_safety"]);
    expect(focus[1]!.reason).toBe("fell 0.6 since the last wave");
    expect(focus[1]!.signals).toEqual(["falling"]);
  });

  it("says both when the lowest score also fell, and takes the larger of two other falls", () => {
    const focus = chooseFocus([
      dim("psychological_safety", 3.2, { change: { diff: -0.8, ciLow: -1.4, ciHigh: -0.2 } }),
      dim("collaboration", 5.5, { change: { diff: -0.3, ciLow: -0.5, ciHigh: -0.1 } }),
      dim("intel_sharing", 5.0),
      dim("forecast_pressure", 3.5, { change: { diff: 0.9, ciLow: 0.3, ciHigh: 1.5 } }),
    ]);
    expect(keys(focus)).toEqual(["psychological_safety", "forecast_pressure"]);
    expect(focus[0]!.reason).toBe("lowest score of your team: 3.2 of 7, and fell 0.8 since the last wave");
    expect(focus[0]!.signals).toEqual(["lowest", "falling"]);
    expect(focus[1]!.reason).toBe("rose 0.9 since the last wave, which is worse here");
  });

  it("does not call a change whose interval crosses zero a fall", () => {
    const focus = chooseFocus([dim("psychological_safety", 6.0, { change: { diff: -0.9, ciLow: -2.0, ciHigh: 0.2 } }), dim("collaboration", 3.9), dim("intel_sharing", 4.4)]);
    expect(keys(focus)).toEqual(["collaboration", "intel_sharing"]);
  });

  it("breaks ties at the shown precision by the instrument's order, and says they are joint", () => {
    // 4.04 and 3.96 both read 4.0; forecast pressure 4.0 turns into 4.0 as well.
    const focus = chooseFocus([dim("psychological_safety", 5.0), dim("collaboration", 4.04), dim("intel_sharing", 3.96), dim("forecast_pressure", 4.0)]);
    expect(keys(focus)).toEqual(["collaboration", "intel_sharing"]);
    expect(focus[0]!.reason).toBe("joint lowest score of your team: 4.0 of 7");
    expect(focus[1]!.reason).toBe("joint lowest score of your team: 4.0 of 7");
  });

  it("never chooses a hidden dimension, however low its score might be", () => {
    const focus = chooseFocus([
      dim("psychological_safety", null, { change: { diff: -2, ciLow: -3, ciHigh: -1 } }),
      dim("collaboration", 5.2),
      dim("intel_sharing", null),
      dim("forecast_pressure", 3.1),
    ]);
    // Pressure 3.1 ranks as 4.9, below collaboration's 5.2.
    expect(keys(focus)).toEqual(["forecast_pressure", "collaboration"]);
  });

  it("chooses nothing when every dimension is hidden, or none is given", () => {
    expect(chooseFocus([dim("psychological_safety", null), dim("collaboration", null), dim("forecast_pressure", null)])).toEqual([]);
    expect(chooseFocus([])).toEqual([]);
  });

  it("says so when only one score is shown", () => {
    const focus = chooseFocus([dim("psychological_safety", null), dim("collaboration", 4.56)]);
    expect(keys(focus)).toEqual(["collaboration"]);
    expect(focus[0]!.reason).toBe("the only score shown for your team: 4.6 of 7");
  });

  it("takes at most the number asked for", () => {
    expect(keys(chooseFocus([dim("psychological_safety", 3), dim("collaboration", 2)], 1))).toEqual(["collaboration"]);
  });
});

describe("discussion questions", () => {
  it("has three or four questions for every dimension of the default item bank", () => {
    for (const key of ["psychological_safety", "collaboration", "intel_sharing", "forecast_pressure", "psychological_safety_edmondson"]) {
      const questions = DISCUSSION_QUESTIONS[key]!;
      expect(questions.length).toBeGreaterThanOrEqual(3);
      expect(questions.length).toBeLessThanOrEqual(4);
      for (const q of questions) expect(q).toMatch(/\?$/);
    }
    expect(discussionQuestions("forecast_pressure")).toContain("When did someone last move a deal's close date because of pressure rather than what the buyer said?");
  });

  it("falls back to general questions for a dimension without its own", () => {
    expect(discussionQuestions("customer_focus")).toEqual(GENERAL_QUESTIONS);
  });
});

describe("the guide's words in the catalogue (issue 26)", () => {
  const en = translatorFor("en");
  const de = translatorFor("de");

  it("has every question word for word in English, by key, in the same order", () => {
    for (const [dimension, questions] of Object.entries(DISCUSSION_QUESTIONS)) expect(DISCUSSION_QUESTION_KEYS[dimension]!.map((k) => en.t(k))).toEqual(questions);
    expect(GENERAL_QUESTION_KEYS.map((k) => en.t(k))).toEqual(GENERAL_QUESTIONS);
    for (const [status, label] of Object.entries(ACTION_PLAN_STATUS_LABELS)) expect(en.t(ACTION_PLAN_STATUS_KEYS[status as keyof typeof ACTION_PLAN_STATUS_KEYS])).toBe(label);
    expect(chooseFocus([dim("customer_focus", 3)])[0]!.questionKeys).toEqual([...GENERAL_QUESTION_KEYS]);
  });

  it("says each reason as the English reason, part by part, and in German", () => {
    const cases = [
      chooseFocus([dim("psychological_safety", 5.1), dim("collaboration", 3.94), dim("intel_sharing", 4.2)]),
      chooseFocus([dim("psychological_safety", 4.5), dim("forecast_pressure", 5.6)]),
      chooseFocus([
        dim("psychological_safety", 3.2, { change: { diff: -0.8, ciLow: -1.3, ciHigh: -0.3 } }),
        dim("forecast_pressure", 4.0, { change: { diff: 0.9, ciLow: 0.4, ciHigh: 1.4 } }),
      ]),
      chooseFocus([dim("psychological_safety", 4.04), dim("collaboration", 3.96)]),
      chooseFocus([dim("psychological_safety", null), dim("collaboration", 4.56)]),
      chooseFocus([dim("psychological_safety", 6.0, { change: { diff: -0.02, ciLow: -0.03, ciHigh: -0.01 } }), dim("collaboration", 3.9)]),
    ].flat();
    for (const focus of cases) expect(focus.reasonSaid.map(sayInEnglish).reduce((first, second) => en.t("guide.and", { first, second }))).toBe(focus.reason);
    const [lowest, falling] = cases.slice(4, 6);
    expect(de.say(lowest!.reasonSaid[0]!)).toBe("niedrigster Wert Ihres Teams: 3,2 von 7");
    expect(de.say(falling!.reasonSaid[0]!)).toBe("seit der letzten Welle um 0,9 gestiegen, was hier schlechter ist");
    expect(de.t(DISCUSSION_QUESTION_KEYS.forecast_pressure![0]!)).toBe(
      "Wann hat zuletzt jemand das Abschlussdatum eines Deals wegen Druck verschoben statt wegen dessen, was der Käufer gesagt hat?",
    );
  });
});

describe("action plan input", () => {
  const schema = actionPlanInputSchema({ today: "2026-09-14", dimensionKeys: ["psychological_safety", "forecast_pressure"] });
  const valid = { dimensionKey: "forecast_pressure", action: "  Forecast call: ask for the buyer's words behind every date change.  ", owner: "Mia", reviewOn: "2026-10-15" };

  it("accepts a plan and trims its text", () => {
    expect(schema.parse(valid)).toEqual({ ...valid, action: "Forecast call: ask for the buyer's words behind every date change." });
  });

  it("names every field that needs fixing", () => {
    const result = schema.safeParse({ dimensionKey: "win_rate", action: "ab", owner: " ", reviewOn: "2026-09-14" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toEqual({
      dimensionKey: "Choose what the action is about",
      action: "Describe the action in at least 3 characters",
      owner: "Name who owns the action",
      reviewOn: "Pick a date after today (2026-09-14)",
    });
  });

  it("rejects impossible dates, over-long text and missing fields", () => {
    const issues = (input: Record<string, unknown>) => schema.safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(issues({ ...valid, reviewOn: "2026-02-30" })).toEqual(["reviewOn"]);
    expect(issues({ ...valid, reviewOn: "15/10/2026" })).toEqual(["reviewOn"]);
    expect(issues({ ...valid, action: "x".repeat(501) })).toEqual(["action"]);
    expect(issues({ ...valid, owner: "x".repeat(101) })).toEqual(["owner"]);
    expect(issues({})).toEqual(["dimensionKey", "action", "owner", "reviewOn"]);
    expect(issues({ ...valid, action: "x".repeat(500), owner: "x".repeat(100), reviewOn: "2026-09-15" })).toEqual([]);
  });

  it("accepts a status change with an optional note", () => {
    expect(ActionPlanUpdateSchema.parse({ status: "done", outcomeNote: " Slips are called a week earlier now. " })).toEqual({
      status: "done",
      outcomeNote: "Slips are called a week earlier now.",
    });
    expect(ActionPlanUpdateSchema.parse({ status: "dropped", outcomeNote: "" })).toEqual({ status: "dropped", outcomeNote: null });
    expect(ActionPlanUpdateSchema.safeParse({ status: "closed" }).success).toBe(false);
  });
});
