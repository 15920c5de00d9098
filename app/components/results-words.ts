import type { CorrelationReasons, CorrelationRow } from "~/domain/culture-outcomes";
import { formatsFor } from "~/domain/format";
import { inSentence } from "~/domain/reading";
import type { MessageKey, Translator } from "~/i18n/translate";

/**
 * Words the results pages share (explorer, drivers): the lag choices, the period choices and the CRM
 * metrics' names, in the page's language. A metric the catalogue does not know keeps the name it came with.
 */
export const LAGS: ReadonlyArray<{ value: string; key: MessageKey }> = [
  { value: "0", key: "explorer.lag.0" },
  { value: "1", key: "explorer.lag.1" },
  { value: "2", key: "explorer.lag.2" },
  { value: "3", key: "explorer.lag.3" },
];

export const PERIOD_KEYS: Partial<Record<string, MessageKey>> = {
  quarter: "explorer.period.quarter",
  month: "explorer.period.month",
  "fiscal-quarter": "explorer.period.fiscalQuarter",
};

const METRICS: Partial<Record<string, MessageKey>> = {
  winRate: "explorer.metricName.winRate",
  wonCount: "explorer.metricName.wonCount",
  lostCount: "explorer.metricName.lostCount",
  pipelineCreatedCount: "explorer.metricName.pipelineCreatedCount",
  pipelineCreatedAmount: "explorer.metricName.pipelineCreatedAmount",
  avgWonDealSize: "explorer.metricName.avgWonDealSize",
  medianCycleDays: "explorer.metricName.medianCycleDays",
  staleShare: "explorer.metricName.staleShare",
  nextStepShare: "explorer.metricName.nextStepShare",
  slippedCount: "explorer.metricName.slippedCount",
  forecastAccuracy: "explorer.metricName.forecastAccuracy",
  forecastBias: "explorer.metricName.forecastBias",
  commitAccuracy: "explorer.metricName.commitAccuracy",
  knownUpsideShare: "explorer.metricName.knownUpsideShare",
  knownUpsideAmount: "explorer.metricName.knownUpsideAmount",
  newInPeriodShare: "explorer.metricName.newInPeriodShare",
  newInPeriodWonAmount: "explorer.metricName.newInPeriodWonAmount",
};

const metricKey = (metric: string) => METRICS[metric] ?? null;

/** A CRM metric's name, as a label ("Win rate"). */
export function metricLabel(t: Translator["t"], metric: string, fallback: string): string {
  const key = metricKey(metric);
  return key ? t(key) : fallback;
}

/** A CRM metric's name inside a sentence ("win rate"): lower case in English, French, Spanish and Portuguese; German nouns keep their capital. */
export function metricInSentence(t: Translator["t"], locale: string, metric: string, fallback = metric): string {
  const label = metricLabel(t, metric, fallback);
  if (locale === "en") return label.toLowerCase();
  if (locale === "de" || locale === "ja") return label;
  return `${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Row = Pick<
  CorrelationRow,
  | "betweenR"
  | "betweenN"
  | "betweenCiLow"
  | "betweenCiHigh"
  | "betweenReading"
  | "withinR"
  | "withinCiLow"
  | "withinCiHigh"
  | "withinReading"
  | "nPairs"
  | "nTeams"
  | "inference"
  | "p"
  | "pAdjusted"
  | "slope"
  | "verdictReading"
>;

/**
 * The explorer's three readings in the page's language, from the row's numbers (English word for word as
 * the domain writes them, app/domain/culture-outcomes.ts); where a part could not be computed, the domain's
 * reason (`reasons`, said by key) says why.
 */
export function explorerReadings({ t, say, locale }: Pick<Translator, "t" | "say" | "locale">, labels: { dimension: string; metric: string; metricName: string; lag: number }) {
  const num = (v: number | null) => formatsFor(locale).number(v, 2);
  const words = {
    dimension: locale === "en" ? labels.dimension.toLowerCase() : locale === "de" || locale === "ja" ? labels.dimension : inSentence(labels.dimension),
    metric: metricInSentence(t, locale, labels.metric, labels.metricName),
    when: t("explorer.lagWords", { lag: labels.lag }),
  };
  const ci = (low: number | null, high: number | null) => (low === null || high === null ? "" : t("explorer.readingInterval", { low: num(low), high: num(high) }));
  const strength = (v: number) => (Math.abs(v) < 0.1 ? "none" : Math.abs(v) < 0.3 ? "weak" : Math.abs(v) < 0.5 ? "moderate" : "strong");
  const isClear = (low: number | null, high: number | null) => low !== null && high !== null && (low > 0 || high < 0);
  // A reason the domain said, as a sentence of its own; without one, the row's own (English) words.
  const because = (why: string | null | undefined, fallback: string) => (why ? t("explorer.whySentence", { why: sentence(say(why)) }) : sentence(fallback));
  return {
    between: (row: Row, reasons?: CorrelationReasons | null) =>
      row.betweenR === null
        ? because(reasons?.between, row.betweenReading.replace(/^Between teams: /, ""))
        : t(strength(row.betweenR) === "none" || !isClear(row.betweenCiLow, row.betweenCiHigh) ? "explorer.between.unclear" : "explorer.between.clear", {
            ...words,
            r: num(row.betweenR),
            interval: ci(row.betweenCiLow, row.betweenCiHigh),
            n: String(row.betweenN),
            direction: row.betweenR > 0 ? "higher" : "lower",
            strength: strength(row.betweenR),
          }),
    within: (row: Row, reasons?: CorrelationReasons | null) =>
      row.withinR === null
        ? because(reasons?.within, row.withinReading.replace(/^Within teams: /, ""))
        : t(strength(row.withinR) === "none" || !isClear(row.withinCiLow, row.withinCiHigh) ? "explorer.within.unclear" : "explorer.within.clear", {
            ...words,
            r: num(row.withinR),
            interval: ci(row.withinCiLow, row.withinCiHigh),
            pairs: String(row.nPairs),
            teams: String(row.nTeams),
            direction: row.withinR > 0 ? "rise" : "fall",
            strength: strength(row.withinR),
          }),
    verdict: (row: Row, reasons?: CorrelationReasons | null) =>
      row.inference === "none" || row.p === null || row.slope === null
        ? reasons?.verdict
          ? t("explorer.verdictTooLittle", { why: sentence(say(reasons.verdict)) })
          : row.verdictReading
        : t("explorer.verdict", {
            ...words,
            direction: row.slope > 0 ? "higher" : "lower",
            sure: row.pAdjusted !== null && row.pAdjusted < 0.05 ? "yes" : "no",
            exploratory: row.inference === "exploratory" ? "yes" : "no",
            teams: String(row.nTeams),
          }),
  };
}
