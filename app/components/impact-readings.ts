import { formatsFor } from "~/domain/format";
import { MIN_PRE_PERIODS, MIN_TEAMS_PER_SIDE, type DidResult, type PreTrendResult } from "~/domain/impact";
import type { Translator } from "~/i18n/translate";

/**
 * A training's readings (difference-in-differences and the pre-trend check, ADR 025) in the page's language,
 * from the numbers the analysis gives: the same sentences app/domain/impact.ts writes in English, with
 * numbers written for the reader (issue 26). English pages show the analysis's own sentences.
 */
/** A signed number in a language, with a true minus sign: +0.4, −1,0, 0.0. */
export function signedIn(locale: string) {
  const format = formatsFor(locale);
  return (v: number | null, digits: number) => {
    if (v === null) return format.number(v, digits);
    const text = format.number(v, digits);
    return v > 0 && Number(Math.abs(v).toFixed(digits)) !== 0 ? `+${text}` : text;
  };
}

export function impactReadings(t: Translator["t"], locale: string, outcome: { label: string; kind: "culture" | "crm"; result: DidResult; preTrend: PreTrendResult }) {
  const format = formatsFor(locale);
  const crm = outcome.kind === "crm";
  const signed = signedIn(locale);
  const points = (v: number, digits: number) => t("training.points", { value: signed(v * 100, digits) });
  // As the analysis: scores one decimal, shares in points; slopes three decimals, or a tenth of a point a quarter.
  const change = (v: number) => (crm ? points(v, 0) : signed(v, 1));
  const slope = (v: number) => (crm ? points(v, 1) : signed(v, 3));
  const label = outcome.label;
  const capital = label ? label[0]!.toUpperCase() + label.slice(1) : label;
  const unit = crm ? "quarter" : "wave";

  const r = outcome.result;
  const counts = { trained: r.treatedTeams, comparison: r.controlTeams };
  const did =
    r.verdict === "too-little-data"
      ? r.treatedTeams < MIN_TEAMS_PER_SIDE || r.controlTeams < MIN_TEAMS_PER_SIDE
        ? t("training.did.tooFew", { outcome: label, ...counts, min: MIN_TEAMS_PER_SIDE })
        : t("training.did.noSpread", { outcome: label })
      : r.verdict === "no-clear-difference"
        ? t("training.did.unclear", { outcome: label, diff: change(r.estimate!), low: change(r.ciLow!), high: change(r.ciHigh!), ...counts })
        : t("training.did.clear", {
            outcome: capital,
            verdict: r.verdict,
            diff: change(r.estimate!),
            low: change(r.ciLow!),
            high: change(r.ciHigh!),
            ...counts,
          });

  const p = outcome.preTrend;
  const preCounts = { trained: p.trainedTeams, comparison: p.controlTeams };
  let pre: string;
  if (p.verdict === "too-little-data") {
    pre =
      p.trainedTeams < MIN_TEAMS_PER_SIDE || p.controlTeams < MIN_TEAMS_PER_SIDE
        ? t("training.preText.tooFew", { outcome: label, ...preCounts, periods: MIN_PRE_PERIODS, unit, min: MIN_TEAMS_PER_SIDE })
        : t("training.preText.noSpread", { outcome: label, unit });
  } else {
    const a = p.trainedSlope!;
    const b = p.controlSlope!;
    const pValue = p.p!;
    const detail = t("training.preText.detail", {
      a: slope(a),
      b: slope(b),
      unit,
      diff: slope(p.difference!),
      low: slope(p.ciLow!),
      high: slope(p.ciHigh!),
      p: t("training.preText.p", { small: pValue < 0.001 ? "yes" : "no", value: format.number(pValue < 0.001 ? 0.001 : pValue, pValue < 0.01 ? 3 : 2) }),
      ...preCounts,
    });
    if (p.verdict === "parallel") pre = t("training.preText.parallel", { outcome: label, detail });
    else {
      const direction = (v: number) => (v > 0 ? "rising" : v < 0 ? "falling" : "steady");
      const kind = Math.sign(a) !== Math.sign(b) ? "opposite" : a > 0 ? (a > b ? "risingFaster" : "risingSlower") : a < b ? "fallingFaster" : "fallingSlower";
      pre = t("training.preText.notParallel", { outcome: label, motion: t("training.motion", { kind, a: direction(a), b: direction(b) }), detail });
    }
  }
  return { did, pre };
}
