import { describe, expect, it } from "vitest";
import { translatorFor } from "~/i18n/catalogues.server";
import { divergingColours, divergingLegend, divergingStep, stepName } from "./palette";
import { DIVERGING, ON_DIVERGING } from "./tokens";

describe("divergingStep", () => {
  it("puts the centre, and anything within half a step of it, on the middle step", () => {
    expect(divergingStep(4.2, 4.2, true, 0.2)).toBe(3);
    expect(divergingStep(4.29, 4.2, true, 0.2)).toBe(3);
    expect(divergingStep(4.11, 4.2, true, 0.2)).toBe(3);
  });

  it("counts steps of the given size away from the centre, higher is better", () => {
    expect(divergingStep(4.35, 4.2, true, 0.2)).toBe(4);
    expect(divergingStep(4.55, 4.2, true, 0.2)).toBe(5);
    expect(divergingStep(4.05, 4.2, true, 0.2)).toBe(2);
    expect(divergingStep(3.85, 4.2, true, 0.2)).toBe(1);
  });

  it("is symmetric at exactly half a step: both sides round away from the centre", () => {
    expect(divergingStep(4.3, 4.2, true, 0.2)).toBe(4);
    expect(divergingStep(4.1, 4.2, true, 0.2)).toBe(2);
  });

  it("turns round for a higher-is-worse dimension, so that worse has the same hue everywhere", () => {
    // Forecast-honesty pressure 5.1 against the organisation's 4.2: more pressure, worse.
    expect(divergingStep(5.1, 4.2, false, 0.2)).toBe(0);
    expect(divergingStep(4.35, 4.2, false, 0.2)).toBe(2);
    expect(divergingStep(3.3, 4.2, false, 0.2)).toBe(6);
    // The same distance on the worse side of either dimension gives the same colour.
    expect(divergingColours(divergingStep(4.6, 4.2, false, 0.2)).fill).toBe(divergingColours(divergingStep(3.8, 4.2, true, 0.2)).fill);
    expect(divergingColours(divergingStep(4.6, 4.2, false, 0.2)).fill).toBe(DIVERGING[1]);
  });

  it("clamps at the ends and keeps what is not a number in the middle", () => {
    expect(divergingStep(7, 1, true, 0.2)).toBe(6);
    expect(divergingStep(1, 7, true, 0.2)).toBe(0);
    expect(divergingStep(7, 1, false, 0.2)).toBe(0);
    expect(divergingStep(Number.POSITIVE_INFINITY, 4, true, 0.2)).toBe(6);
    expect(divergingStep(Number.NaN, 4, true, 0.2)).toBe(3);
    expect(divergingStep(5, 4, true, 0)).toBe(3);
  });
});

describe("divergingColours and words", () => {
  it("gives each step its token and readable text, clamping steps outside 0–6", () => {
    expect(divergingColours(0)).toEqual({ fill: DIVERGING[0], ink: ON_DIVERGING[0] });
    expect(divergingColours(6)).toEqual({ fill: DIVERGING[6], ink: ON_DIVERGING[6] });
    expect(divergingColours(-2)).toEqual(divergingColours(0));
    expect(divergingColours(9)).toEqual(divergingColours(6));
  });

  it("names each step, and the chart's words say it in the reader's language (English word for word)", () => {
    const steps = [-1, 0, 1, 2, 3, 4, 5, 6, 7.2];
    expect(steps.map(stepName)).toEqual(["muchWorse", "muchWorse", "worse", "littleWorse", "same", "littleBetter", "better", "muchBetter", "muchBetter"]);
    const words = (locale: "en" | "de" | "ja") => [0, 1, 2, 3, 4, 5, 6].map((s) => translatorFor(locale).t("chart.heatmap.step", { step: stepName(s) }));
    expect(words("en")).toEqual(["much worse", "worse", "a little worse", "about the same", "a little better", "better", "much better"]);
    expect(words("de")).toEqual(["viel schlechter", "schlechter", "etwas schlechter", "etwa gleich", "etwas besser", "besser", "viel besser"]);
    expect(words("ja")).toEqual(["かなり悪い", "悪い", "やや悪い", "ほぼ同じ", "やや良い", "良い", "かなり良い"]);
    expect(divergingLegend(0.2).map((s) => s.name)).toEqual(["muchWorse", "worse", "littleWorse", "same", "littleBetter", "better", "muchBetter"]);
  });

  it("labels the legend with each step's range", () => {
    expect(divergingLegend(0.2).map((s) => s.range)).toEqual(["0.5 or more", "0.3–0.5", "0.1–0.3", "within ±0.1", "0.1–0.3", "0.3–0.5", "0.5 or more"]);
  });
});

/** WCAG relative luminance and contrast, to check each step's text colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

describe("the diverging scale's colours", () => {
  it("has text on every step at 4.5:1 or more", () => {
    for (let i = 0; i < DIVERGING.length; i++) expect(contrast(DIVERGING[i]!, ON_DIVERGING[i]!)).toBeGreaterThanOrEqual(4.5);
  });

  it("runs from dark through light to dark, so that greyscale still shows the distance from the centre", () => {
    const l = DIVERGING.map(luminance);
    expect(l[0]).toBeLessThan(l[1]!);
    expect(l[1]).toBeLessThan(l[2]!);
    expect(l[2]).toBeLessThan(l[3]!);
    expect(l[3]).toBeGreaterThan(l[4]!);
    expect(l[4]).toBeGreaterThan(l[5]!);
    expect(l[5]).toBeGreaterThan(l[6]!);
  });
});
