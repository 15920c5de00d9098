import { describe, expect, it } from "vitest";
import { axisDateLines, charsThatFit, distinctTicks, wrapLines } from "./text";

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

describe("distinctTicks", () => {
  const ticksOf = (step: number) => (count: number) => Array.from({ length: count }, (_, i) => 4.2 + i * step * (5 / count));
  const one = (v: number) => v.toFixed(1);

  it("keeps the asked-for ticks when they all read differently", () => {
    expect(distinctTicks(ticksOf(0.2), 5, one).map(one)).toEqual(["4.2", "4.4", "4.6", "4.8", "5.0"]);
  });

  it("takes fewer ticks rather than two that read the same", () => {
    // 5 ticks 0.05 apart read 4.2, 4.3 (4.25), 4.3, …; 4 also repeat one; 3 ticks about 0.08 apart do not.
    expect(distinctTicks(ticksOf(0.05), 5, one).map(one)).toEqual(["4.2", "4.3", "4.4"]);
  });

  it("falls back to one tick when even the ends read the same", () => {
    expect(distinctTicks(() => [4.21, 4.22, 4.23], 3, one)).toEqual([4.21]);
  });
});

describe("axisDateLines", () => {
  it("writes a date as the pages do, day and month over the year", () => {
    expect(axisDateLines("2026-08-03")).toEqual(["3 Aug", "2026"]);
    expect(axisDateLines("2026-12-06T09:00:00Z")).toEqual(["6 Dec", "2026"]);
  });

  it("leaves what is not a date on one line", () => {
    expect(axisDateLines("wave 3")).toEqual(["wave 3"]);
  });
});
