// Driver analysis (ADR 024): Johnson's relative weights of some predictors on a criterion, with a
// percentile bootstrap clustered by team. Pure: the rows come from the service, already suppressed.
import { addCrossProducts, clusterBootstrap, crossProducts, relativeWeightsFromCrossProducts, type CrossProducts, type RelativeWeightsProblem } from "./statistics";
import { formatInterval, formatPercent, formatStatistic } from "./format";
import { said } from "~/i18n/said";

/** Resamples and seed of every driver interval: the same data give the same figures on every run. */
export const DRIVER_BOOTSTRAP = { replicates: 1000, seed: 20240 } as const;
/** Fewest teams a driver analysis is computed over: a cluster bootstrap over fewer says little. */
export const DRIVER_MIN_TEAMS = 8;

/**
 * Fewest complete rows for `predictors` predictors: 30, ten per predictor, and never fewer than the
 * organisation's minimum reporting group.
 */
export function driverMinimumRows(predictors: number, minGroupSize = 0): number {
  return Math.max(30, 10 * predictors, minGroupSize);
}

export interface DriverRow {
  /** The team the row belongs to (the bootstrap's cluster). */
  cluster: string;
  predictors: ReadonlyArray<number | null>;
  criterion: number | null;
}

export interface DriverWeight {
  key: string;
  label: string;
  /** Share of R² (adds up to R² over the predictors). */
  raw: number;
  /** Share of what the predictors explain together, 0–1 (adds up to 1). */
  share: number;
  shareLow: number | null;
  shareHigh: number | null;
}

export type DriverAnalysis =
  | {
      ok: true;
      /** Ranked, largest share first. */
      weights: DriverWeight[];
      rSquared: number;
      rSquaredLow: number | null;
      rSquaredHigh: number | null;
      /** Complete rows (answers or team-periods) and the teams they come from. */
      n: number;
      teams: number;
      bootstrap: { replicates: number; used: number; seed: number };
    }
  | {
      ok: false;
      /** Why not, in English words; `said`, the same sentence said by key (ADR 057) for a page in the reader's language. */
      reason: string;
      said: string;
      /** The predictor that does not vary, when that is why (its label is in both sentences). */
      predictor?: { key: string; label: string };
      n: number;
      teams: number;
    };

const PROBLEM_WORDS: Record<RelativeWeightsProblem, string> = {
  "too-few-rows": "There are too few answers to weigh these questions against each other.",
  "constant-criterion": "Everyone gave the same answer to what is being explained, so nothing varies to explain.",
  "constant-predictor": "One of them does not vary at all, so it cannot be weighed.",
  collinear: "Some of them move in lockstep (one is fully predicted by the others), so what they explain cannot be shared out between them.",
};

/** PROBLEM_WORDS said by key; a predictor that does not vary is named when known. */
const problemSaid = (problem: RelativeWeightsProblem, label: string | null): string =>
  problem === "too-few-rows"
    ? said("drivers.why.tooFewRows")
    : problem === "constant-criterion"
      ? said("drivers.why.constantCriterion")
      : problem === "collinear"
        ? said("drivers.why.collinear")
        : label === null
          ? said("drivers.why.constantPredictor")
          : said("drivers.why.constantPredictorNamed", { label });

/**
 * Relative weights of the predictors on the criterion over the complete rows (every predictor and the
 * criterion present), with 95% percentile intervals from `DRIVER_BOOTSTRAP` resamples of whole teams.
 * Below `minRows` complete rows or `DRIVER_MIN_TEAMS` teams it says so in words instead of a number.
 */
