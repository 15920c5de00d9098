import { scaleLinear } from "@visx/scale";
import { useId } from "react";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { CATEGORICAL, CHART_TEXT, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

export interface DidChartRow {
  key: string;
  label: string;
  /** Mean change after − before of the trained teams, and of the comparison teams. */
  trained: number;
  comparison: number;
}

const DESIGN_W = 640;
const RIGHT = 24;
const TOP = 8;

/**
 * Before-to-after change per outcome: the trained teams' bar (solid) beside the comparison teams' bar
 * (striped, so the two differ without colour), both from zero. Narrow: each outcome's name above its bars.
 */
export function DidChart({ title, rows }: { title: string; rows: DidChartRow[] }) {
  const measure = useChartWidth(DESIGN_W);
  const f = useChartFormats();
  const { t } = f;
  // Pattern ids of their own, so that two of these charts on one page do not share one.
  const stripes = `did-stripes-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const W = measure.width;
  const compact = W < 520;
  const LABEL = compact ? 44 : 190;
  const ROW = compact ? 72 : 56;
  const BARS = compact ? 20 : 0;
  const height = TOP + rows.length * ROW + 24;
  const extent = Math.max(0.5, ...rows.flatMap((r) => [Math.abs(r.trained), Math.abs(r.comparison)])) * 1.15;
  const x = scaleLinear<number>({ domain: [-extent, extent], range: [LABEL, W - RIGHT] });
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={rows.map((r) => t("chart.did.row", { label: r.label, trained: f.scoreChange(r.trained), comparison: f.scoreChange(r.comparison) })).join(" ")}
      width={W}
      height={height}
      columns={[
        { key: "label", label: t("chart.did.col.outcome") },
        { key: "trained", label: t("chart.did.col.trained"), numeric: true },
        { key: "comparison", label: t("chart.did.col.comparison"), numeric: true },
      ]}
      rows={rows.map((r) => ({ label: r.label, trained: f.scoreChange(r.trained), comparison: f.scoreChange(r.comparison) }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "trained",
              swatch: (
                <svg width="14" height="14">
                  <rect x={1} y={1} width={12} height={12} fill={CATEGORICAL[0]} />
                </svg>
              ),
              label: t("chart.did.legendTrained"),
            },
            {
              key: "comparison",
              swatch: (
                <svg width="14" height="14">
                  <rect x={1} y={1} width={12} height={12} fill={`url(#${stripes}-legend)`} stroke={CATEGORICAL[1]} />
                  <defs>
                    <pattern id={`${stripes}-legend`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                      <rect width="6" height="6" fill="#fff" />
                      <line x1="0" y1="0" x2="0" y2="6" stroke={CATEGORICAL[1]} strokeWidth="3" />
                    </pattern>
                  </defs>
                </svg>
              ),
              label: t("chart.did.legendComparison"),
            },
          ]}
        />
      }
    >
      <defs>
        <pattern id={stripes} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={CATEGORICAL[1]} strokeWidth="3" />
        </pattern>
      </defs>
      <line x1={x(0)} x2={x(0)} y1={TOP - 4} y2={height - 20} stroke={COLOURS.inkMuted} />
      {rows.map((r, i) => {
        const y = TOP + i * ROW + BARS;
        const bar = (v: number, dy: number, fill: string) => (
          <rect x={Math.min(x(0), x(v))} y={y + dy} width={Math.max(1, Math.abs(x(v) - x(0)))} height={16} fill={fill} stroke={fill.startsWith("url") ? CATEGORICAL[1] : "none"} />
        );
        return (
          <g key={r.key}>
            {compact ? (
              <text x={8} y={y - 6} fontSize={CHART_TEXT.body} fontWeight={600} fill={COLOURS.ink}>
                {r.label}
              </text>
            ) : (
              <text x={LABEL - 10} y={y + 22} textAnchor="end" fontSize={CHART_TEXT.body} fill={COLOURS.ink}>
                {r.label}
              </text>
            )}
            {bar(r.trained, 4, CATEGORICAL[0]!)}
            {bar(r.comparison, 22, `url(#${stripes})`)}
            <text x={x(r.trained) + (r.trained >= 0 ? 6 : -6)} y={y + 16} textAnchor={r.trained >= 0 ? "start" : "end"} fontSize={CHART_TEXT.min} fill={COLOURS.ink}>
              {f.scoreChange(r.trained)}
            </text>
            <text x={x(r.comparison) + (r.comparison >= 0 ? 6 : -6)} y={y + 34} textAnchor={r.comparison >= 0 ? "start" : "end"} fontSize={CHART_TEXT.min} fill={COLOURS.ink}>
              {f.scoreChange(r.comparison)}
            </text>
          </g>
        );
      })}
      <text x={x(0)} y={height - 6} textAnchor="middle" fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {t("chart.did.noChange")}
      </text>
    </ChartFrame>
  );
}
