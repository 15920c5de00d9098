import { describe, expect, it } from "vitest";
import { driverAnalysis, type DriverAnalysis, type DriverRow } from "~/domain/drivers";
import { InputError } from "~/domain/errors";
import { retentionDeletedWords } from "~/domain/retention";
import { attitude } from "~/domain/statistics/fixtures/r-datasets";
import { parseDriversQuery } from "~/services/drivers.server";
import { sayInEnglish, translatorFor } from "./catalogues.server";

// Issue 26: why the drivers page has no weights (too few answers, a question nobody answered differently),
// why a pulse's comments or drivers are gone (retention, with its date), and a refusal of the page's
// options, said by key: English word for word as before, German and Japanese with their own numbers and dates.

const names = ["complaints", "privileges", "learning", "raises", "critical", "advance"];
const predictors = names.map((key) => ({ key, label: key }));
const rows: DriverRow[] = attitude.map((r, i) => ({ cluster: `team-${String(Math.floor(i / 3)).padStart(2, "0")}`, predictors: r.slice(1, 7), criterion: r[0]! }));
const failed = (a: DriverAnalysis) => {
  if (a.ok) throw new Error("expected no weights");
  return a;
};

const cases = {
  nothing: failed(driverAnalysis({ rows, predictors: [], minRows: 30, rowWords: "answers" })),
  oneTeam: failed(driverAnalysis({ rows: rows.map((r) => ({ ...r, cluster: "one" })), predictors, minRows: 30, rowWords: "answers" })),
  teamPeriods: failed(
    driverAnalysis({
      rows: rows.slice(0, 12).map((r) => ({ ...r, predictors: r.predictors.slice(0, 1) })),
      predictors: predictors.slice(0, 1),
      minRows: 1234,
      rowWords: "team-periods",
      predictorNoun: "dimension",
    }),
  ),
  constantCriterion: failed(driverAnalysis({ rows: rows.map((r) => ({ ...r, criterion: 5 })), predictors, minRows: 30, rowWords: "answers" })),
  collinear: failed(
    driverAnalysis({
      rows: rows.map((r) => ({ ...r, predictors: [r.predictors[0]!, r.predictors[1]!, r.predictors[0]! + r.predictors[1]!] })),
      predictors: predictors.slice(0, 3),
      minRows: 30,
      rowWords: "answers",
    }),
  ),
  flat: failed(driverAnalysis({ rows: rows.map((r) => ({ ...r, predictors: [r.predictors[0]!, 3] })), predictors: predictors.slice(0, 2), minRows: 30, rowWords: "answers" })),
};
const deletedOn = new Date("2026-03-01T03:00:00Z");

describe("the drivers page's reasons in the reader's language", () => {
  it("read in English exactly as the analysis's own sentences", () => {
    for (const [name, a] of Object.entries(cases)) expect(sayInEnglish(a.said), name).toBe(a.reason);
    expect(cases.teamPeriods.reason).toBe("Not enough team-periods to say: 12 complete team-periods from 4 teams; at least 1234 from 8 teams are needed to weigh 1 dimension.");
    expect(cases.flat.predictor).toEqual({ key: "privileges", label: "privileges" });
  });

  it("read in German, with German numbers", () => {
    const { say } = translatorFor("de");
    expect(say(cases.oneTeam.said)).toBe(
      "Nicht genug Antworten für eine Aussage: 30 vollständige Antworten aus 1 Team; um 6 Fragen zu gewichten, sind mindestens 30 aus 8 Teams nötig.",
    );
    expect(say(cases.teamPeriods.said)).toBe(
      "Nicht genug Team-Perioden für eine Aussage: 12 vollständige Team-Perioden aus 4 Teams; um 1 Dimension zu gewichten, sind mindestens 1.234 aus 8 Teams nötig.",
    );
    expect(say(cases.flat.said)).toBe("Eine davon („privileges“) variiert überhaupt nicht und kann daher nicht gewichtet werden.");
    expect(say(cases.nothing.said)).toBe("Es gibt nichts zu gewichten: keine Fragen mit Antworten.");
  });

  it("read in Japanese", () => {
    const { say } = translatorFor("ja");
    expect(say(cases.oneTeam.said)).toBe("判断するには回答が足りません。1チームの完全な回答は30件で、6個の質問を重み付けするには8チームから少なくとも30件が必要です。");
    expect(say(cases.teamPeriods.said)).toBe(
      "判断するにはチーム×期間が足りません。4チームの完全なチーム×期間は12件で、1個のディメンションを重み付けするには8チームから少なくとも1,234件が必要です。",
    );
    expect(say(cases.collinear.said)).toBe("いくつかが完全に連動している（1つが他から完全に予測できる）ため、説明する分をそれぞれに配分できません。");
  });
});

