import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AGREE7_LABELS, DEFAULT_DIMENSIONS, DEFAULT_ITEMS, EDMONDSON_DIMENSION, EDMONDSON_ITEMS, MANAGER_TEXTS } from "~/domain/instrument";
import { LOCALES, negotiateLocale, parseAcceptLanguage, textDirection, toLocale } from "~/domain/locales";
import { formatsFor, formatPercent, formatNumber, formatDate } from "~/domain/format";
import { itemInLanguage } from "~/domain/item-language";
import { checkCatalogue, placeholdersOf, requiredKeys } from "./check";
import { ENGLISH_FALLBACK } from "./fallback";
import { createTranslator } from "./translate";
import en from "./messages/en.json";
import itemsEn from "./items/en.json";

// Issue 26: every catalogue is complete, uses only keys the code uses, and keeps English's placeholders.

const dir = (kind: string) => join(import.meta.dirname, kind);
const read = (kind: string, locale: string) => readFileSync(join(dir(kind), `${locale}.json`), "utf8");

function sourceFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    if (statSync(path).isDirectory()) return name === "messages" || name === "items" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("the catalogues", () => {
  it("has one messages file and one item bank file per language, and nothing else", () => {
    expect(readdirSync(dir("messages")).sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
    expect(readdirSync(dir("items")).sort()).toEqual(LOCALES.map((l) => `${l}.json`).sort());
  });

  for (const locale of LOCALES) {
    it(`${locale}: has every key (Arabic: the survey pages'), no other key, valid ICU and English's placeholders`, () => {
      expect(checkCatalogue(read("messages", locale), en, requiredKeys("messages", locale))).toEqual([]);
      expect(checkCatalogue(read("items", locale), itemsEn, requiredKeys("items", locale))).toEqual([]);
    });
  }

  it("has the manager's wording of every built-in rated item in every language but Arabic (rep pages only), and refuses a file without one", () => {
    const rated = [...DEFAULT_ITEMS, ...EDMONDSON_ITEMS].filter((i) => i.scale === "agree7").map((i) => i.code);
    expect(Object.keys(MANAGER_TEXTS).sort()).toEqual(rated.sort());
    for (const locale of LOCALES.filter((l) => l !== "ar")) {
      const bank = JSON.parse(read("items", locale)) as Record<string, string>;
      for (const code of rated) expect(bank[`manager.${code}`]?.trim(), `${locale} manager.${code}`).toBeTruthy();
      // Not the English left in place (a proper noun aside, no manager sentence reads the same in another language).
      if (locale !== "en") for (const code of rated) expect(bank[`manager.${code}`], `${locale} manager.${code}`).not.toBe(MANAGER_TEXTS[code]);
      // Taking one out fails the completeness check, with its key.
      const { [`manager.PS2`]: _dropped, ...without } = bank;
      expect(checkCatalogue(JSON.stringify(without, null, 2), itemsEn, requiredKeys("items", locale))).toEqual([
        { key: "manager.PS2", line: null, message: '"manager.PS2" is missing.' },
      ]);
    }
    expect(Object.keys(JSON.parse(read("items", "ar")) as object).filter((k) => k.startsWith("manager."))).toEqual([]);
  });

  it("keeps no message the code does not use", () => {
    const code = sourceFiles(join(import.meta.dirname, ".."))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    const unused = Object.keys(en).filter((key) => !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  it("has the item bank's English exactly as the instrument defines it, the manager's wording included", () => {
    const expected: Record<string, string> = {};
    for (const d of [...DEFAULT_DIMENSIONS, EDMONDSON_DIMENSION]) expected[`dimension.${d.key}`] = d.name;
    for (const i of [...DEFAULT_ITEMS, ...EDMONDSON_ITEMS]) expected[`item.${i.code}`] = i.text;
    for (const [code, text] of Object.entries(MANAGER_TEXTS)) expected[`manager.${code}`] = text;
    AGREE7_LABELS.forEach((label, n) => (expected[`agree7.${n + 1}`] = label));
    expected["nps11.0"] = "Not at all likely";
    expected["nps11.10"] = "Extremely likely";
    expect(itemsEn).toEqual(expected);
  });

  it("keeps the error page's English fallback word for word", () => {
    for (const [key, text] of Object.entries(ENGLISH_FALLBACK)) expect(text, key).toBe(en[key as keyof typeof en]);
  });
});

describe("checking a translator's file", () => {
  const source = { greeting: "Hello {name}", count: "{n, plural, one {# answer} other {# answers}}" };

  it("refuses a broken ICU message with its key and line", () => {
    const text = '{\n  "greeting": "Hallo {name}",\n  "count": "{n, plural, one {# Antwort}"\n}\n';
    const problems = checkCatalogue(text, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ key: "count", line: 3 });
    expect(problems[0]!.message).toMatch(/^"count" is not a valid ICU message \(MISSING_OTHER_CLAUSE/);
  });

  it("refuses a missing key, a key no code uses, and placeholders that differ from English", () => {
    const text = '{\n  "greeting": "Hallo {nom}",\n  "farewell": "Tschüss"\n}\n';
    expect(checkCatalogue(text, source)).toEqual([
      { key: "greeting", line: 2, message: '"greeting" lacks {name} and has {nom} that English has not: its placeholders must be English\'s.' },
      { key: "farewell", line: 3, message: '"farewell" is not a key of the English catalogue (no code uses it): remove it.' },
      { key: "count", line: null, message: '"count" is missing.' },
    ]);
  });

  it("refuses a file that is not JSON, with the line", () => {
    expect(checkCatalogue('{\n  "greeting": "Hallo {name}",,\n}', source)[0]).toMatchObject({ key: null, line: 2 });
  });

  it("reads placeholders through plurals and tags", () => {
    expect([...placeholdersOf(en["receipt.scores"])].sort()).toEqual(["<b>", "min"]);
  });
});

describe("choosing a language", () => {
  it("takes the person's setting, then this browser's choice, then Accept-Language, then the organisation", () => {
    expect(negotiateLocale({ person: "ja", browserChoice: "de", acceptLanguage: "fr", organisation: "es" })).toBe("ja");
    expect(negotiateLocale({ person: null, browserChoice: "de", acceptLanguage: "fr", organisation: "es" })).toBe("de");
    expect(negotiateLocale({ acceptLanguage: "da, fr-CA;q=0.8, en;q=0.5", organisation: "es" })).toBe("fr");
    expect(negotiateLocale({ acceptLanguage: "da, *;q=0.5", organisation: "es" })).toBe("es");
    expect(negotiateLocale({ person: "tlh", acceptLanguage: "", organisation: "nonsense" })).toBe("en");
  });

  it("orders Accept-Language by q and skips what is malformed", () => {
    expect(parseAcceptLanguage("en;q=0.2, de-DE, ja;q=0.9, x y;q=1, fr;q=0")).toEqual(["de-DE", "ja", "en"]);
  });

  it("writes Arabic right to left and knows tags whatever their case", () => {
    expect(textDirection("ar")).toBe("rtl");
    expect(textDirection("de")).toBe("ltr");
    expect(toLocale("PT-br")).toBe("pt-BR");
    expect(toLocale("pt")).toBeNull();
  });
});

describe("formatting for a language", () => {
  it("gives a German reader 61 % and 1.234,5, and English exactly as before", () => {
    const de = formatsFor("de");
    expect(de.percent(0.61)).toBe("61\u00a0%");
    expect(de.number(1234.5, 1)).toBe("1.234,5");
    expect(de.number(-0.44)).toBe("\u22120,44");
    expect(de.date("2026-12-06")).toBe("6. Dez. 2026");
    expect(formatsFor("ja").date("2026-12-06")).toBe("2026年12月6日");
    expect(formatsFor("en").percent(0.61)).toBe(formatPercent(0.61));
    expect(formatsFor("en").number(1234.5, 1)).toBe(formatNumber(1234.5, 1));
    expect(formatsFor("en").date("2026-12-06")).toBe(formatDate("2026-12-06"));
    expect(formatsFor("fr").money(-300, "EUR")).toBe("\u2212300\u00a0€");
  });

  it("formats plurals and numbers inside messages for the language", () => {
    const t = createTranslator("de", { ...en, "pulse.commentHint": "{max, number} Zeichen ({used, number} verwendet)" } as never).t;
    expect(t("pulse.commentHint", { max: 2000, used: 1234 })).toBe("2.000 Zeichen (1.234 verwendet)");
    expect(createTranslator("en", en).t("pulse.intro", { team: "Team A", closesOn: "13 Dec 2026", minutes: 2.5 })).toBe("For Team A · open until 13 Dec 2026 · about 2.5 minutes");
  });
});

describe("an item in the rep's language", () => {
  const bank = (l: string) => (l === "de" ? { "item.PS2": "Ich kann … ansprechen." } : l === "en" ? itemsEn : {}) as Record<string, string>;
  const ps2 = { code: "PS2", text: itemsEn["item.PS2"], source: "default" as const, translations: {} };

  it("uses the bank's translation, and the item's own over it", () => {
    expect(itemInLanguage(ps2, "de", "en", bank)).toEqual({ text: "Ich kann … ansprechen.", lang: "de", fallback: false });
    expect(itemInLanguage({ ...ps2, translations: { de: "Eigene Fassung" } }, "de", "en", bank)).toEqual({ text: "Eigene Fassung", lang: "de", fallback: false });
  });

  it("falls back, visibly, to the organisation's language", () => {
    expect(itemInLanguage(ps2, "ja", "de", bank)).toEqual({ text: "Ich kann … ansprechen.", lang: "de", fallback: true });
    const custom = { code: "X1", text: "Wir teilen Wissen.", source: "custom" as const, translations: { fr: "Nous partageons." } };
    expect(itemInLanguage(custom, "fr", "de", bank)).toEqual({ text: "Nous partageons.", lang: "fr", fallback: false });
    expect(itemInLanguage(custom, "ja", "de", bank)).toEqual({ text: "Wir teilen Wissen.", lang: "de", fallback: true });
  });

  it("gives the manager's wording from the bank's manager keys, with the same visible fallback", () => {
    const managerBank = (l: string) =>
      (l === "de" ? { "item.PS2": "Ich kann … ansprechen.", "manager.PS2": "Mein Team kann … bei mir ansprechen." } : l === "en" ? itemsEn : {}) as Record<string, string>;
    const mirrored = { code: "PS2", text: MANAGER_TEXTS.PS2!, source: "default" as const, translations: null };
    expect(itemInLanguage(mirrored, "de", "en", managerBank, "manager")).toEqual({ text: "Mein Team kann … bei mir ansprechen.", lang: "de", fallback: false });
    expect(itemInLanguage(mirrored, "en", "en", managerBank, "manager")).toEqual({ text: MANAGER_TEXTS.PS2, lang: "en", fallback: false });
    expect(itemInLanguage(mirrored, "ja", "de", managerBank, "manager")).toEqual({ text: "Mein Team kann … bei mir ansprechen.", lang: "de", fallback: true });
    // The rep's wording never stands in for the manager's, nor the other way round.
    expect(itemInLanguage(mirrored, "ja", "en", managerBank, "manager")).toEqual({ text: MANAGER_TEXTS.PS2, lang: "en", fallback: true });
    expect(itemInLanguage(ps2, "de", "en", managerBank)).toEqual({ text: "Ich kann … ansprechen.", lang: "de", fallback: false });
    // A reworded manager text, or a custom item's, is shown as written, marked when it is not the reader's.
    expect(itemInLanguage({ ...mirrored, text: "My people raise anything with me." }, "de", "en", managerBank, "manager")).toEqual({
      text: "My people raise anything with me.",
      lang: "en",
      fallback: true,
    });
    expect(itemInLanguage({ code: "C1", text: "Mein Team teilt Wissen.", source: "custom", translations: null }, "de", "de", managerBank, "manager")).toEqual({
      text: "Mein Team teilt Wissen.",
      lang: "de",
      fallback: false,
    });
  });

  it("does not put the bank's translation on an item the organisation reworded", () => {
    expect(itemInLanguage({ ...ps2, text: "We can raise anything here." }, "de", "en", bank)).toEqual({ text: "We can raise anything here.", lang: "en", fallback: true });
  });
});
