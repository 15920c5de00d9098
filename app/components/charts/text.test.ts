import { describe, expect, it } from "vitest";
import { charsThatFit, wrapLines } from "./text";

describe("wrapLines", () => {
  it("breaks between words and keeps short text on one line", () => {
    expect(wrapLines("Psychological safety", 30)).toEqual(["Psychological safety"]);
    expect(wrapLines("Forecast-honesty pressure is high", 20)).toEqual(["Forecast-honesty", "pressure is high"]);
  });

  it("cuts only the last allowed line, with an ellipsis", () => {
    expect(wrapLines("one two three four five six", 9, 2)).toEqual(["one two", "three fo…"]);
  });

  it("estimates characters that fit, never fewer than 8", () => {
    expect(charsThatFit(330, 13)).toBe(45);
    expect(charsThatFit(10, 13)).toBe(8);
  });
});
