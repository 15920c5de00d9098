import { useI18n } from "~/i18n/react";
import { formatsFor, MISSING } from "~/domain/format";
import type { Direction } from "~/domain/reading";
import { stepName } from "./palette";

type Maybe = number | null | undefined;

/**
 * The page's number and date styles for a chart or a results page (formatsFor of the page's language), with
 * the words every chart shares, in the page's language: an interval ("4.8 to 5.3"), a hidden value, which way
 * is better, a diverging step, and a hidden score's reason (a said message, or English words from the results engine).
 */
export function useChartFormats() {
  const i18n = useI18n();
  const f = formatsFor(i18n.locale);
  const interval = (low: Maybe, high: Maybe, format: (v: Maybe) => string = f.score) =>
    low === null || low === undefined || high === null || high === undefined || Number.isNaN(low) || Number.isNaN(high)
      ? MISSING
      : i18n.t("chart.interval", { low: format(low), high: format(high) });
  const direction = (d: Direction | "higher is worse") =>
    d === "higher is better" ? i18n.t("chart.higherIsBetter") : d === "lower is better" ? i18n.t("chart.lowerIsBetter") : i18n.t("chart.higherIsWorse");
  /** A dimension's direction: "higher is better" or (forecast-honesty pressure) "higher is worse". */
  const dimensionDirection = (higherIsBetter: boolean) => direction(higherIsBetter ? "higher is better" : "higher is worse");
  return {
    ...f,
    t: i18n.t,
    say: i18n.say,
    interval,
    hidden: i18n.t("chart.hidden"),
    direction,
    dimensionDirection,
    /** A dimension's name with its direction: "Forecast-honesty pressure (higher is worse)". */
    withDirection: (name: string, higherIsBetter: boolean) => i18n.t("chart.withDirection", { name, direction: dimensionDirection(higherIsBetter) }),
    /** A diverging step in words (palette.ts's steps): "a little worse", "about the same", "much better". */
    stepWords: (step: number) => i18n.t("chart.heatmap.step", { step: stepName(step) }),
    /** Why a score is hidden, in the page's language. */
    hiddenReason: (reason: string | null) => (reason ? i18n.say(reason) : i18n.t("chart.noAnswers")),
  };
}
