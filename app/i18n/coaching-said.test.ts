import { describe, expect, it } from "vitest";
import { blindSpotSaid, blindSpotSentence, coachingPriorities, type CoachingTeamScores } from "~/domain/coaching";
import { saidWithDimensionIn } from "~/services/dimension-names.server";
import { sayInEnglish, translatorFor } from "./catalogues.server";

// Issue 26: the coaching page says each reason by key; in English it must read word for word as the
// domain's own sentence (which tests, the API and exports keep), in German with German numbers.
const dims = [
  { key: "psychological_safety", name: "Psychological safety", higherIsBetter: true },
  { key: "forecast_pressure", name: "Forecast-honesty pressure", higherIsBetter: false },
];
type Change = CoachingTeamScores["scores"][string]["change"];
const team = (id: string, ps: number | null, fp: number | null, change: Change = null, fpChange: Change = null): CoachingTeamScores => ({
  id,
  name: `Team ${id}`,
  scores: { psychological_safety: { mean: ps, change }, forecast_pressure: { mean: fp, change: fpChange } },
});

const result = coachingPriorities({
  dimensions: dims,
  teams: [
    team("a", 3.24, 5.87, { diff: -0.84, ciLow: -1.3, ciHigh: -0.3 }, { diff: 1.05, ciLow: 0.4, ciHigh: 1.6 }),
    team("b", 5.5, 3.0),
    team("c", 5.8, 3.2),
    team("d", 6.0, 2.5),
  ],
  gaps: [{ teamId: "a", dimension: "psychological_safety", gap: 2.1, reading: "blind-spot" }],
  crm: [
    { teamId: "a", winRate: 0.123, staleShare: 0.4 },
    { teamId: "b", winRate: 0.3, staleShare: 0.2 },
    { teamId: "c", winRate: 0.35, staleShare: 0.1 },
    { teamId: "d", winRate: 0.4, staleShare: 0.15 },
  ],
});
const reasons = result[0]!.reasons;

describe("coaching reasons in the reader's language", () => {
  it("reads in English exactly as the domain's sentence and badge", () => {
    expect(reasons.map((r) => r.kind)).toEqual(["low", "falling", "low", "falling", "gap", "crm"]);
    for (const r of reasons) {
      expect(sayInEnglish(r.said)).toBe(r.text);
      expect(sayInEnglish(r.saidBadge)).toBe(r.badge);
    }
  });

  it("reads in German with German numbers", () => {
    const { say } = translatorFor("de");
    expect(say(reasons[0]!.said)).toBe("Psychological safety (höher ist besser): 3,2 von 7, im untersten Viertel der Teams.");
    expect(say(reasons[3]!.said)).toBe("Forecast-honesty pressure (höher ist schlechter) ist seit der letzten Welle um 1,1 Punkte gestiegen, mehr als der Zufall erklären würde.");
    expect(say(reasons[5]!.said)).toBe("Niedriger Wert bei psychological safety zusammen mit einer Gewinnquote von 12\u00a0%, im untersten Viertel.");
    expect(say(reasons[1]!.saidBadge)).toBe("Fallend");
    expect(say(reasons[2]!.saidBadge)).toBe("Hoch: pressure");
  });

  it("names Candor's dimensions in the reader's language on the page", () => {
    const { say } = translatorFor("de");
    const inGerman = saidWithDimensionIn("de");
    expect(say(inGerman(reasons[0]!.said, reasons[0]!.dimension))).toBe("Psychologische Sicherheit (höher ist besser): 3,2 von 7, im untersten Viertel der Teams.");
    expect(say(inGerman(reasons[2]!.saidBadge, reasons[2]!.dimension))).toBe("Hoch: Druck auf ehrliche Prognosen");
    expect(say(inGerman(reasons[5]!.said, reasons[5]!.dimension))).toBe(
      "Niedriger Wert bei Psychologische Sicherheit zusammen mit einer Gewinnquote von 12\u00a0%, im untersten Viertel.",
    );
    // English stays as the domain wrote it; a sentence that is not said passes through.
    expect(saidWithDimensionIn("en")(reasons[0]!.said, reasons[0]!.dimension)).toBe(reasons[0]!.said);
    expect(inGerman(reasons[4]!.text, reasons[4]!.dimension)).toBe(reasons[4]!.text);
  });

  it("says a manager's blind spot with its size in German and Japanese", () => {
    expect(reasons[4]!.text).toBe("The manager rates psychological safety higher than the team does, by 2.1 points.");
    const { say } = translatorFor("de");
    expect(say(saidWithDimensionIn("de")(reasons[4]!.said, reasons[4]!.dimension))).toBe(
      "Die Führungskraft bewertet Psychologische Sicherheit höher als das Team – ein Unterschied von 2,1 Punkten.",
    );
    expect(translatorFor("ja").say(saidWithDimensionIn("ja")(reasons[4]!.said, reasons[4]!.dimension))).toBe("マネージャーは心理的安全性をチームより2.1点高く評価しています。");
    // Where higher is worse the manager sees less of it than the team feels; French lower-cases the name inside the sentence.
    const pressure = dims[1]!;
    expect(sayInEnglish(blindSpotSaid(pressure, -2.64))).toBe(blindSpotSentence(pressure, -2.64));
    expect(sayInEnglish(blindSpotSaid(pressure, -2.64))).toBe("The manager sees less forecast-honesty pressure than the team feels, by 2.6 points.");
    expect(say(saidWithDimensionIn("de")(blindSpotSaid(pressure, -2.64), pressure.key))).toBe(
      "Die Führungskraft sieht weniger Druck auf ehrliche Prognosen, als das Team empfindet – ein Unterschied von 2,6 Punkten.",
    );
    expect(translatorFor("fr").say(saidWithDimensionIn("fr")(blindSpotSaid(pressure, -2.64), pressure.key))).toBe(
      "Le manager perçoit moins de pression contre des prévisions honnêtes que l’équipe n’en ressent, avec un écart de 2,6 points.",
    );
  });

  it("reads the lowest-quarter reason (enablement's home shows it) in Japanese", () => {
    expect(translatorFor("ja").say(saidWithDimensionIn("ja")(reasons[0]!.said, reasons[0]!.dimension))).toBe(
      "心理的安全性（高いほど良い）：7点中3.2点で、チームの下位4分の1に入っています。",
    );
  });
});
