import { describe, expect, it } from "vitest";
import { differenceInDifferences, preTrendCheck, type PanelRow } from "~/domain/impact";
import { translatorFor } from "~/i18n/catalogues.server";
import { impactReadings } from "./impact-readings";

// Issue 26: a training's readings in the page's language, worded from the analysis's numbers. The English
// messages say word for word what app/domain/impact.ts writes, so the two cannot drift apart unnoticed.

const panel = (team: string, before: number, change: number, slope = 0): PanelRow[] => [
  { team, period: "w1", value: before - 0.1 - slope },
  { team, period: "w2", value: before + 0.1 },
  { team, period: "w3", value: before + change - 0.2 },
  { team, period: "w4", value: before + change + 0.2 },
];
const rows = [
  ...panel("t1", 4.0, 1.0),
  ...panel("t2", 3.8, 0.8, 0.05),
  ...panel("t3", 4.4, 0.6),
  ...panel("c1", 4.1, 0.1, 0.02),
  ...panel("c2", 3.9, -0.1),
  ...panel("c3", 4.5, 0.3, 0.04),
  ...panel("c4", 5.5, 0.1),
];
// Trained teams already rising fast before the training: the pre-trend check says they were not parallel.
rows.push(...panel("s1", 4.0, 1.0, 0.8), ...panel("s2", 3.8, 0.8, 0.9), ...panel("s3", 4.4, 0.6, 0.7), ...panel("s4", 4.1, 0.1, -0.41), ...panel("s5", 3.9, -0.1, -0.39));
const isAfter = (period: string) => period >= "w3";
const periodIndex = (period: string) => Number(period.slice(1));

function outcome(treated: string[], control: string[], label: string) {
  const args = { rows, treated, control, isAfter, label };
  return {
    label,
    kind: "culture" as const,
    result: differenceInDifferences({ ...args, higherIsBetter: true }),
    preTrend: preTrendCheck({ ...args, periodIndex, unit: "wave" }),
  };
}

const cases = {
  improved: outcome(["t1", "t2", "t3"], ["c1", "c2", "c3", "c4"], "psychological safety"),
  unclear: outcome(["t1", "c2"], ["c1", "t3"], "collaboration"),
  tooFew: outcome(["t1"], ["c1", "c2"], "collaboration"),
  notParallel: outcome(["s1", "s2", "s3"], ["c1", "c2", "c3", "c4"], "collaboration"),
  opposite: outcome(["s1", "s2", "s3"], ["s4", "s5"], "collaboration"),
};

describe("a training's readings in the page's language", () => {
  it("in English, are exactly the analysis's sentences", () => {
    const { t } = translatorFor("en");
    for (const [name, o] of Object.entries(cases)) {
      const words = impactReadings(t, "en", o);
      expect(words.did, name).toBe(o.result.text);
      expect(words.pre, name).toBe(o.preTrend.text);
    }
    expect(cases.improved.result.verdict).toBe("improved");
    expect(cases.unclear.result.verdict).toBe("no-clear-difference");
    expect(cases.tooFew.result.verdict).toBe("too-little-data");
    expect(cases.notParallel.preTrend.verdict).toBe("not-parallel");
    expect(cases.opposite.preTrend.text).toContain("rising while the comparison teams' was falling");
  });

  it("in German, in German words with German numbers", () => {
    const { t } = translatorFor("de");
    const improved = impactReadings(t, "de", { ...cases.improved, label: "Psychologische Sicherheit" });
    expect(improved.did).toMatch(/^Psychologische Sicherheit hat sich in den Teams der trainierten Führungskräfte verbessert: \+0,7 im Vergleich/);
    expect(improved.did).toContain("95-%-Intervall +0,3 bis +1,1, 3 trainierte und 4 Vergleichsteams");
    expect(impactReadings(t, "de", { ...cases.unclear, label: "Zusammenarbeit" }).did).toMatch(/^Kein klarer Unterschied bei Zusammenarbeit/);
    expect(impactReadings(t, "de", { ...cases.tooFew, label: "Zusammenarbeit" }).did).toBe(
      "Zu wenige Daten für eine Aussage zu Zusammenarbeit: 1 trainierte und 2 Vergleichsteams haben Ergebnisse vorher und nachher; nötig sind jeweils mindestens 2.",
    );
  });
});
