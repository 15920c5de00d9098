import { describe, expect, it } from "vitest";
import { showLanguageCounts } from "./language-counts";

describe("showLanguageCounts (ADR 058)", () => {
  it("shows a language at the minimum, and 'fewer than N' below it", () => {
    expect(
      showLanguageCounts(
        [
          { language: "en", responses: 12 },
          { language: "de", responses: 5 },
        ],
        5,
      ),
    ).toEqual([
      { language: "en", state: "count", count: 12 },
      { language: "de", state: "count", count: 5 },
    ]);
  });

  it("does not show a count that would reveal a small group by subtraction from the total", () => {
    // en 30 and ja 3: showing 30 with a known total of 33 would say ja = 3.
    expect(
      showLanguageCounts(
        [
          { language: "en", responses: 30 },
          { language: "ja", responses: 3 },
        ],
        5,
      ),
    ).toEqual([
      { language: "en", state: "atLeast", minimum: 5 },
      { language: "ja", state: "fewer", minimum: 5 },
    ]);
    // Two shown languages and one small one: the small one would be total − both.
    const three = showLanguageCounts(
      [
        { language: "en", responses: 30 },
        { language: "de", responses: 6 },
        { language: "fr", responses: 3 },
      ],
      5,
    );
    expect(three.filter((c) => c.state === "count")).toEqual([]);
    // The small languages together at the minimum: the shown counts reveal no one language's.
    expect(
      showLanguageCounts(
        [
          { language: "en", responses: 30 },
          { language: "fr", responses: 3 },
          { language: "ja", responses: 2 },
        ],
        5,
      )[0],
    ).toEqual({ language: "en", state: "count", count: 30 });
  });

  it("lists Candor's languages even at zero, the hidden ones by tag so their order says nothing", () => {
    const shown = showLanguageCounts(
      [
        { language: "ja", responses: 4 },
        { language: "es", responses: 1 },
      ],
      5,
      ["en", "de", "ja", "es"],
    );
    expect(shown.map((c) => c.language)).toEqual(["de", "en", "es", "ja"]);
    expect(shown.every((c) => c.state === "fewer")).toBe(true);
  });
});
