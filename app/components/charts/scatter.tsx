import { scaleLinear } from "@visx/scale";
import { Area, LinePath } from "@visx/shape";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { charsThatFit, distinctTicks, wrapLines } from "./text";
import { CATEGORICAL, CHART_TEXT, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

export interface ScatterPoint {
  id: string;
  label: string;
  x: number;
  y: number;
}

const DESIGN_W = 640;
const H = 360;
const M = { top: 16, right: 20, bottom: 48, left: 56 };

/**
 * Teams as points (culture on x, an outcome on y), with the regression line and its 95% band. On a narrow
 * screen: fewer ticks, and the axis titles wrap, rather than smaller text.
 */
export function ScatterChart({
  title,
  xLabel,
  yLabel,
  points,
  band,
  formatY: formatYGiven,
}: {
  title: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoint[];
  band: Array<{ x: number; fit: number; low: number; high: number }> | null;
  formatY?: (v: number) => string;
}) {
  const f = useChartFormats();
  const formatScore = (v: number) => f.score(v);
  const formatY = formatYGiven ?? ((v: number) => f.number(v));
  const measure = useChartWidth(DESIGN_W);
  const W = measure.width;
  const ticks = W < 480 ? 4 : 6;
  const xTitle = wrapLines(xLabel, charsThatFit(W - M.left - M.right, CHART_TEXT.min), 2);
  // The x axis's title may take two lines: the chart grows by one, the plot keeps its height.
  const HT = H + (xTitle.length - 1) * 15;
  const xs = points.map((p) => p.x);
  const ys = [...points.map((p) => p.y), ...(band ?? []).flatMap((b) => [b.low, b.high])];
  const pad = (lo: number, hi: number) => (hi - lo || 1) * 0.08;
  const xMin = Math.min(...xs),
    xMax = Math.max(...xs),
    yMin = Math.min(...ys),
    yMax = Math.max(...ys);
  const x = scaleLinear<number>({ domain: [xMin - pad(xMin, xMax), xMax + pad(xMin, xMax)], range: [M.left, W - M.right], nice: true });
  const y = scaleLinear<number>({ domain: [yMin - pad(yMin, yMax), yMax + pad(yMin, yMax)], range: [H - M.bottom, M.top], nice: true });
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={f.t(band ? "chart.scatter.descriptionWithBand" : "chart.scatter.description", { count: points.length, x: xLabel, y: yLabel })}
      width={W}
      height={HT}
      columns={[
        { key: "label", label: f.t("chart.scatter.col.team") },
        { key: "x", label: xLabel, numeric: true },
        { key: "y", label: yLabel, numeric: true },
      ]}
      rows={points.map((p) => ({ label: p.label, x: formatScore(p.x), y: formatY(p.y) }))}
      footer={
        <ChartLegend
          items={[
            {
              key: "team",
              swatch: (
                <svg width="14" height="14">
                  <circle cx={7} cy={7} r={5.5} fill={CATEGORICAL[1]} stroke={COLOURS.ink} strokeWidth={1} />
                </svg>
              ),
              label: f.t("chart.scatter.legendPoint"),
            },
            ...(band && band.length > 1
              ? [
                  {
                    key: "band",
                    swatch: (
                      <svg width="28" height="14">
                        <rect x={0} y={2} width={28} height={10} fill={CATEGORICAL[0]} fillOpacity={0.18} />
                        <line x1={0} x2={28} y1={7} y2={7} stroke={CATEGORICAL[0]} strokeWidth={2} />
                      </svg>
                    ),
                    label: f.t("chart.scatter.legendBand"),
                  },
                ]
              : []),
          ]}
        />
      }
    >
      <g fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {distinctTicks((n) => x.ticks(n), ticks, formatScore).map((t) => (
          <g key={`x${t}`}>
            <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke={COLOURS.grid} />
            <text x={x(t)} y={H - M.bottom + 16} textAnchor="middle">
              {formatScore(t)}
            </text>
          </g>
        ))}
        {distinctTicks((n) => y.ticks(n), ticks, formatY).map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke={COLOURS.grid} />
            <text x={M.left - 8} y={y(t) + 4} textAnchor="end">
              {formatY(t)}
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 8} textAnchor="middle" fill={COLOURS.ink}>
          {xTitle.map((line, i) => (
            <tspan key={i} x={(M.left + W - M.right) / 2} dy={i === 0 ? 0 : 15}>
              {line}
            </tspan>
          ))}
        </text>
        <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" fill={COLOURS.ink}>
          {wrapLines(yLabel, charsThatFit(H - M.top - M.bottom, CHART_TEXT.min), 1)[0]}
        </text>
      </g>
      {band && band.length > 1 ? (
        <g>
          <Area data={band} x={(b) => x(b.x)} y0={(b) => y(b.low)} y1={(b) => y(b.high)} fill={CATEGORICAL[0]} fillOpacity={0.15} />
          <LinePath data={band} x={(b) => x(b.x)} y={(b) => y(b.fit)} stroke={CATEGORICAL[0]} strokeWidth={2} />
        </g>
      ) : null}
      {points.map((p) => (
        <g key={p.id}>
          <title>{f.t("chart.scatter.point", { label: p.label, x: xLabel, xValue: formatScore(p.x), y: yLabel, yValue: formatY(p.y) })}</title>
          <circle cx={x(p.x)} cy={y(p.y)} r={5.5} fill={CATEGORICAL[1]} stroke={COLOURS.ink} strokeWidth={1} />
        </g>
      ))}
    </ChartFrame>
  );
}
