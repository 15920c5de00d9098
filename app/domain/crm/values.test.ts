import { describe, expect, it } from "vitest";
import { inEnglish } from "~/i18n/in-english.server";
import { parseBoolean, parseProbability, probabilityScale, textOrNull } from "./values";

describe("parseBoolean", () => {
  it("reads the spellings of Salesforce's Closed and Won columns", () => {
    const read = (text: string) => {
      const result = parseBoolean(text);
      return result.ok ? result.value : inEnglish(result.reason);
    };
    expect(["1", "0", "true", "false", "TRUE", "FALSE", "Yes", "No", " y ", ""].map(read)).toEqual([true, false, true, false, true, false, true, false, true, null]);
    expect(read("maybe")).toBe("is not yes or no (1/0, true/false, yes/no)");
    // Excel in German and French saves a spreadsheet's booleans in its own words.
    expect(["WAHR", "FALSCH", "VRAI", "FAUX"].map(read)).toEqual([true, false, true, false]);
  });
});

describe("parseProbability", () => {
  const read = (text: string, scale: "percent" | "fraction") => {
    const result = parseProbability(text, scale);
    return result.ok ? result.value : inEnglish(result.reason);
  };

  it("reads percentages", () => {
    expect(read("50", "percent")).toBe(50);
    expect(read("50%", "percent")).toBe(50);
    expect(read("12,5 %", "percent")).toBe(12.5);
    // In a percentage column a bare 0.5 is half a percent.
    expect(read("0.5", "percent")).toBe(0.5);
  });

  it("reads fractions, tolerating percentages in a fraction column", () => {
    expect(read("0.5", "fraction")).toBe(50);
    expect(read("0.07", "fraction")).toBe(7);
    expect(read("1", "fraction")).toBe(100);
    expect(read("0.5%", "fraction")).toBe(0.5);
    expect(read("40", "fraction")).toBe(40);
  });

  it("refuses values outside 0–100% and text", () => {
    expect(read("150", "percent")).toBe("is not a probability between 0 and 100%");
    expect(read("-5", "percent")).toBe("is not a probability");
    expect(read("high", "percent")).toBe("is not a probability");
    expect(read("", "percent")).toBeNull();
  });

  it("uses fractions for HubSpot only", () => {
    expect([probabilityScale("hubspot"), probabilityScale("salesforce"), probabilityScale("pipedrive")]).toEqual(["fraction", "percent", "percent"]);
  });
});

describe("textOrNull", () => {
  it("trims and turns blanks into null", () => {
    expect([textOrNull("  Send proposal "), textOrNull(" "), textOrNull(undefined)]).toEqual(["Send proposal", null, null]);
  });
});
