import { describe, expect, it } from "vitest";
import { sayInEnglish, translatorFor } from "./catalogues.server";
import { parseSaid, said } from "./said";

// A message made where no translator is at hand reaches each person in their language (ADR 057).
describe("said messages", () => {
  it("carries a key and its values, and reads them back", () => {
    expect(parseSaid(said("form.tooLong"))).toEqual({ key: "form.tooLong", values: {} });
    expect(parseSaid(said("login.noSso", { domain: "example.com" }))).toEqual({ key: "login.noSso", values: { domain: "example.com" } });
    expect(parseSaid("This is too long.")).toBeNull();
    expect(parseSaid("")).toBeNull();
  });

  it("is said in the reader's language, and plain text passes through unchanged", () => {
    expect(translatorFor("de").say(said("form.tooLong"))).toBe("Dieser Text ist zu lang.");
    expect(translatorFor("ja").say(said("form.tooLong"))).toBe("長すぎます。");
    expect(sayInEnglish(said("form.tooLong"))).toBe("This is too long.");
    expect(translatorFor("de").say("Written in English by code not yet moved.")).toBe("Written in English by code not yet moved.");
  });

  it("formats its values for the language", () => {
    const text = said("login.noSso", { domain: "example.com" });
    expect(sayInEnglish(text)).toContain("example.com");
    expect(translatorFor("fr").say(text)).toContain("example.com");
    expect(translatorFor("fr").say(text)).not.toBe(sayInEnglish(text));
  });

  it("leaves a forged or broken mark as the text it is", () => {
    expect(translatorFor("de").say("\u2063no.such.key\u2063")).toBe("\u2063no.such.key\u2063");
    expect(parseSaid("\u2063form.tooLong\u2063{not json\u2063")).toBeNull();
  });
});
