import { describe, expect, it } from "vitest";
import { agreementTable, measureAgreement } from "./measure";
import { detectLanguage, LEXICONS, tagComment } from "./tagger";
import { THEME_KEYS } from "./taxonomy";

describe("tagComment", () => {
  it("tags themes by stems: recognise, recognised, recognition are one word", () => {
    for (const text of ["I want to be recognised", "Recognition is rare here", "Nobody recognizes the effort"]) expect(tagComment(text).themes).toEqual(["recognition"]);
  });

  it("tags several themes in taxonomy order, and none in a comment about nothing in particular", () => {
    expect(tagComment("The quota is too high and Salesforce is slow").themes).toEqual(["tools-crm", "workload-quota"]);
    expect(tagComment("Nothing to add.")).toEqual({ language: "en", themes: [], sentiment: "neutral" });
  });

  it("negation turns a good word round, in every language written with spaces", () => {
    expect(tagComment("I feel appreciated").sentiment).toBe("positive");
    expect(tagComment("I don't feel appreciated").sentiment).toBe("negative");
    expect(tagComment("Ich fühle mich wertgeschätzt.").sentiment).toBe("positive");
    expect(tagComment("Ich fühle mich nicht wertgeschätzt.").sentiment).toBe("negative");
    // German puts nicht after the verb.
    expect(tagComment("Mein Chef hilft nicht.").sentiment).toBe("negative");
    expect(tagComment("Je me sens reconnu.").sentiment).toBe("positive");
    expect(tagComment("Je ne me sens pas reconnu.").sentiment).toBe("negative");
    expect(tagComment("Me siento valorado por mi jefe.").sentiment).toBe("positive");
    expect(tagComment("No me siento valorado por mi jefe.").sentiment).toBe("negative");
    expect(tagComment("Me sinto valorizado pela empresa.").sentiment).toBe("positive");
    expect(tagComment("Não me sinto valorizado pela empresa.").sentiment).toBe("negative");
  });

  it("a negated bad word is not praise, and a clause that only denies something is a complaint", () => {
    expect(tagComment("The reviews are not bad").sentiment).toBe("neutral");
    expect(tagComment("The integration does not work offline").sentiment).toBe("negative");
  });

  it("Japanese: substrings, with ない / ません after a feeling word turning it round", () => {
    expect(tagComment("上司に評価されて嬉しい")).toEqual({ language: "ja", themes: ["manager-behaviour", "recognition"], sentiment: "positive" });
    expect(tagComment("上司に評価されない").sentiment).toBe("negative");
    expect(tagComment("Salesforceの入力が多すぎる").themes).toEqual(["tools-crm"]);
    expect(tagComment("特にありません。")).toEqual({ language: "ja", themes: [], sentiment: "neutral" });
  });

  it("Arabic: stems inside words with their prefixes, negators before", () => {
    expect(tagComment("أشعر بالتقدير").sentiment).toBe("positive");
    expect(tagComment("لا يوجد تقدير").sentiment).toBe("negative");
    expect(tagComment("والتعاون في الفريق ممتاز").themes).toEqual(["collaboration"]);
  });

  it("a wish or a question is not praise; both feelings joined by 'but' are mixed", () => {
    expect(tagComment("It would be good to have clearer commit rules").sentiment).toBe("neutral");
    expect(tagComment("Could the dashboards be better?").sentiment).toBe("neutral");
    expect(tagComment("Forecast calls are tough but fair").sentiment).toBe("mixed");
  });

  it("sales words in English are found in any language", () => {
    expect(tagComment("Le forecast est imposé").themes).toContain("forecasting");
    expect(tagComment("パイプラインとCRMの話").themes).toEqual(["pipeline-reviews", "tools-crm"]);
  });
});

describe("detectLanguage", () => {
  it("by script for Japanese and Arabic, by small words and letters for the rest", () => {
    expect(detectLanguage("目標が高すぎる")).toBe("ja");
    expect(detectLanguage("الهدف مرتفع")).toBe("ar");
    expect(detectLanguage("The quota is too high")).toBe("en");
    expect(detectLanguage("Die Quote ist zu hoch")).toBe("de");
    expect(detectLanguage("Le quota est trop élevé")).toBe("fr");
    expect(detectLanguage("La cuota es muy alta")).toBe("es");
    expect(detectLanguage("A meta está muito alta")).toBe("pt");
  });
});

describe("the lexicons", () => {
  it("every language has patterns for every theme and both feelings", () => {
    for (const lexicon of Object.values(LEXICONS)) {
      for (const theme of THEME_KEYS) expect(lexicon.themes[theme].length, `${lexicon.language} ${theme}`).toBeGreaterThan(0);
      expect(lexicon.positive.length).toBeGreaterThan(5);
      expect(lexicon.negative.length).toBeGreaterThan(5);
    }
  });
});

describe("measureAgreement", () => {
  it("counts per theme, micro and macro, and sentiment accuracy", () => {
    const a = measureAgreement([
      { expected: { themes: ["forecasting"], sentiment: "negative" }, actual: { themes: ["forecasting", "tools-crm"], sentiment: "negative" } },
      { expected: { themes: ["tools-crm"], sentiment: "positive" }, actual: { themes: [], sentiment: "neutral" } },
    ]);
    expect(a.themes.find((t) => t.theme === "forecasting")).toMatchObject({ precision: 1, recall: 1, support: 1 });
    expect(a.themes.find((t) => t.theme === "tools-crm")).toMatchObject({ precision: 0, recall: 0, truePositives: 0, falsePositives: 1, falseNegatives: 1 });
    expect(a.themes.find((t) => t.theme === "recognition")).toMatchObject({ precision: null, recall: null });
    expect(a.micro).toMatchObject({ precision: 0.5, recall: 0.5 });
    expect(a.macro).toMatchObject({ precision: 0.5, recall: 0.5 });
    expect(a.sentimentAccuracy).toBe(0.5);
    expect(a.sentimentConfusion.positive.neutral).toBe(1);
    expect(agreementTable("t", a)).toContain("| micro | | 50.0% | 50.0% |");
  });
});
