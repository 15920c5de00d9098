import { describe, expect, it } from "vitest";
import { DEFAULT_DIMENSIONS, DEFAULT_ITEMS, EDMONDSON_ITEMS, estimatedMinutes, MANAGER_TEXTS } from "./instrument";

describe("default item bank", () => {
  it("has the item bank's items with their keying", () => {
    const codes = DEFAULT_ITEMS.map((i) => i.code);
    expect(codes).toHaveLength(25);
    expect(DEFAULT_ITEMS.filter((i) => i.reverseKeyed).map((i) => i.code)).toEqual(["PS1", "PS3", "PS5", "CO5", "KS5", "FP5", "FP6"]);
    const perDimension = Object.fromEntries(DEFAULT_DIMENSIONS.map((d) => [d.key, DEFAULT_ITEMS.filter((i) => i.dimensionKey === d.key).length]));
    expect(perDimension).toEqual({ psychological_safety: 7, collaboration: 5, intel_sharing: 5, forecast_pressure: 6 });
    expect(DEFAULT_DIMENSIONS.find((d) => d.key === "forecast_pressure")!.higherIsBetter).toBe(false);
    expect(EDMONDSON_ITEMS.filter((i) => i.reverseKeyed).map((i) => i.code)).toEqual(["EPS1", "EPS3", "EPS5"]);
  });

  it("has a mirrored manager text for every rated default and Edmondson item", () => {
    const rated = [...DEFAULT_ITEMS, ...EDMONDSON_ITEMS].filter((i) => i.scale === "agree7").map((i) => i.code);
    expect(Object.keys(MANAGER_TEXTS).sort()).toEqual(rated.sort());
    expect(MANAGER_TEXTS.PS2).toBe("My team members can raise problems and difficult topics with me.");
  });

  it("estimates answering time", () => {
    const all = DEFAULT_ITEMS.map((i) => i.scale);
    // 23 ratings × 7 s + eNPS 8 s + comment 45 s = 214 s → 4 minutes (rounded up to the half minute).
    expect(estimatedMinutes(all)).toBe(4);
    expect(estimatedMinutes(["agree7", "agree7", "agree7", "agree7", "agree7", "nps11"])).toBe(1);
    expect(estimatedMinutes([])).toBe(0);
  });
});
