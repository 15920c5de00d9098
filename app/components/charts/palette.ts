import { dimensionDirection } from "~/domain/reading";
import { DIVERGING, ON_DIVERGING } from "./tokens";
import { formatNumber } from "~/domain/format";

/** The middle of the diverging scale: "about the same" (its name is "same"). */
const CENTRE_STEP = 3;

/**
 * Which of the 7 diverging steps a number falls on: 0 (much worse) … 3 (about the same as the centre) …
 * 6 (much better). "Better" follows the dimension's direction (ADR 033): for a higher-is-worse dimension
 * such as forecast-honesty pressure, a number above the centre is worse, so worse always has the same hue.
 * Each step is `stepSize` wide, the middle one centred on `centre`; beyond 2.5 steps it stays at the end.
 * Not a number falls on the middle step; an infinite one on an end.
 *
 * @example divergingStep(4.5, 4.2, true, 0.2) // 5 (0.3 better: a step and a half, rounded away from the centre)
 * @example divergingStep(4.5, 4.2, false, 0.2) // 1 (higher is worse: the same distance, on the worse side)
 */
export function divergingStep(value: number, centre: number, higherIsBetter: boolean, stepSize: number): number {
  const better = (value - centre) * (dimensionDirection(higherIsBetter) === "higher is better" ? 1 : -1);
  if (Number.isNaN(better) || !(stepSize > 0)) return CENTRE_STEP;
  // Rounded away from zero at exactly half a step on both sides, so that the scale is symmetric.
  const steps = Math.sign(better) * Math.round(Math.abs(better) / stepSize + 1e-9);
  return CENTRE_STEP + Math.max(-CENTRE_STEP, Math.min(CENTRE_STEP, steps));
}

/** A diverging step's fill and the text colour readable on it. */
export function divergingColours(step: number): { fill: string; ink: string } {
  const i = Math.max(0, Math.min(DIVERGING.length - 1, Math.round(step)));
  return { fill: DIVERGING[i]!, ink: ON_DIVERGING[i]! };
}

const STEP_NAMES = ["muchWorse", "worse", "littleWorse", "same", "littleBetter", "better", "muchBetter"] as const;
export type StepName = (typeof STEP_NAMES)[number];

/**
 * A step's name, for its words in the page's language (the chart.heatmap.step message: "a little worse",
 * "about the same", "much better"; useChartFormats().stepWords): steps outside 0–6 are the ends.
 *
 * @example stepName(3) // "same"
 */
export function stepName(step: number): StepName {
  return STEP_NAMES[Math.max(0, Math.min(STEP_NAMES.length - 1, Math.round(step)))]!;
}

/**
 * The legend of a diverging scale: each step with the range it covers, worst first.
 *
 * @example divergingLegend(0.2)[3] // { step: 3, name: "same", range: "within ±0.1" }
 */
export function divergingLegend(
  stepSize: number,
  digits = 1,
): Array<{ step: number; name: StepName; range: string; bounds: { kind: "within" | "between" | "or-more"; low: number; high: number } }> {
  const f = (v: number) => formatNumber(v, digits);
  return DIVERGING.map((_, step) => {
    const k = Math.abs(step - CENTRE_STEP);
    const range = k === 0 ? `within ±${f(stepSize / 2)}` : k === CENTRE_STEP ? `${f((k - 0.5) * stepSize)} or more` : `${f((k - 0.5) * stepSize)}–${f((k + 0.5) * stepSize)}`;
    const bounds = {
      kind: k === 0 ? ("within" as const) : k === CENTRE_STEP ? ("or-more" as const) : ("between" as const),
      low: k === 0 ? stepSize / 2 : (k - 0.5) * stepSize,
      high: (k + 0.5) * stepSize,
    };
    return { step, name: stepName(step), range, bounds };
  });
}
