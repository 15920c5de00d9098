import { scaleLinear, scalePoint } from "@visx/scale";
import { Area, LinePath } from "@visx/shape";
import { ChartFrame, ChartLegend, useChartWidth } from "./chart-frame";
import { axisDateLines } from "./text";
import { CATEGORICAL, CHART_TEXT, COLOURS } from "./tokens";
import { useChartFormats } from "./formats";

export interface TrendSeries {
  key: string;
  label: string;
  /** One point per wave (period: its start date, ISO); null where the wave's result is hidden or missing. */
  points: Array<{ period: string; mean: number | null; ciLow: number | null; ciHigh: number | null }>;
}

const DESIGN_W = 640;
const H = 260;
const M = { top: 16, right: 16, bottom: 40, left: 36 };
/** Room an axis label ("13 Aug" over "2026") needs, at the charts' smallest text. */
const PERIOD_LABEL_W = 52;
/** Half a label's drawn width: an end label is moved in by as much as it would run off the chart. */
const PERIOD_LABEL_HALF = 24;
const MARKERS = ["circle", "square", "triangle", "diamond"] as const;

function Marker({ kind, x, y, colour }: { kind: (typeof MARKERS)[number]; x: number; y: number; colour: string }) {
  if (kind === "square") return <rect x={x - 4.5} y={y - 4.5} width={9} height={9} fill={colour} />;
  if (kind === "triangle") return <polygon points={`${x},${y - 6} ${x - 5.5},${y + 4} ${x + 5.5},${y + 4}`} fill={colour} />;
  if (kind === "diamond") return <rect x={x - 4} y={y - 4} width={8} height={8} fill={colour} transform={`rotate(45 ${x} ${y})`} />;
  return <circle cx={x} cy={y} r={4.5} fill={colour} />;
}

/**
 * Scores over the waves, one line per series with its 95% interval as a band; markers differ by series.
 * On a narrow screen the axis labels every second (third, …) wave rather than shrinking its text.
 */
export function TrendChart({ title, series, yLabel: givenYLabel }: { title: string; series: TrendSeries[]; yLabel?: string }) {
  const f = useChartFormats();
  const { t } = f;
  const yLabel = givenYLabel ?? t("chart.trend.yLabel");
  const measure = useChartWidth(DESIGN_W);
  const W = measure.width;
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort();
  const x = scalePoint<string>({ domain: periods, range: [M.left + 10, W - M.right - 10] });
  const y = scaleLinear<number>({ domain: [1, 7], range: [H - M.bottom, M.top] });
  const fmt = (v: number | null) => (v === null ? f.hidden : f.score(v));
  const every = Math.max(1, Math.ceil((periods.length * PERIOD_LABEL_W) / (W - M.left - M.right)));
  const labelled = periods.filter((_, i) => (periods.length - 1 - i) % every === 0);
  return (
    <ChartFrame
      measure={measure}
      title={title}
      description={t("chart.trend.description", {
        measure: yLabel,
        series: series
          .map((s) => t("chart.trend.series", { label: s.label, points: s.points.map((p) => t("chart.trend.point", { date: f.date(p.period), value: fmt(p.mean) })).join(", ") }))
          .join(" "),
      })}
      width={W}
      height={H}
      columns={[{ key: "period", label: t("chart.col.wave") }, ...series.map((s) => ({ key: s.key, label: s.label, numeric: true }))]}
      rows={periods.map((period) => ({
        period: f.date(period),
        ...Object.fromEntries(
          series.map((s) => {
            const p = s.points.find((q) => q.period === period);
            return [s.key, p?.mean === null || p?.mean === undefined ? f.hidden : t("chart.trend.cell", { score: f.score(p.mean), interval: f.interval(p.ciLow, p.ciHigh) })];
          }),
        ),
      }))}
      footer={
        <ChartLegend
          items={[
            ...series.map((s, i) => ({
              key: s.key,
              swatch: (
                <svg width="14" height="14">
                  <Marker kind={MARKERS[i % MARKERS.length]!} x={7} y={7} colour={CATEGORICAL[i % CATEGORICAL.length]!} />
                </svg>
              ),
              label: s.label,
            })),
            {
              key: "band",
              swatch: (
                <svg width="28" height="14">
                  <rect x={0} y={2} width={28} height={10} fill={CATEGORICAL[0]} fillOpacity={0.18} />
                  <line x1={0} x2={28} y1={7} y2={7} stroke={CATEGORICAL[0]} strokeWidth={2} />
                </svg>
              ),
              label: t("chart.trend.bandLegend"),
            },
          ]}
        />
      }
    >
      <g fontSize={CHART_TEXT.min} fill={COLOURS.inkMuted}>
        {[1, 2, 3, 4, 5, 6, 7].map((tick) => (
          <g key={tick}>
            <line x1={M.left} x2={W - M.right} y1={y(tick)} y2={y(tick)} stroke={COLOURS.grid} />
            <text x={M.left - 8} y={y(tick) + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        ))}
        {labelled.map((period) => {
          const lx = Math.min(Math.max(x(period) ?? 0, PERIOD_LABEL_HALF), W - PERIOD_LABEL_HALF);
          return (
            <text key={period} x={lx} y={H - M.bottom + 18} textAnchor="middle">
              {axisDateLines(period, f.locale).map((line, i) => (
                <tspan key={i} x={lx} dy={i === 0 ? 0 : 14}>
                  {line}
                </tspan>
              ))}
            </text>
          );
        })}
      </g>
      {series.map((s, i) => {
        const colour = CATEGORICAL[i % CATEGORICAL.length]!;
        const shown = s.points.filter((p) => p.mean !== null);
        const banded = shown.filter((p) => p.ciLow !== null && p.ciHigh !== null);
        return (
          <g key={s.key}>
            {banded.length > 1 ? <Area data={banded} x={(p) => x(p.period) ?? 0} y0={(p) => y(p.ciLow!)} y1={(p) => y(p.ciHigh!)} fill={colour} fillOpacity={0.12} /> : null}
            <LinePath data={shown} x={(p) => x(p.period) ?? 0} y={(p) => y(p.mean!)} stroke={colour} strokeWidth={2} />
            {shown.map((p) => (
              <g key={p.period}>
                <title>{t("chart.trend.marker", { label: s.label, date: f.date(p.period), value: fmt(p.mean), interval: f.interval(p.ciLow, p.ciHigh) })}</title>
                <Marker kind={MARKERS[i % MARKERS.length]!} x={x(p.period) ?? 0} y={y(p.mean!)} colour={colour} />
              </g>
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
