import { describe, expect, it } from "vitest";
import { DEFAULT_PLAYS } from "~/domain/playbook";
import { detectSignals } from "~/domain/recommendations";
import { saidWithDimensionIn } from "~/services/dimension-names.server";
import { playTextToStore, playTitleSaid } from "~/services/playbook-language.server";
import { sayInEnglish, translatorFor } from "./catalogues.server";
import { said } from "./said";
import { RECOMMENDATION_DIMENSIONS as dims, recommendationTeam as team } from "~/domain/fixtures/recommendation-teams";

// Issue 26: the reasons plays are recommended for (team page, coaching page, the home page's next step) are said
// by key. In English each reads word for word as the domain's sentence; in German and Japanese with the reader's
// numbers, dates and Candor's dimension names.
const quarter = (period: string, values: { winRate?: number; staleShare?: number; knownUpsideShare?: number }) => ({
  period,
  winRate: values.winRate ?? null,
  staleShare: values.staleShare ?? null,
  knownUpsideShare: values.knownUpsideShare ?? null,
});

// Team a: every kind of signal. Teams b–d: peers, so that the lowest-quarter rules apply.
const a = team(
  "a",
  { psychological_safety: 3.62, collaboration: 4.5, forecast_pressure: 4.64 },
  {
    gaps: [{ dimension: "psychological_safety", gap: 1.44, reading: "blind-spot" }],
    crm: [quarter("2026-04-01", { knownUpsideShare: 0.45 }), quarter("2026-07-01", { winRate: 0.12, staleShare: 0.25, knownUpsideShare: 0.32 })],
  },
);
a.scores.psychological_safety!.change = { diff: -0.8, ciLow: -1.3, ciHigh: -0.3 };
a.scores.forecast_pressure!.change = { diff: 0.6, ciLow: 0.2, ciHigh: 1 };
const peers = [
  team("b", { collaboration: 5.5 }, { crm: [quarter("2026-07-01", { winRate: 0.3, staleShare: 0.1 })] }),
  team("c", { collaboration: 5.6 }, { crm: [quarter("2026-07-01", { winRate: 0.35, staleShare: 0.12 })] }),
  team("d", { collaboration: 6, forecast_pressure: 5.2 }, { crm: [quarter("2026-07-01", { winRate: 0.4, staleShare: 0.42 })] }),
];
const all = detectSignals({ dimensions: dims, teams: [a, ...peers] });
const signals = all.get("a")!;
const alone = detectSignals({ dimensions: dims, teams: [a] }).get("a")!;
const dAlone = detectSignals({ dimensions: dims, teams: [peers[2]!] }).get("d")!;
const reasonOf = (list: typeof signals, signal: string, dimension: string | null = null) => list.find((s) => s.signal === signal && s.dimension === dimension)!;

/** A reason as a page in the language says it: Candor's dimension named in the language. */
const sayIn = (locale: "de" | "ja" | "fr", s: (typeof signals)[number]) => translatorFor(locale).say(saidWithDimensionIn(locale)(s.said, s.dimension));