describe("retention's note in the reader's language, its date in their style", () => {
  it("reads in English word for word as before", () => {
    expect(sayInEnglish(retentionDeletedWords(deletedOn, "comments"))).toBe(
      "This pulse's individual answers were deleted on 1 Mar 2026 under the organisation's retention setting, so its comments are gone. Its scores stay as published.",
    );
    expect(sayInEnglish(retentionDeletedWords(deletedOn, "drivers"))).toBe(
      "This pulse's individual answers were deleted on 1 Mar 2026 under the organisation's retention setting, so its drivers can no longer be worked out. Its scores stay as published.",
    );
  });

  it("reads in German and Japanese", () => {
    expect(translatorFor("de").say(retentionDeletedWords(deletedOn, "comments"))).toBe(
      "Die einzelnen Antworten dieses Pulses wurden am 1. März 2026 gemäß der Aufbewahrungseinstellung der Organisation gelöscht, daher sind seine Kommentare nicht mehr vorhanden. Seine Werte bleiben wie veröffentlicht.",
    );
    expect(translatorFor("ja").say(retentionDeletedWords(deletedOn, "drivers"))).toBe(
      "このパルスの個々の回答は、組織の保存期間の設定により2026年3月1日に削除されたため、ドライバーはもう算出できません。スコアは公開されたまま残ります。",
    );
  });
});

describe("a refusal of the drivers page's options", () => {
  const refusal = (query: string) => {
    try {
      parseDriversQuery(new URLSearchParams(query));
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("names each bad option at its field, in English", () => {
    const error = refusal("lag=9&metric=profit&level=people&period=week&wave=abc");
    expect(sayInEnglish(error.message)).toBe("5 of this page's options are not valid: the fields marked below say what to choose instead.");
    expect(Object.fromEntries(Object.entries(error.fieldErrors).map(([field, text]) => [field, sayInEnglish(text)]))).toEqual({
      wave: "Pick one of the listed waves.",
      level: 'Choose "Each question" or "Each dimension".',
      metric: "Choose one of the listed metrics.",
      lag: "Choose the same period, or one to three periods later.",
      period: "Choose calendar quarters, months or fiscal quarters.",
    });
    expect(sayInEnglish(refusal("lag=1.5").message)).toBe("One of this page's options is not valid: the field marked below says what to choose instead.");
  });

  it("and in German and Japanese", () => {
    const error = refusal("lag=9&metric=profit");
    const de = translatorFor("de");
    expect(de.say(error.message)).toBe("2 Optionen dieser Seite sind ungültig: Die markierten Felder unten nennen, was Sie stattdessen wählen können.");
    expect(de.say(error.fieldErrors.lag!)).toBe("Wählen Sie denselben Zeitraum oder einen bis drei Zeiträume später.");
    expect(de.say(error.fieldErrors.metric!)).toBe("Wählen Sie eine der aufgeführten Kennzahlen.");
    const ja = translatorFor("ja");
    expect(ja.say(error.message)).toBe("このページの設定のうち2件が正しくありません。印の付いた下の項目に、代わりに選ぶものを示しています。");
    expect(ja.say(error.fieldErrors.lag!)).toBe("同じ期間か、1〜3期間後を選んでください。");
  });
});