export function driverAnalysis(input: {
  rows: readonly DriverRow[];
  predictors: ReadonlyArray<{ key: string; label: string }>;
  minRows: number;
  /** What a row is, in the plural, for the "not enough" sentence. */
  rowWords: "answers" | "team-periods";
  /** What a predictor is, in the singular ("question", the default, or "dimension"). */
  predictorNoun?: "question" | "dimension";
  bootstrap?: { replicates: number; seed: number };
}): DriverAnalysis {
  const p = input.predictors.length;
  const complete = input.rows.filter((r) => r.criterion !== null && r.predictors.length === p && r.predictors.every((v) => v !== null));
  const clusters = [...new Set(complete.map((r) => r.cluster))].sort();
  const n = complete.length;
  const teams = clusters.length;
  if (p === 0) return { ok: false, reason: "There is nothing to weigh: no questions with answers.", said: said("drivers.why.nothing"), n, teams };
  if (n < input.minRows || teams < DRIVER_MIN_TEAMS) {
    const noun = input.predictorNoun ?? "question";
    return {
      ok: false,
      reason: `Not enough ${input.rowWords} to say: ${n} complete ${input.rowWords} from ${teams} team${teams === 1 ? "" : "s"}; at least ${input.minRows} from ${DRIVER_MIN_TEAMS} teams are needed to weigh ${p} ${noun}${p === 1 ? "" : "s"}.`,
      said: said("drivers.why.notEnough", {
        rows: input.rowWords === "answers" ? "answers" : "teamPeriods",
        n,
        teams,
        min: input.minRows,
        minTeams: DRIVER_MIN_TEAMS,
        predictors: p,
        noun,
      }),
      n,
      teams,
    };
  }
  const width = p + 1;
  const index = new Map(clusters.map((c, i) => [c, i]));
  const byCluster: number[][][] = clusters.map(() => []);
  for (const r of complete) byCluster[index.get(r.cluster)!]!.push([...(r.predictors as number[]), r.criterion!]);
  const stats: CrossProducts[] = byCluster.map((rows) => crossProducts(rows, width));
  const whole = relativeWeightsFromCrossProducts(
    addCrossProducts(
      stats.map((s) => ({ stats: s, count: 1 })),
      width,
    ),
  );
  if (!whole.ok) {
    const predictor = whole.predictor !== null ? input.predictors[whole.predictor]! : null;
    const which = predictor ? ` ("${predictor.label}")` : "";
    return {
      ok: false,
      reason: PROBLEM_WORDS[whole.problem].replace("One of them", `One of them${which}`),
      said: problemSaid(whole.problem, predictor?.label ?? null),
      ...(predictor && whole.problem === "constant-predictor" ? { predictor: { key: predictor.key, label: predictor.label } } : {}),
      n,
      teams,
    };
  }
  const options = input.bootstrap ?? DRIVER_BOOTSTRAP;
  const boot = clusterBootstrap(
    clusters.length,
    p + 1,
    (counts) => {
      const result = relativeWeightsFromCrossProducts(
        addCrossProducts(
          stats.map((s, i) => ({ stats: s, count: counts[i]! })),
          width,
        ),
      );
      return result.ok ? [...result.rescaled, result.rSquared] : null;
    },
    { replicates: options.replicates, seed: options.seed },
  );
  const weights = input.predictors
    .map((pred, i) => ({ key: pred.key, label: pred.label, raw: whole.raw[i]!, share: whole.rescaled[i]!, shareLow: boot.low[i]!, shareHigh: boot.high[i]! }))
    .sort((a, b) => b.share - a.share || a.label.localeCompare(b.label));
  return {
    ok: true,
    weights,
    rSquared: whole.rSquared,
    rSquaredLow: boot.low[p]!,
    rSquaredHigh: boot.high[p]!,
    n,
    teams,
    bootstrap: { replicates: boot.replicates, used: boot.used, seed: boot.seed },
  };
}

const pct = formatPercent;

/**
 * The analysis in plain words: what the predictors explain together, which carries the most with its
 * interval, and that weights are shares, not causes.
 */
export function driverReading(analysis: DriverAnalysis, words: { predictors: string; criterion: string; rows: string }): string {
  if (!analysis.ok) return analysis.reason;
  const top = analysis.weights[0]!;
  const interval = top.shareLow !== null && top.shareHigh !== null ? ` (95% interval ${formatInterval(top.shareLow, top.shareHigh, formatPercent)})` : "";
  const r2 = `R² = ${formatStatistic(analysis.rSquared)}`;
  const lead =
    analysis.weights.length === 1
      ? `"${top.label}" explains ${pct(analysis.rSquared)} of the differences in ${words.criterion} (${r2}, ${analysis.n} ${words.rows} from ${analysis.teams} teams).`
      : `Of what these ${words.predictors} explain about ${words.criterion} together (${r2}, ${analysis.n} ${words.rows} from ${analysis.teams} teams), "${top.label}" carries the most: ${pct(top.share)}${interval}.`;
  return `${lead} Relative weights share out what the ${words.predictors} explain together; they are not causes.`;
}