describe("play recommendations' reasons in the reader's language", () => {
  it("read in English word for word as the domain's sentences, for every rule", () => {
    const kinds = new Set([...signals, ...alone, ...all.get("d")!].map((s) => s.signal));
    expect([...kinds].sort()).toEqual(["blind-spot", "falling-dimension", "forecast-bias", "low-dimension", "low-win-rate", "stale-pipeline"]);
    for (const s of [...signals, ...alone, ...all.get("d")!, ...dAlone]) expect(sayInEnglish(s.said)).toBe(s.reason);
    expect(reasonOf(dAlone, "stale-pipeline").reason).toBe("42% of open pipeline had no activity for 14 days or more (quarter from 1 Jul 2026).");
    // The three wordings of a low score, and the signed interval with the true minus sign.
    expect(reasonOf(alone, "low-dimension", "psychological_safety").reason).toBe("Psychological safety is 3.6 of 7, below the scale's midpoint of 4.0.");
    expect(reasonOf(signals, "low-dimension", "collaboration").reason).toBe("Collaboration is 4.5 of 7, in the lowest quarter of the 4 teams shown.");
    expect(reasonOf(all.get("d")!, "low-dimension", "forecast_pressure").reason).toBe(
      "Forecast-honesty pressure is 5.2 of 7: above the scale's midpoint of 4.0 and in the highest quarter of the 4 teams shown.",
    );
    expect(reasonOf(signals, "falling-dimension", "psychological_safety").reason).toBe("Psychological safety fell 0.8 points since the last wave (95% interval −1.3 to −0.3).");
    expect(reasonOf(signals, "falling-dimension", "forecast_pressure").reason).toBe("Forecast-honesty pressure rose 0.6 points since the last wave (95% interval +0.2 to +1.0).");
  });

  it("reads in German with German numbers, dates and dimension names", () => {
    expect(sayIn("de", reasonOf(alone, "low-dimension", "psychological_safety"))).toBe("Psychologische Sicherheit liegt bei 3,6 von 7 und damit unter der Skalenmitte von 4,0.");
    expect(sayIn("de", reasonOf(signals, "low-dimension", "collaboration"))).toBe("Zusammenarbeit liegt bei 4,5 von 7, im untersten Viertel der 4 angezeigten Teams.");
    expect(sayIn("de", reasonOf(all.get("d")!, "low-dimension", "forecast_pressure"))).toBe(
      "Druck auf ehrliche Prognosen liegt bei 5,2 von 7: über der Skalenmitte von 4,0 und im obersten Viertel der 4 angezeigten Teams.",
    );
    expect(sayIn("de", reasonOf(signals, "falling-dimension", "psychological_safety"))).toBe(
      "Psychologische Sicherheit ist seit der letzten Welle um 0,8 Punkte gesunken (95-%-Intervall −1,3 bis −0,3).",
    );
    expect(sayIn("de", reasonOf(signals, "falling-dimension", "forecast_pressure"))).toBe(
      "Druck auf ehrliche Prognosen ist seit der letzten Welle um 0,6 Punkte gestiegen (95-%-Intervall +0,2 bis +1,0).",
    );
    expect(sayIn("de", reasonOf(signals, "blind-spot", "psychological_safety"))).toBe(
      "Die Führungskraft bewertet Psychologische Sicherheit höher als das Team – ein Unterschied von 1,4 Punkten.",
    );
    expect(sayIn("de", reasonOf(dAlone, "stale-pipeline"))).toBe("42\u00a0% der offenen Pipeline waren 14 Tage oder länger ohne Aktivität (Quartal ab 1. Juli 2026).");
    expect(sayIn("de", reasonOf(all.get("d")!, "stale-pipeline"))).toBe(
      "42\u00a0% der offenen Pipeline waren 14 Tage oder länger ohne Aktivität (Quartal ab 1. Juli 2026), im obersten Viertel der 4 Teams mit CRM-Daten.",
    );
    expect(sayIn("de", reasonOf(signals, "forecast-bias", "forecast_pressure"))).toBe(
      "In den Quartalen ab 1. Apr. 2026 und ab 1. Juli 2026 stammten 45\u00a0% bzw. 32\u00a0% des Gewonnenen aus Deals, die zu Quartalsbeginn schon in der Pipeline des Teams waren, aber nicht im Commit standen; Druck auf ehrliche Prognosen liegt dabei bei 4,6 von 7.",
    );
    expect(sayIn("de", reasonOf(signals, "low-win-rate"))).toBe("Die Gewinnquote lag im Quartal ab 1. Juli 2026 bei 12\u00a0%, im untersten Viertel der 4 Teams mit CRM-Daten.");
  });

  it("reads in Japanese", () => {
    expect(sayIn("ja", reasonOf(alone, "low-dimension", "psychological_safety"))).toBe("心理的安全性は7点中3.6点で、尺度の中間点4.0を下回っています。");
    expect(sayIn("ja", reasonOf(signals, "falling-dimension", "psychological_safety"))).toBe("心理的安全性は前回のウェーブから0.8点低下しました（95%区間 −1.3〜−0.3）。");
    expect(sayIn("ja", reasonOf(dAlone, "stale-pipeline"))).toBe("未完了パイプラインの42%で、14日以上活動がありませんでした（2026年7月1日に始まる四半期）。");
    expect(sayIn("ja", reasonOf(signals, "forecast-bias", "forecast_pressure"))).toBe(
      "2026年4月1日と2026年7月1日に始まる四半期では、チームの受注額のそれぞれ45%と32%が、四半期初めにすでにパイプラインにありながらCommitから外されていた案件によるものでした。正直な予測へのプレッシャーは7点中4.6点です。",
    );
    expect(sayIn("ja", reasonOf(signals, "low-win-rate"))).toBe("2026年7月1日に始まる四半期の受注率は12%で、CRMデータのある4チームの下位4分の1に入っています。");
  });

  it("names the dimension inside a reason inside a sentence (the home page's next step) in the language", () => {
    const reason = reasonOf(alone, "low-dimension", "psychological_safety");
    const play = DEFAULT_PLAYS.find((p) => p.key === "bad-news-first")!;
    const step = said("home.nextStep.tryPlay", { play: playTitleSaid({ ...play, source: "candor" }), team: "NA Enterprise", reason: reason.said });
    expect(sayInEnglish(step)).toBe(`Try “${play.title}” with NA Enterprise: ${reason.reason}`);
    expect(translatorFor("de").say(saidWithDimensionIn("de")(step, reason.dimension))).toBe(
      `Probieren Sie „${translatorFor("de").t("play.default.bad-news-first.title")}“ mit NA Enterprise aus: Psychologische Sicherheit liegt bei 3,6 von 7 und damit unter der Skalenmitte von 4,0.`,
    );
  });
});

