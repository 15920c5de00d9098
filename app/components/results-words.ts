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
