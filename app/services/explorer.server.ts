import { z } from "zod";
import type { AppContext } from "~/context.server";
import { type SessionUser } from "~/auth/guards.server";
import { ForbiddenError } from "~/domain/errors";
import { dimensionDirection } from "~/domain/reading";
import { correlationsWithReasons, shiftPeriod, TEAM_LEVEL_WORDS, type CorrelationReasons, type CorrelationRow } from "~/domain/culture-outcomes";
import { clusteredBand, clusteredSlopeTest } from "~/domain/statistics";
import { said } from "~/i18n/said";
import { loadCultureAndOutcomes, METRIC_KEYS, METRIC_LABELS, type MetricKey } from "./results-report.server";

const PERIOD_LABELS = { quarter: "Calendar quarters", month: "Months", "fiscal-quarter": "Fiscal quarters" } as const;

export const explorerQuerySchema = z.object({
  dimension: z.string().max(100).optional(),
  metric: z.enum(METRIC_KEYS).catch("winRate"),
  lag: z.coerce.number().int().min(0).max(3).catch(1),
  period: z.enum(["quarter", "month", "fiscal-quarter"]).catch("quarter"),
});
export type ExplorerQuery = z.infer<typeof explorerQuerySchema>;

export interface ExplorerView {
  dimensions: Array<{ key: string; name: string; higherIsBetter: boolean }>;
  metrics: Array<{ key: MetricKey; label: string }>;
  periods: Array<{ key: keyof typeof PERIOD_LABELS; label: string }>;
  selection: { dimension: string; metric: MetricKey; lag: number; period: keyof typeof PERIOD_LABELS };
  /** dimensionAxis: the name with the scale and its direction, "Forecast-honesty pressure (1–7, higher is worse)". */
  labels: { dimension: string; dimensionAxis: string; metric: string };
  points: Array<{ id: string; label: string; x: number; y: number }>;
  band: Array<{ x: number; fit: number; low: number; high: number }> | null;
  result: CorrelationRow | null;
  /** Where the result's readings say a part could not be computed, why, said (for the page's language). */
  reasons: CorrelationReasons | null;
  /** How many tests the BH adjustment is over: every dimension × metric × lag the explorer offers. */
  familySize: number;
  /** Why there is nothing to show, in plain words (null when there is). */
  empty: string | null;
  teamLevel: string;
}

/**
 * The culture ↔ outcome explorer: for a dimension, a CRM metric and a lag, every shown leaf team-period
 * as a point (score in period t, metric in t + lag), the least-squares line with its team-clustered 95%
 * band, the between-team and within-team readings, and the pooled slope's team-clustered p adjusted by BH
 * over every dimension × metric × lag (0–3) the explorer offers — the family a person browsing it is
 * effectively testing. For enablement and admins.
 */
export async function getExplorer(app: AppContext, user: SessionUser, query: ExplorerQuery): Promise<ExplorerView> {
  if (user.role !== "enablement" && user.role !== "admin") throw new ForbiddenError(said("explorer.forbidden"));
  const data = await loadCultureAndOutcomes(app, user.organisationId, query.period, { reliability: false });
  const dimensions = data.dimensions.filter((d) => data.scores.some((s) => s.dimension === d.key)).map((d) => ({ key: d.key, name: d.name, higherIsBetter: d.higherIsBetter }));
  const dimension = dimensions.find((d) => d.key === query.dimension) ?? dimensions[0];
  const base = {
    dimensions,
    metrics: METRIC_KEYS.map((key) => ({ key, label: METRIC_LABELS[key] })),
    periods: (Object.keys(PERIOD_LABELS) as Array<keyof typeof PERIOD_LABELS>).map((key) => ({ key, label: PERIOD_LABELS[key] })),
    selection: { dimension: dimension?.key ?? "", metric: query.metric, lag: query.lag, period: query.period },
    labels: {
      dimension: dimension?.name ?? "",
      dimensionAxis: dimension ? `${dimension.name} (1–7, ${dimensionDirection(dimension.higherIsBetter)})` : "",
      metric: METRIC_LABELS[query.metric],
    },
    teamLevel: TEAM_LEVEL_WORDS,
  };
  if (!dimension)
    return {
      ...base,
      points: [],
      band: null,
      result: null,
      reasons: null,
      familySize: 0,
      empty: said("explorer.empty.noWave"),
    };
  if (data.crm.rows.length === 0) return { ...base, points: [], band: null, result: null, reasons: null, familySize: 0, empty: said("explorer.empty.noCrm") };

  const rows = correlationsWithReasons({
    scores: data.leafScores,
    metrics: data.crm.rows,
    metricKeys: METRIC_KEYS,
    dimensions: dimensions.map((d) => d.key),
    lags: [0, 1, 2, 3],
    kind: query.period,
    names: { dimensions: Object.fromEntries(dimensions.map((d) => [d.key, d.name])), metrics: METRIC_LABELS },
    teamOrder: data.names,
    // The family's p for BH, but the full readings only for the row on screen.
    detail: (row) => row.dimension === dimension.key && row.metric === query.metric && row.lag === query.lag && row.scope === "pooled",
  });
  const shown = rows.find(({ row: r }) => r.dimension === dimension.key && r.metric === query.metric && r.lag === query.lag && r.scope === "pooled") ?? null;
  const result = shown?.row ?? null;
  const metricsByKey = new Map(data.crm.rows.map((m) => [`${m.team}\u0000${m.period}`, m]));
  const points = data.leafScores
    .filter((s) => s.dimension === dimension.key && !s.suppressed && s.mean !== null)
    .flatMap((s) => {
      const value = metricsByKey.get(`${s.team}\u0000${shiftPeriod(s.period, query.period, query.lag)}`)?.[query.metric];
      return typeof value === "number" && Number.isFinite(value)
        ? [{ id: `${s.team}:${s.period}`, team: s.team, label: `${data.names.get(s.team) ?? s.team}, ${s.period}`, x: s.mean!, y: value }]
        : [];
    });
  let band: ExplorerView["band"] = null;
  if (result && result.p !== null) {
    // The line with its team-clustered band: the same CR2 fit as the verdict's p, not one that counts a team's quarters as independent.
    const fit = clusteredSlopeTest(
      points.map((p) => p.team),
      points.map((p) => p.x),
      points.map((p) => p.y),
    );
    if (!("notEnough" in fit)) {
      const lo = Math.min(...points.map((p) => p.x));
      const hi = Math.max(...points.map((p) => p.x));
      const at = Array.from({ length: 25 }, (_, i) => lo + ((hi - lo) * i) / 24);
      band = clusteredBand(fit, at).map((b) => ({ x: b.x, fit: b.y, low: b.low, high: b.high }));
    }
  }
  const empty = points.length === 0 ? said("explorer.empty.noPoints") : points.length < 4 ? said("explorer.empty.fewPoints", { count: points.length }) : null;
  return {
    ...base,
    points: points.map(({ id, label, x, y }) => ({ id, label, x, y })),
    band,
    result,
    reasons: shown?.reasons ?? null,
    familySize: rows.filter((r) => r.row.p !== null).length,
    empty,
  };
}