describe("Candor's plays' titles and edits in the reader's language", () => {
  const play = { ...DEFAULT_PLAYS.find((p) => p.key === "account-notes-handover-test")!, source: "candor" };

  it("says Candor's title by key while it reads as Candor wrote it; the organisation's own title as written", () => {
    expect(sayInEnglish(playTitleSaid(play))).toBe("Account-notes handover test");
    expect(translatorFor("de").say(playTitleSaid(play))).toBe("Übergabetest für Kundennotizen");
    expect(translatorFor("ja").say(playTitleSaid(play))).toBe("顧客メモの引き継ぎテスト");
    expect(playTitleSaid({ ...play, title: "Our notes test" })).toBe("Our notes test");
    expect(playTitleSaid({ ...play, source: "custom" })).toBe(play.title);
  });

  it("keeps Candor's words for the fields an editor sent back as shown in their language, and their own words for the rest", () => {
    const { t } = translatorFor("de");
    const sent = {
      title: t("play.default.account-notes-handover-test.title"),
      summary: t("play.default.account-notes-handover-test.summary"),
      dimensionKeys: ["intel_sharing"],
      managerDoes: `${t("play.default.account-notes-handover-test.managerDoes")}\r\n`,
      cadence: "Alle zwei Wochen, 20 Minuten",
      goodResult: t("play.default.account-notes-handover-test.goodResult"),
    };
    expect(playTextToStore(play, sent, "de")).toEqual({
      title: play.title,
      summary: play.summary,
      dimensionKeys: ["intel_sharing"],
      managerDoes: play.managerDoes,
      cadence: "Alle zwei Wochen, 20 Minuten",
      goodResult: play.goodResult,
    });
    // A field the organisation already reworded is its own: what is sent is stored.
    const reworded = { ...play, summary: "Our own summary of the notes test." };
    expect(playTextToStore(reworded, { summary: "Our own summary of the notes test." }, "de")).toEqual({ summary: "Our own summary of the notes test." });
    expect(playTextToStore({ ...play, source: "custom" }, sent, "de")).toEqual(sent);
  });
});
