import { SENTIMENTS, THEME_KEYS, type Sentiment, type ThemeKey } from "./taxonomy";

/** One comment's tags as two readers gave them: the reference (a careful reader, or enablement's correction) and the machine's. */
export interface TagPair {
  expected: { themes: readonly ThemeKey[]; sentiment: Sentiment };
  actual: { themes: readonly ThemeKey[]; sentiment: Sentiment };
}

export interface ThemeScore {
  theme: ThemeKey;
  /** Comments the reference tags with the theme. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Null when nothing was tagged (precision) or nothing should have been (recall). */
  precision: number | null;
  recall: number | null;
}

export interface TagAgreement {
  comments: number;
  themes: ThemeScore[];
  /** Over every (comment, theme) decision pooled. */
  micro: { precision: number | null; recall: number | null; f1: number | null };
  /** The mean over the themes that have a value (a theme no comment has is left out, not counted as 0 or 1). */
  macro: { precision: number | null; recall: number | null; f1: number | null };
  sentimentAccuracy: number | null;
  /** reference sentiment → machine sentiment → comments. */
  sentimentConfusion: Record<Sentiment, Record<Sentiment, number>>;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const f1 = (p: number | null, r: number | null) => (p === null || r === null || p + r === 0 ? null : (2 * p * r) / (p + r));
const mean = (values: Array<number | null>) => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
};

/**
 * How well the machine's tags agree with a reference: per theme precision (of the comments the machine
 * tagged, the share the reference tags too) and recall (of the comments the reference tags, the share
 * the machine found), micro and macro averages, and sentiment accuracy with its confusion table.
 */
export function measureAgreement(pairs: readonly TagPair[]): TagAgreement {
  const themes = THEME_KEYS.map((theme): ThemeScore => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const { expected, actual } of pairs) {
      const e = expected.themes.includes(theme);
      const a = actual.themes.includes(theme);
      if (e && a) tp++;
      else if (a) fp++;
      else if (e) fn++;
    }
    return { theme, support: tp + fn, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) };
  });
  const tp = themes.reduce((s, t) => s + t.truePositives, 0);
  const fp = themes.reduce((s, t) => s + t.falsePositives, 0);
  const fn = themes.reduce((s, t) => s + t.falseNegatives, 0);
  const microP = ratio(tp, tp + fp);
  const microR = ratio(tp, tp + fn);
  const macroP = mean(themes.map((t) => t.precision));
  const macroR = mean(themes.map((t) => t.recall));
  const confusion = Object.fromEntries(SENTIMENTS.map((e) => [e, Object.fromEntries(SENTIMENTS.map((a) => [a, 0]))])) as TagAgreement["sentimentConfusion"];
  for (const { expected, actual } of pairs) confusion[expected.sentiment][actual.sentiment]++;
  const correct = pairs.filter((p) => p.expected.sentiment === p.actual.sentiment).length;
  return {
    comments: pairs.length,
    themes,
    micro: { precision: microP, recall: microR, f1: f1(microP, microR) },
    macro: { precision: macroP, recall: macroR, f1: f1(macroP, macroR) },
    sentimentAccuracy: ratio(correct, pairs.length),
    sentimentConfusion: confusion,
  };
}

/** The agreement as a plain-text table (for the measuring test's output and ADR 053). */
export function agreementTable(title: string, agreement: TagAgreement): string {
  const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
  const lines = [
    `${title} (${agreement.comments} comments)`,
    `| theme | support | precision | recall |`,
    `| --- | ---: | ---: | ---: |`,
    ...agreement.themes.map((t) => `| ${t.theme} | ${t.support} | ${pct(t.precision)} | ${pct(t.recall)} |`),
    `| micro | | ${pct(agreement.micro.precision)} | ${pct(agreement.micro.recall)} |`,
    `| macro | | ${pct(agreement.macro.precision)} | ${pct(agreement.macro.recall)} |`,
    `sentiment accuracy: ${pct(agreement.sentimentAccuracy)}`,
  ];
  return lines.join("\n");
}
