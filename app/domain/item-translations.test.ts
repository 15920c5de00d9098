import { describe, expect, it } from "vitest";
import { parseSaid } from "~/i18n/said";
import { parseTranslationFile, translationsFromFields } from "./item-translations";

const items = new Map([
  ["C1", { source: "custom" }],
  ["EPS1", { source: "edmondson" }],
  ["PS1", { source: "default" }],
]);
const keyOf = (message: string) => parseSaid(message)?.key;

describe("item translation files (ADR 058)", () => {
  it("reads code,lang,text with quoted commas and keeps braces as plain text", () => {
    const parsed = parseTranslationFile('code,lang,text\r\nC1,de,"Ja, {das} stimmt."\nEPS1,pt-BR,Texto\n', items);
    expect(parsed).toEqual({
      ok: true,
      count: 2,
      updates: new Map([
        ["C1", { de: "Ja, {das} stimmt." }],
        ["EPS1", { "pt-BR": "Texto" }],
      ]),
    });
  });

  it("refuses every problem with its line and key", () => {
    const parsed = parseTranslationFile('code,lang,text\nC1,pt-br,Falsch geschrieben\nC2,de,Kein Item\nC1,de,"zwei\nZeilen"\nPS1,de,Candors\n', items);
    if (parsed.ok) throw new Error("accepted");
    expect(parsed.problems.map((p) => [p.line, p.key, keyOf(p.message)])).toEqual([
      [2, "C1/pt-br", "items.upload.unknownLanguage"],
      [3, "C2/de", "items.error.noItem"],
      [4, "C1/de", "items.translation.oneLine"],
      [6, "PS1/de", "items.upload.candorItem"],
    ]);
  });

  it("refuses a broken file as a whole", () => {
    const unclosed = parseTranslationFile('code,lang,text\nC1,de,"offen\n', items);
    expect(unclosed.ok ? null : unclosed.problems.map((p) => keyOf(p.message))).toEqual(["items.upload.unreadable"]);
    const noRows = parseTranslationFile("code,lang,text\n", items);
    expect(noRows.ok ? null : noRows.problems.map((p) => keyOf(p.message))).toEqual(["items.upload.noRows"]);
  });

  it("takes the editor's fields, dropping empty languages and refusing long ones", () => {
    expect(translationsFromFields({ "t.de": " Hallo ", "t.fr": "", "t.xx": "ignored", "t.ja": "あ".repeat(301) })).toEqual({
      translations: { de: "Hallo" },
      fieldErrors: { "t.ja": expect.any(String) },
    });
  });
});
