import { scaleLinear } from "@visx/scale";
import { ChartFrame, ChartLegend, useChartWidth, WHISKER_LEGEND } from "./chart-frame";
import { divergingColours, divergingStep } from "./palette";
import { charsThatFit, wrapLines } from "./text";
import { CHART_TEXT, COLOURS, DIVERGING } from "./tokens";
import { useChartFormats } from "./formats";

export interface ScoreBarRow {
  key: string;
  label: string;
  higherIsBetter: boolean;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number | null;
  change: number | null;
  hidden: string | null;
}

/** Bars from the results engine's dimension scores (team page, rep home). */
export function dimensionBars(
  dimensions: ReadonlyArray<{
    key: string;
    name: string;
    higherIsBetter: boolean;
    score: { mean: number | null; ciLow: number | null; ciHigh: number | null; n: number | null; hidden: string | null };
    change: { diff: number } | null;
  }>,
): ScoreBarRow[] {
  return dimensions.map((d) => ({
    key: d.key,
    label: d.name,
    higherIsBetter: d.higherIsBetter,
    mean: d.score.mean,
    ciLow: d.score.ciLow,
    ciHigh: d.score.ciHigh,
    n: d.score.n,
    change: d.change?.diff ?? null,
    hidden: d.score.hidden,
  }));
}

const DESIGN_W = 640;
const TOP = 10;
/** Bars are coloured by how far their score is from the scale's middle, on its better or worse side, in steps of STEP points. */
const MIDPOINT = 4;
const STEP = 0.6;

/**
 * Scores per dimension as bars on the 1–7 scale with their 95% interval; hidden rows say so in words.
 * Wide: labels left of the bars. Narrow (a phone): each label and its direction above its bar.
 */
export function ScoreBars({ title, rows }: { title: string; rows: ScoreBarRow[] }) {
  const measure = useChartWidth(DESIGN_W);
  const W = measure.width;
  const compact = W < 520;
  const LABEL = compact ? 8 : 200;
  const RIGHT = compact ? 96 : 120;
  const ROW = compact ? 72 : 44;
  const height = TOP + rows.length * ROW + 26;
  const x = scaleLinear<number>({ domain: [1, 7], range: [LABEL, W - RIGHT] });
  const f = useChartFormats();
  const { t, dimensionDirection } = f;
  const describe = (r: ScoreBarRow) =>
    r.hidden || r.mean === null
      ? t("chart.scoreBars.hiddenRow", { label: r.label, reason: f.hiddenReason(r.hidden) })
      : r.change !== null
        ? t("chart.scoreBars.rowWithChange", {
            label: r.label,
            direction: dimensionDirection(r.higherIsBetter),
            score: f.score(r.mean),
            interval: f.interval(r.ciLow, r.ciHigh),
            n: f.count(r.n),
            change: f.scoreChange(r.change),
          })
        : t("chart.scoreBars.row", {
            label: r.label,
            direction: dimensionDirection(r.higherIsBetter),
            score: f.score(r.mean),
            interval: f.interval(r.ciLow, r.ciHigh),
            n: f.count(r.n),
          });
  const hiddenLines = (r: ScoreBarRow) => wrapLines(t("chart.scoreBars.hiddenBar", { reason: f.hiddenReason(r.hidden) }), charsThatFit(W - LABEL - 16, CHART_TEXT.min), 2);
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.scoreBars.description", { rows: rows.map(describe).join(". ") })}
      width={W}
      height={height}
      columns={[
        { key: "label", label: t("chart.col.dimension") },
        { key: "direction", label: t("chart.col.direction") },
        { key: "mean", label: t("chart.col.score"), numeric: true },
        { key: "interval", label: t("chart.col.interval"), numeric: true },
        { key: "n", label: t("chart.col.answers"), numeric: true },
        { key: "change", label: t("chart.col.changeSinceLastWave"), numeric: true },
      ]}
      rows={rows.map((r) => ({
        label: r.label,
        direction: dimensionDirection(r.higherIsBetter),
        mean: r.hidden ? f.hidden : f.score(r.mean),
        interval: f.interval(r.ciLow, r.ciHigh),
        n: r.n === null ? null : f.count(r.n),
        change: f.scoreChange(r.change),
      }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "bar",
              swatch: (
                <svg width="28" height="14">
                  <rect x={0} y={2} width={13} height={10} fill={DIVERGING[1]} />
                  <rect x={15} y={2} width={13} height={10} fill={DIVERGING[5]} />
                </svg>
              ),
              label: t("chart.scoreBars.barLegend", { middle: MIDPOINT }),
            },
            WHISKER_LEGEND,
          ]}
        />
      }
    >
      <g fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {[1, 2, 3, 4, 5, 6, 7].map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={TOP} y2={height - 22} stroke={COLOURS.grid} />
            <text x={x(tick)} y={height - 8} textAnchor="middle">
              {tick}
            </text>
          </g>
        ))}
      </g>
      {rows.map((r, i) => {
        const y = TOP + i * ROW;
        const mid = compact ? y + 52 : y + ROW / 2;
        const label = compact ? r.label : r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label;
        const colours = r.mean === null ? null : divergingColours(divergingStep(r.mean, MIDPOINT, r.higherIsBetter, STEP));
        return (
          <g key={r.key}>
            <title>{describe(r)}</title>
            {compact ? (
              <>
                <text x={LABEL} y={y + 14} fontSize={CHART_TEXT.body} fontWeight={600} fill={COLOURS.ink}>
                  {label}
                </text>
                <text x={LABEL} y={y + 30} fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
                  {dimensionDirection(r.higherIsBetter)}
                </text>
              </>
            ) : (
              <>
                <text x={LABEL - 10} y={mid - 2} textAnchor="end" fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
                  {label}
                </text>
                <text x={LABEL - 10} y={mid + 12} textAnchor="end" fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
                  {dimensionDirection(r.higherIsBetter)}
                </text>
              </>
            )}
            {r.hidden || r.mean === null ? (
              <text x={LABEL + 8} y={mid + 4 - (hiddenLines(r).length - 1) * 7} fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted} fontStyle="italic">
                {hiddenLines(r).map((line, j) => (
                  <tspan key={j} x={LABEL + 8} dy={j === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
            ) : (
              <>
                <rect x={x(1)} y={mid - 9} width={Math.max(1, x(r.mean) - x(1))} height={18} fill={colours!.fill} stroke={COLOURS.inkMuted} strokeWidth={0.5} />
                {r.ciLow !== null && r.ciHigh !== null ? (
                  <g stroke={COLOURS.ink} strokeWidth={1.5}>
                    <line x1={x(r.ciLow)} x2={x(r.ciHigh)} y1={mid} y2={mid} />
                    <line x1={x(r.ciLow)} x2={x(r.ciLow)} y1={mid - 5} y2={mid + 5} />
                    <line x1={x(r.ciHigh)} x2={x(r.ciHigh)} y1={mid - 5} y2={mid + 5} />
                  </g>
                ) : null}
                <text x={W - RIGHT + 8} y={mid + 4} fontSize={CHART_TEXT.min} fill={COLOURS.ink}>
                  {f.score(r.mean)}
                  {r.change !== null ? ` (${f.scoreChange(r.change)})` : ""}
                </text>
              </>
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
