import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "~/i18n/catalogues.server";
import { parseAnswers as parseAnswersSaid } from "./answers";

// The messages are said (app/i18n/said.ts); these read them as the English page, the API and the CLI do.
function parseAnswers(...args: Parameters<typeof parseAnswersSaid>) {
  const parsed = parseAnswersSaid(...args);
  if (parsed.ok) return parsed;
  return { ...parsed, formError: sayInEnglish(parsed.formError), fieldErrors: Object.fromEntries(Object.entries(parsed.fieldErrors).map(([k, v]) => [k, sayInEnglish(v)])) };
}

const items = [
  { id: "i-ps1", code: "PS1", scale: "agree7" as const },
  { id: "i-enps", code: "ENPS", scale: "nps11" as const },
  { id: "i-c", code: "COMMENT", scale: "text" as const },
];

describe("parseAnswers", () => {
  it("keeps answered items and skips blank ones", () => {
    expect(parseAnswers(items, { "a.PS1": "7", "a.ENPS": "", "a.COMMENT": "  More deal reviews\r\n " })).toEqual({
      ok: true,
      answers: [
        { itemId: "i-ps1", value: 7, comment: null },
        { itemId: "i-c", value: null, comment: "More deal reviews" },
      ],
    });
    expect(parseAnswers(items, { "a.ENPS": "0" })).toEqual({ ok: true, answers: [{ itemId: "i-enps", value: 0, comment: null }] });
  });

  it("skips a question the form sends no value for exactly as one it sends blank", () => {
    // The pulse form pre-selects nothing: an unanswered radio group is absent from the post, where the
    // old pre-selected "Skip" choice sent "" (and a sealed ballot still sends "").
    const absent = parseAnswers(items, { "a.PS1": "5" });
    expect(absent).toEqual({ ok: true, answers: [{ itemId: "i-ps1", value: 5, comment: null }] });
    expect(absent).toEqual(parseAnswers(items, { "a.PS1": "5", "a.ENPS": "", "a.COMMENT": "" }));
  });

  it("refuses out-of-range values, unknown items and oversized comments, saving nothing", () => {
    const result = parseAnswers(items, { "a.PS1": "8", "a.ENPS": "2.5", "a.XX9": "3", "a.COMMENT": "x".repeat(2001) });
    expect(result).toEqual({
      ok: false,
      formError: "Nothing was saved: 4 answers need fixing.",
      fieldErrors: {
        "a.PS1": "Choose a whole number from 1 to 7.",
        "a.ENPS": "Choose a whole number from 0 to 10.",
        "a.XX9": '"XX9" is not a question of this pulse.',
        "a.COMMENT": "Your comment is 2,001 characters; the limit is 2,000.",
      },
    });
    expect(parseAnswers(items, { "a.PS1": "0" })).toMatchObject({ ok: false, fieldErrors: { "a.PS1": "Choose a whole number from 1 to 7." } });
    expect(parseAnswers(items, { "a.PS1": "-1" })).toMatchObject({ ok: false });
  });

  it("refuses a comment with a NUL character, which failed the submission in the database (found by fuzzing)", () => {
    expect(parseAnswers(items, { "a.PS1": "5", "a.COMMENT": "a\u0000b" })).toEqual({
      ok: false,
      formError: "Nothing was saved: 1 answer needs fixing.",
      fieldErrors: { "a.COMMENT": "Your comment holds a NUL character, which cannot be saved. Remove it." },
    });
  });

  it("refuses an empty submission", () => {
    expect(parseAnswers(items, { "a.PS1": "", other: "x" })).toEqual({
      ok: false,
      fieldErrors: {},
      formError: "Nothing was saved: answer at least one question (you may skip any of them).",
    });
  });

  it("says its messages in the reader's language: German and Japanese on the pulse page", () => {
    const refused = parseAnswersSaid(items, { "a.PS1": "8", "a.ENPS": "11", "a.COMMENT": "x".repeat(2001) });
    if (refused.ok) throw new Error("refused expected");
    const de = translatorFor("de");
    const ja = translatorFor("ja");
    expect(de.say(refused.formError)).toBe("Nichts wurde gespeichert: 3 Antworten müssen korrigiert werden.");
    expect(de.say(refused.fieldErrors["a.PS1"]!)).toBe("Wählen Sie eine ganze Zahl von 1 bis 7.");
    expect(de.say(refused.fieldErrors["a.COMMENT"]!)).toBe("Ihr Kommentar hat 2.001 Zeichen; erlaubt sind höchstens 2.000.");
    expect(ja.say(refused.formError)).toBe("何も保存されていません。3件の回答を修正してください。");
    expect(ja.say(refused.fieldErrors["a.ENPS"]!)).toBe("0から10までの整数を選んでください。");
    const one = parseAnswersSaid(items, { "a.PS1": "0" });
    if (one.ok) throw new Error("refused expected");
    expect(de.say(one.formError)).toBe("Nichts wurde gespeichert: 1 Antwort muss korrigiert werden.");
    const none = parseAnswersSaid(items, {});
    if (none.ok) throw new Error("refused expected");
    expect(ja.say(none.formError)).toBe("何も保存されていません。少なくとも1問に回答してください（どの質問も飛ばしてかまいません）。");
  });
});
